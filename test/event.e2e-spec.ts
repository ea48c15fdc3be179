import { DataSource } from 'typeorm';

import { EventEntity } from '#src/event/event.entity.js';
import { EventRepository } from '#src/event/event.repository.js';
import { EventSearchService } from '#src/event/event-search.service.js';
import { publishBody, inDays } from './helpers/events.js';
import { signIn } from './helpers/sessions.js';
import { startTestApp, TestApp } from './helpers/test-app.js';
import { FakeWechat } from './fake-wechat/fake-wechat.js';

describe('Events (event/…)', () => {
  let t: TestApp;
  let fake: FakeWechat;
  let alice: Record<string, string>;
  let bob: Record<string, string>;

  beforeAll(async () => {
    fake = await FakeWechat.start();
    t = await startTestApp({ env: { ...fake.env(), SESSION_SECRET: 'event-tests' } });
    alice = await signIn(t, 'o-alice', { nickname: '爱丽丝🌸', city: '武汉' });
    bob = await signIn(t, 'o-bob', { nickname: 'Bob' });
  });

  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  describe('publish', () => {
    it('should require a session', async () => {
      const { status, body } = await t.post('/api/v1/event/publish', publishBody());

      expect(status).toBe(401);
      expect(body).toEqual({
        status: -1,
        msg: 'Sign in first: send Authorization: Bearer <token> from wx-web/user/get',
        code: 'SESSION_REQUIRED',
      });
    });

    it('should refuse a tampered session', async () => {
      const tampered = { authorization: `${alice.authorization.slice(0, -2)}xx` };

      const { status, body } = await t.post('/api/v1/event/publish', publishBody(), tampered);

      expect(status).toBe(401);
      expect(body).toEqual({
        status: -1,
        msg: 'Session is not valid; sign in again',
        code: 'SESSION_INVALID',
      });
    });

    it('should publish the SPEC body as the signed-in organizer', async () => {
      const time = inDays(3);
      const { status, body } = await t.post(
        '/api/v1/event/publish',
        publishBody({ time, organizerid: 'o-alice' }),
        alice,
      );

      expect(status).toBe(200);
      expect(body.result).toMatchObject({
        code: '大王派我来巡山',
        title: '东湖绿道徒步',
        time,
        aacost: 68,
        tag: '户外',
        expectsignups: 4,
        agerange: 3,
        city: '武汉',
        latitude: 30.575504,
        longitude: 114.379627,
        status: 'published',
        finished: false,
        organizer: { openid: 'o-alice', nickname: '爱丽丝🌸' },
        images: [],
        seats_left: 4,
      });
    });

    it('should refuse a code taken already, whatever its letter case', async () => {
      await t.post('/api/v1/event/publish', publishBody({ code: 'Hike2026' }), alice);

      const { status, body } = await t.post(
        '/api/v1/event/publish',
        publishBody({ code: ' hIKE2026 ' }),
        bob,
      );

      expect(status).toBe(409);
      expect(body).toEqual({
        status: -1,
        msg: 'The code "hIKE2026" is taken; choose another',
        code: 'EVENT_CODE_TAKEN',
      });
    });

    it('should refuse publishing for someone else', async () => {
      const { status, body } = await t.post(
        '/api/v1/event/publish',
        publishBody({ code: '冒名顶替', organizerid: 'o-alice' }),
        bob,
      );

      expect(status).toBe(403);
      expect(body).toEqual({
        status: -1,
        msg: 'organizerid is not the signed-in user; you can only act as yourself',
        code: 'NOT_YOURS',
      });
    });

    it.each([
      [{ code: '' }, 'code must be 1 to 32 characters', 'EVENT_INVALID'],
      [{ code: '一'.repeat(33) }, 'code must be 1 to 32 characters', 'EVENT_INVALID'],
      [
        { code: '#巡山' },
        'code must not start with a command character (# ＃ ? ？ $ ￥ ¥ ＄)',
        'EVENT_INVALID',
      ],
      [
        { code: '￥红包' },
        'code must not start with a command character (# ＃ ? ？ $ ￥ ¥ ＄)',
        'EVENT_INVALID',
      ],
      [{ code: 'a\u0001b' }, 'code must not contain control characters', 'EVENT_INVALID'],
      [{ code: 42 }, 'code must be a string', 'VALIDATION_FAILED'],
      [
        { time: '2030/01/01 10:00' },
        'time must be "YYYY-MM-DD HH:mm:ss" (Asia/Shanghai)',
        'VALIDATION_FAILED',
      ],
      [
        { time: '2030-02-30 10:00:00' },
        'time is not a real date; use "YYYY-MM-DD HH:mm:ss" (Asia/Shanghai)',
        'EVENT_INVALID',
      ],
      [{ time: '2020-01-01 10:00:00' }, 'time must be in the future', 'EVENT_INVALID'],
      [{ longitude: undefined }, 'latitude and longitude must be given together', 'EVENT_INVALID'],
      [{ latitude: '91' }, 'latitude must be a number from -90 to 90', 'VALIDATION_FAILED'],
      [{ longitude: 'east' }, 'longitude must be a number from -180 to 180', 'VALIDATION_FAILED'],
      [{ aacost: -1 }, 'aacost must be 0 or more', 'VALIDATION_FAILED'],
      [
        { aacost: 'free' },
        'aacost must be a number of yuan with at most 2 decimals',
        'VALIDATION_FAILED',
      ],
      [{ expectsignups: 0 }, 'expectsignups must be from 1 to 1000', 'VALIDATION_FAILED'],
      [{ expectsignups: 1001 }, 'expectsignups must be from 1 to 1000', 'VALIDATION_FAILED'],
      [{ expectsignups: 2.5 }, 'expectsignups must be a whole number', 'VALIDATION_FAILED'],
      [
        { mediaids: Array.from({ length: 10 }, (_, i) => `m${i}`) },
        'mediaids must have at most 9 images',
        'VALIDATION_FAILED',
      ],
      [{ title: '' }, 'title must be 1 to 200 characters', 'VALIDATION_FAILED'],
      [{ tag: '' }, 'tag must be 1 to 10 characters', 'VALIDATION_FAILED'],
      [{ createdAt: 'now' }, 'Unknown field: createdAt', 'UNKNOWN_FIELD'],
    ])('should refuse %j with its reason', async (change, msg, code) => {
      const body = publishBody({ code: `校验${Math.random()}`.slice(0, 12), ...change });

      const response = await t.post('/api/v1/event/publish', body, alice);

      expect(response.status).toBe(400);
      expect(response.body).toEqual({ status: -1, msg, code });
    });
  });

  describe('list', () => {
    let lister: TestApp;

    beforeAll(async () => {
      lister = await startTestApp({ env: { SESSION_SECRET: 'event-tests' } });
      const organizer = await signIn(lister, 'o-lister');
      const plan: [string, number, string, string][] = [
        ['later', 9, '户外', '湖北省武汉市洪山区'],
        ['soon', 1, '桌游', '湖北省武汉市江汉区'],
        ['middle', 5, '户外', '四川省成都市武侯区'],
        ...Array.from(
          { length: 57 },
          (_, i) =>
            [`bulk${i}`, 20 + i, '撸串', '北京市朝阳区'] as [string, number, string, string],
        ),
      ];
      for (const [code, days, tag, address] of plan) {
        const response = await lister.post(
          '/api/v1/event/publish',
          publishBody({ code, time: inDays(days), tag, address, mediaids: [] }),
          organizer,
        );
        expect(response.status).toBe(200);
      }
    });

    afterAll(async () => {
      await lister.close();
    });

    it('should answer {} with page 1 of 4, soonest first, and the total', async () => {
      const { body } = await lister.post('/api/v1/event/list', {});

      expect(body.result.page_number).toBe(1);
      expect(body.result.items_per_page).toBe(4);
      expect(body.result.total).toBe(60);
      expect(body.result.items.map((e: { code: string }) => e.code)).toEqual([
        'soon',
        'middle',
        'later',
        'bulk0',
      ]);
    });

    it('should answer an empty body like {}', async () => {
      const { body } = await lister.post('/api/v1/event/list');

      expect(body.result.items).toHaveLength(4);
    });

    it('should clamp items_per_page to 50', async () => {
      const { body } = await lister.post('/api/v1/event/list', { items_per_page: 500 });

      expect(body.result.items_per_page).toBe(50);
      expect(body.result.items).toHaveLength(50);
    });

    it('should page on', async () => {
      const { body } = await lister.post('/api/v1/event/list', {
        page_number: 2,
        items_per_page: 8,
      });

      expect(body.result.items[0].code).toBe('bulk5');
    });

    it('should refuse page_number 0', async () => {
      const { status, body } = await lister.post('/api/v1/event/list', { page_number: 0 });

      expect(status).toBe(400);
      expect(body).toEqual({
        status: -1,
        msg: 'page_number must be a whole number from 1',
        code: 'VALIDATION_FAILED',
      });
    });

    it('should filter by city and by tag', async () => {
      const byCity = await lister.post('/api/v1/event/list', { city: '武汉市' });
      const byTag = await lister.post('/api/v1/event/list', { tag: '户外' });

      expect(byCity.body.result.items.map((e: { code: string }) => e.code)).toEqual([
        'soon',
        'later',
      ]);
      expect(byTag.body.result.total).toBe(2);
    });

    it('should filter by distance from a point', async () => {
      const near = await lister.post('/api/v1/event/list', {
        latitude: 30.58,
        longitude: 114.38,
        radius_km: 2,
      });
      const far = await lister.post('/api/v1/event/list', {
        latitude: 39.9,
        longitude: 116.4,
        radius_km: 2,
      });

      expect(near.body.result.total).toBe(60);
      expect(far.body.result.total).toBe(0);
    });
  });

  describe('get', () => {
    it('should answer an unknown code with 404', async () => {
      const { status, body } = await t.post('/api/v1/event/get', { code: '不存在' });

      expect(status).toBe(404);
      expect(body).toEqual({
        status: -1,
        msg: 'No event has the code "不存在"',
        code: 'EVENT_NOT_FOUND',
      });
    });

    it('should show the event to a guest without the viewer fields', async () => {
      const { body } = await t.post('/api/v1/event/get', { code: '大王派我来巡山' });

      expect(body.result).toMatchObject({ code: '大王派我来巡山', star_count: 0 });
      expect(body.result).not.toHaveProperty('starred');
    });
  });

  describe('star and unstar', () => {
    it('should require a session', async () => {
      const { status, body } = await t.post('/api/v1/event/star', { code: '大王派我来巡山' });

      expect(status).toBe(401);
      expect(body.code).toBe('SESSION_REQUIRED');
    });

    it('should keep one star however often a user stars', async () => {
      await t.post('/api/v1/event/star', { code: '大王派我来巡山' }, bob);
      await Promise.all([
        t.post('/api/v1/event/star', { code: '大王派我来巡山', openid: 'o-bob' }, bob),
        t.post('/api/v1/event/star', { code: '大王派我来巡山' }, bob),
      ]);

      const { body } = await t.post('/api/v1/event/get', { code: '大王派我来巡山' }, bob);

      expect(body.result).toMatchObject({ star_count: 1, starred: true, joined: false });
    });

    it('should let unstarring a non-starred event pass', async () => {
      await t.post('/api/v1/event/unstar', { code: '大王派我来巡山' }, bob);
      const again = await t.post('/api/v1/event/unstar', { code: '大王派我来巡山' }, bob);

      const { body } = await t.post('/api/v1/event/get', { code: '大王派我来巡山' }, bob);

      expect(again.body).toEqual({ status: 1, msg: 'ok', result: { starred: false } });
      expect(body.result).toMatchObject({ star_count: 0, starred: false });
    });

    it('should refuse starring as someone else', async () => {
      const { status, body } = await t.post(
        '/api/v1/event/star',
        { code: '大王派我来巡山', openid: 'o-alice' },
        bob,
      );

      expect(status).toBe(403);
      expect(body.code).toBe('NOT_YOURS');
    });
  });

  describe('search', () => {
    it.each([['大王'], ['dawang'], ['dwpwlxs'], ['DaWangPwlxs'], ['dawangpaiwolaixunshsn']])(
      'should find 大王派我来巡山 by %j',
      async (query) => {
        const { body } = await t.post('/api/v1/event/search', { code: query });

        expect(body.result.items[0]?.code).toBe('大王派我来巡山');
      },
    );

    it('should answer no match with an empty list', async () => {
      const { body } = await t.post('/api/v1/event/search', { code: 'zzzzqqq' });

      expect(body).toEqual({ status: 1, msg: 'ok', result: { items: [] } });
    });

    it('should refuse a limit over 50', async () => {
      const { status, body } = await t.post('/api/v1/event/search', { code: 'a', limit: 51 });

      expect(status).toBe(400);
      expect(body.msg).toBe('limit must be a whole number from 1 to 50');
    });

    it('should find within seconds a code that another process published', async () => {
      const other = await startTestApp({
        database: t.database,
        env: { SESSION_SECRET: 'event-tests' },
      });
      await other.post('/api/v1/event/publish', publishBody({ code: '上山打老虎' }), alice);

      const started = Date.now();
      let found: string | undefined;
      while (found === undefined && Date.now() - started < 8000) {
        const { body } = await t.post('/api/v1/event/search', { code: 'sanshandalaohu' });
        found = body.result.items[0]?.code as string | undefined;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }

      expect(found).toBe('上山打老虎');
      await other.close();
    });

    it('should find a code whose row became visible long after its updated_at', async () => {
      // As a transaction committed late, or a process whose clock runs behind, would leave it:
      // the polls have moved past its updated_at, so only the slow sweep can find it.
      await t.post('/api/v1/event/publish', publishBody({ code: '迟到的源头' }), alice);
      const dataSource = t.app.get(DataSource);
      const source = await t.app.get(EventRepository).findByCodeKey('迟到的源头');
      const skipped = new Set(['id', 'code', 'code_key', 'updated_at', 'qr_scene']);
      const copied = dataSource
        .getMetadata(EventEntity)
        .columns.map((column) => column.databaseName)
        .filter((name) => !skipped.has(name));
      const hourAgo = new Date(Date.now() - 3600_000).toISOString().slice(0, 23).replace('T', ' ');
      await dataSource.query(
        `INSERT INTO event (code, code_key, updated_at, ${copied.join(', ')}) ` +
          `SELECT ?, ?, ?, ${copied.join(', ')} FROM event WHERE id = ?`,
        ['迟到的番号', '迟到的番号', hourAgo, source?.id],
      );

      const search = t.app.get(EventSearchService);
      for (let poll = 0; poll < 5; poll += 1) {
        await search.refresh();
      }

      expect(search.search('迟到的番号', 1).map((hit) => hit.code)).toEqual(['迟到的番号']);
    });
  });

  describe('qrcode', () => {
    it('should give the organizer a QR code, created once through WeChat', async () => {
      const first = await t.post('/api/v1/event/qrcode', { code: '大王派我来巡山' }, alice);
      const second = await t.post('/api/v1/event/qrcode', { code: '大王派我来巡山' }, alice);

      expect(first.status).toBe(200);
      expect(first.body.result).toMatchObject({
        code: '大王派我来巡山',
        scene: expect.stringMatching(/^evt_\d+$/) as unknown,
        image_url: expect.stringContaining('showqrcode?ticket=') as unknown,
      });
      expect(second.body.result).toEqual(first.body.result);
      expect(fake.qrCodes()).toHaveLength(1);
      expect(fake.qrCodes()[0]).toMatchObject({ scene: first.body.result.scene });
    });

    it('should refuse anyone but the organizer', async () => {
      const { status, body } = await t.post(
        '/api/v1/event/qrcode',
        { code: '大王派我来巡山' },
        bob,
      );

      expect(status).toBe(403);
      expect(body).toEqual({
        status: -1,
        msg: 'Only the event organizer can do this',
        code: 'NOT_ORGANIZER',
      });
    });
  });
});
