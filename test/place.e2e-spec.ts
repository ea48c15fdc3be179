import { PlaceItem } from '#src/place/providers/place-provider.js';

import { FakeMap } from './fake-maps/fake-map-server.js';
import { startFakeBaidu } from './fake-maps/fake-baidu.js';
import { startFakeTencent } from './fake-maps/fake-tencent.js';
import { publishBody } from './helpers/events.js';
import { signIn } from './helpers/sessions.js';
import { Envelope, startTestApp, TestApp } from './helpers/test-app.js';

const QUERY = '/api/v1/place/query';
const API_KEY = 'fake-key-7Q2XK';

/** Great-circle distance in km. */
function distanceKm(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLng = (b[1] - a[1]) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLng / 2) ** 2;

  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** The envelope's result, typed as the place search answers it. */
function itemsOf(body: Envelope): PlaceItem[] {
  return (body.result as { items: PlaceItem[] }).items;
}

function logLines(t: TestApp): Record<string, unknown>[] {
  return t.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('Place search (POST /api/v1/place/query)', () => {
  describe('offline provider (the default)', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp();
    });

    afterAll(async () => {
      await t.close();
    });

    it('should answer without signing in: place search is public', async () => {
      const { status, body } = await t.post(QUERY, { query: '武汉', region: '武汉' });

      expect(status).toBe(200);
      expect(body.status).toBe(1);
    });

    it('should refuse an empty query, naming the field', async () => {
      const { status, body } = await t.post(QUERY, { query: '   ', region: '武汉' });

      expect(status).toBe(400);
      expect(body).toEqual({
        status: -1,
        msg: 'query must be 1 to 32 characters',
        code: 'VALIDATION_FAILED',
      });
    });

    it('should refuse an over-long query', async () => {
      const { status, body } = await t.post(QUERY, { query: '长'.repeat(33), region: '武汉' });

      expect(status).toBe(400);
      expect(body).toEqual({
        status: -1,
        msg: 'query must be 1 to 32 characters',
        code: 'VALIDATION_FAILED',
      });
    });

    it('should refuse a missing region', async () => {
      const { status, body } = await t.post(QUERY, { query: '东湖' });

      expect(status).toBe(400);
      expect(body).toEqual({
        status: -1,
        msg: 'region must be a city name, such as 武汉 or Wuhan',
        code: 'VALIDATION_FAILED',
      });
    });

    it('should refuse a region that is not a city we know', async () => {
      const { status, body } = await t.post(QUERY, { query: '东湖', region: '火星' });

      expect(status).toBe(400);
      expect(body).toEqual({
        status: -1,
        msg: 'region must be a city in China, such as 武汉 or Wuhan',
        code: 'UNKNOWN_CITY',
      });
    });

    it('should refuse more than 20 items per page and a page below 1', async () => {
      const big = await t.post(QUERY, { query: '东湖', region: '武汉', items_per_page: 21 });
      const zero = await t.post(QUERY, { query: '东湖', region: '武汉', page_number: 0 });

      expect(big.status).toBe(400);
      expect(big.body).toEqual({
        status: -1,
        msg: 'items_per_page must be 1 to 20',
        code: 'VALIDATION_FAILED',
      });
      expect(zero.body.msg).toBe('page_number must be 1 to 20');
    });

    it('should refuse unknown fields', async () => {
      const { status, body } = await t.post(QUERY, { query: '东湖', region: '武汉', city: 'x' });

      expect(status).toBe(400);
      expect(body).toEqual({ status: -1, msg: 'Unknown field: city', code: 'UNKNOWN_FIELD' });
    });

    // Real GCJ-02 centres (each city's government square), as Tencent's and Amap's maps show them.
    it.each([
      ['武汉', '武汉', [30.593098, 114.305392]],
      ['成都', '成都市', [30.659462, 104.065735]],
      ['哈尔滨', 'Harbin', [45.756967, 126.642464]],
    ] as const)(
      'should answer %s (region %s) with its centre in GCJ-02',
      async (query, region, centre) => {
        const { status, body } = await t.post(QUERY, { query, region });

        expect(status).toBe(200);
        expect(body.result).toMatchObject({ page_number: 1, items_per_page: 10, total: 1 });
        const [item] = itemsOf(body);
        expect(item).toMatchObject({
          name: query,
          address: `${query}市中心`,
          city: query,
          district: '',
          provider: 'offline',
        });
        expect(item.provider_id).toMatch(/^geonames:\d+$/);
        const km = distanceKm([item.latitude, item.longitude], [...centre]);
        expect(km).toBeLessThan(5);
      },
    );

    it('should match a city typed in pinyin, in any case', async () => {
      const { body } = await t.post(QUERY, { query: 'CHENGDU', region: 'chengdu' });

      expect(itemsOf(body)).toHaveLength(1);
      expect(itemsOf(body)[0]).toMatchObject({ name: 'Chengdu', city: 'Chengdu' });
    });

    it('should not answer a city outside the region', async () => {
      const { body } = await t.post(QUERY, { query: '成都', region: '武汉' });

      expect(body.result).toEqual({ items: [], page_number: 1, items_per_page: 10, total: 0 });
    });

    it('should answer a query that names no known place with an empty list', async () => {
      const { status, body } = await t.post(QUERY, { query: '东亭新嘉源', region: '武汉' });

      expect(status).toBe(200);
      expect(body).toEqual({
        status: 1,
        msg: 'ok',
        result: { items: [], page_number: 1, items_per_page: 10, total: 0 },
      });
    });
  });

  describe('offline provider with places from published events', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ env: { SESSION_SECRET: 'place-tests' } });
      const organizer = await signIn(t, 'o-place-organizer');
      await t.post(
        '/api/v1/event/publish',
        publishBody({
          code: 'dwpwlxs',
          location: '东亭新嘉源',
          address: '湖北省武汉市武昌区东亭路6号',
          latitude: 30.579832,
          longitude: 114.366409,
          mediaids: [],
        }),
        organizer,
      );
    });

    afterAll(async () => {
      await t.close();
    });

    it('should answer the place of a published event', async () => {
      const { body } = await t.post(QUERY, { query: '东亭新嘉源', region: '武汉市' });

      expect(body.result).toEqual({
        items: [
          {
            name: '东亭新嘉源',
            address: '湖北省武汉市武昌区东亭路6号',
            city: '武汉',
            district: '',
            latitude: 30.579832,
            longitude: 114.366409,
            provider: 'offline',
            provider_id: 'event:dwpwlxs',
          },
        ],
        page_number: 1,
        items_per_page: 10,
        total: 1,
      });
    });
  });

  const providers = [
    {
      name: 'tencent',
      start: startFakeTencent,
      /** What the fake must have been sent for 东湖 in 武汉, page 2 of 1. */
      params: {
        keyword: '东湖',
        boundary: 'region(武汉,0)',
        key: API_KEY,
        page_size: '1',
        page_index: '2',
      },
      ids: ['6952434016716282817', '2844137318449586146'],
    },
    {
      name: 'baidu',
      start: startFakeBaidu,
      params: {
        query: '东湖',
        region: '武汉',
        city_limit: 'true',
        ak: API_KEY,
        output: 'json',
        ret_coordtype: 'gcj02ll',
        page_size: '1',
        page_num: '1',
      },
      ids: ['b6952434016716282817', 'b2844137318449586146'],
    },
  ];

  describe.each(providers)('$name provider', ({ name, start, params, ids }) => {
    let fake: FakeMap;
    let t: TestApp;

    beforeAll(async () => {
      fake = await start(API_KEY);
      t = await startTestApp({
        env: {
          PLACE_PROVIDER: name,
          PLACE_API_KEY: API_KEY,
          PLACE_API_BASE_URL: fake.url,
          PLACE_TIMEOUT_MS: '300',
        },
      });
    });

    beforeEach(() => {
      fake.reset();
    });

    afterAll(async () => {
      await t.close();
      await fake.close();
    });

    it('should map the places to the common answer, in GCJ-02', async () => {
      const { status, body } = await t.post(QUERY, { query: '东湖', region: '武汉' });

      expect(status).toBe(200);
      expect(body.result).toEqual({
        items: [
          {
            name: '东湖风景区',
            address: expect.stringContaining('沿湖大道16号') as unknown,
            city: '武汉市',
            district: '武昌区',
            latitude: 30.556451,
            longitude: 114.395524,
            provider: name,
            provider_id: ids[0],
          },
          {
            name: '东湖绿道(湖中道段)',
            address: expect.stringContaining('湖中道') as unknown,
            city: '武汉市',
            district: '武昌区',
            latitude: 30.558273,
            longitude: 114.389106,
            provider: name,
            provider_id: ids[1],
          },
        ],
        page_number: 1,
        items_per_page: 10,
        total: 2,
      });
    });

    it('should send the query, the city, the key and the page the provider expects', async () => {
      const { body } = await t.post(QUERY, {
        query: ' 东湖 ',
        region: '武汉市',
        page_number: 2,
        items_per_page: 1,
      });

      expect(body.result).toMatchObject({ page_number: 2, items_per_page: 1, total: 2 });
      expect(itemsOf(body).map((item) => item.provider_id)).toEqual([ids[1]]);
      expect(Object.fromEntries(fake.searches[0])).toEqual(params);
    });

    it('should answer a search without result with an empty list', async () => {
      const { status, body } = await t.post(QUERY, { query: '火星基地', region: '武汉' });

      expect(status).toBe(200);
      expect(body.result).toEqual({ items: [], page_number: 1, items_per_page: 10, total: 0 });
    });

    it('should answer 503 when the provider refuses our key, logging it once a minute', async () => {
      fake.validKey = 'another-key';

      const first = await t.post(QUERY, { query: '黄鹤楼', region: '武汉' });
      const second = await t.post(QUERY, { query: '宽窄巷子', region: '成都' });

      for (const { status, body } of [first, second]) {
        expect(status).toBe(503);
        expect(body).toEqual({
          status: -1,
          msg: 'Place search is unavailable: the map provider refused our key',
          code: 'PLACE_PROVIDER_KEY_REFUSED',
        });
      }
      const alerts = logLines(t).filter((line) =>
        String(line.msg).startsWith('map provider refused our key'),
      );
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ level: 'warn', provider: name, kind: 'key' });
      expect(t.logs.join('')).not.toContain(API_KEY);
    });

    it('should answer 503 when the provider quota is used up', async () => {
      fake.failure = 'quota';

      const { status, body } = await t.post(QUERY, { query: '黄鹤楼', region: '武汉' });

      expect(status).toBe(503);
      expect(body).toEqual({
        status: -1,
        msg: 'Place search is unavailable: our map provider quota is used up',
        code: 'PLACE_PROVIDER_QUOTA_EXCEEDED',
      });
    });

    it('should answer 503 when the provider limits our request rate', async () => {
      fake.failure = 'rate';

      const { status, body } = await t.post(QUERY, { query: '黄鹤楼', region: '武汉' });

      expect(status).toBe(503);
      expect(body.code).toBe('PLACE_PROVIDER_RATE_LIMITED');
    });

    it('should answer 503 when the provider fails with an HTTP error', async () => {
      fake.failure = 'http500';

      const { status, body } = await t.post(QUERY, { query: '黄鹤楼', region: '武汉' });

      expect(status).toBe(503);
      expect(body.code).toBe('PLACE_PROVIDER_FAILED');
    });

    it('should answer 503 when the provider does not answer in time', async () => {
      fake.delayMs = 2000;
      const started = Date.now();

      const { status, body } = await t.post(QUERY, { query: '黄鹤楼', region: '武汉' });

      expect(status).toBe(503);
      expect(body).toEqual({
        status: -1,
        msg: 'Place search is unavailable: the map provider did not answer in time',
        code: 'PLACE_PROVIDER_TIMEOUT',
      });
      expect(Date.now() - started).toBeLessThan(1500);
    });

    it('should answer a repeated query from the cache, calling the provider once', async () => {
      const first = await t.post(QUERY, { query: '东亭新嘉源', region: '武汉' });
      const again = await t.post(QUERY, { query: '  东亭新嘉源 ', region: '武汉市' });

      expect(itemsOf(first.body)[0]).toMatchObject({ name: '东亭新嘉源', provider: name });
      expect(again.body).toEqual(first.body);
      expect(fake.searches).toHaveLength(1);
    });

    it('should not cache a failure', async () => {
      fake.failure = 'quota';
      await t.post(QUERY, { query: '颐和园', region: '北京' });
      fake.failure = undefined;

      const { status, body } = await t.post(QUERY, { query: '颐和园', region: '北京' });

      expect(status).toBe(200);
      expect(itemsOf(body)[0]).toMatchObject({
        name: '颐和园',
        city: '北京市',
        district: '海淀区',
      });
      expect(fake.searches).toHaveLength(2);
    });
  });
});
