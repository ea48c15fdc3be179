import { publishBody } from './helpers/events.js';
import { signIn } from './helpers/sessions.js';
import { startTestApp, TestApp } from './helpers/test-app.js';

describe('Places of published events in the offline place search', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { SESSION_SECRET: 'places' } });
    const organizer = await signIn(t, 'o-places');
    for (const [code, location] of [
      ['东湖一', '东湖风景区'],
      ['东湖二', '东湖风景区'],
      ['百分百', '100%桌游吧'],
    ]) {
      await t.post(
        '/api/v1/event/publish',
        publishBody({ code, location, mediaids: [] }),
        organizer,
      );
    }
  });

  afterAll(async () => {
    await t.close();
  });

  it('should offer the place of a published event in its city, once', async () => {
    const { body } = await t.post('/api/v1/place/query', { query: '东湖', region: '武汉' });

    const fromEvents = body.result.items.filter((item: { provider_id: string }) =>
      item.provider_id.startsWith('event:'),
    );
    expect(fromEvents).toHaveLength(1);
    expect(fromEvents[0]).toMatchObject({
      name: '东湖风景区',
      address: '湖北省武汉市武昌区',
      latitude: 30.575504,
      longitude: 114.379627,
    });
  });

  it('should not offer it in a far city', async () => {
    const { body } = await t.post('/api/v1/place/query', { query: '东湖', region: '北京' });

    expect(body.result.items.map((item: { name: string }) => item.name)).not.toContain(
      '东湖风景区',
    );
  });

  it('should take LIKE wildcards in a query literally', async () => {
    const percent = await t.post('/api/v1/place/query', { query: '100%', region: '武汉' });
    const wildcard = await t.post('/api/v1/place/query', { query: '%', region: '武汉' });

    expect(percent.body.result.items[0]?.name).toBe('100%桌游吧');
    expect(wildcard.body.result.items.map((item: { name: string }) => item.name)).toEqual([
      '100%桌游吧',
    ]);
  });
});
