import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** How a fake map provider misbehaves, as its real counterpart can. */
export type FakeFailure = 'quota' | 'rate' | 'http500';

/** A fake map provider on loopback, steered by the test between requests. */
export interface FakeMap {
  url: string;
  /** The query parameters of every search it was sent, oldest first. */
  searches: URLSearchParams[];
  /** The only key it accepts. */
  validKey: string;
  failure?: FakeFailure;
  /** Waits this long before answering. */
  delayMs: number;
  reset(): void;
  close(): Promise<void>;
}

/** Answers one search's query parameters with a status and a JSON body. */
export type SearchHandler = (params: URLSearchParams, fake: FakeMap) => [number, unknown];

/** Starts an HTTP server on a free loopback port that answers `path` with `handle`. */
export async function startFakeMap(
  path: string,
  validKey: string,
  handle: SearchHandler,
): Promise<FakeMap> {
  const server = createServer();
  const fake: FakeMap = {
    url: '',
    searches: [],
    validKey,
    delayMs: 0,
    reset() {
      fake.searches = [];
      fake.validKey = validKey;
      fake.failure = undefined;
      fake.delayMs = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void answer(request, response);
  });

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    if (url.pathname !== path) {
      response.writeHead(404).end();

      return;
    }

    fake.searches.push(url.searchParams);
    if (fake.delayMs > 0) {
      // Stop waiting when the client gives up, so no timer outlives the test.
      const gaveUp = new AbortController();
      response.on('close', () => gaveUp.abort());
      await sleep(fake.delayMs, undefined, { signal: gaveUp.signal }).catch(() => undefined);
    }
    const [status, body] =
      fake.failure === 'http500' ? [500, { error: 'upstream' }] : handle(url.searchParams, fake);
    if (!response.destroyed) {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(body));
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return fake;
}

/** Places both fakes know, in GCJ-02 as Tencent serves them. */
export interface FakePoi {
  id: string;
  name: string;
  address: string;
  province: string;
  city: string;
  district: string;
  adcode: number;
  lat: number;
  lng: number;
}

export const FAKE_POIS: FakePoi[] = [
  {
    id: '14386562718519735386',
    name: '东亭新嘉源',
    address: '湖北省武汉市武昌区东亭路6号',
    province: '湖北省',
    city: '武汉市',
    district: '武昌区',
    adcode: 420106,
    lat: 30.579832,
    lng: 114.366409,
  },
  {
    id: '6952434016716282817',
    name: '东湖风景区',
    address: '湖北省武汉市武昌区沿湖大道16号',
    province: '湖北省',
    city: '武汉市',
    district: '武昌区',
    adcode: 420106,
    lat: 30.556451,
    lng: 114.395524,
  },
  {
    id: '2844137318449586146',
    name: '东湖绿道(湖中道段)',
    address: '湖北省武汉市武昌区湖中道',
    province: '湖北省',
    city: '武汉市',
    district: '武昌区',
    adcode: 420106,
    lat: 30.558273,
    lng: 114.389106,
  },
  {
    id: '8473362612587406411',
    name: '黄鹤楼公园',
    address: '湖北省武汉市武昌区蛇山西山坡特1号',
    province: '湖北省',
    city: '武汉市',
    district: '武昌区',
    adcode: 420106,
    lat: 30.544468,
    lng: 114.302525,
  },
  {
    id: '15573948216346318571',
    name: '宽窄巷子',
    address: '四川省成都市青羊区长顺上街127号',
    province: '四川省',
    city: '成都市',
    district: '青羊区',
    adcode: 510105,
    lat: 30.669565,
    lng: 104.053602,
  },
  {
    id: '4197203711928491015',
    name: '颐和园',
    address: '北京市海淀区新建宫门路19号',
    province: '北京市',
    city: '北京市',
    district: '海淀区',
    adcode: 110108,
    lat: 39.999982,
    lng: 116.275461,
  },
];

/** The fake's place search: places in the city whose name holds the keyword, one page of them. */
export function findFakePois(
  keyword: string,
  region: string,
  pageIndex: number,
  pageSize: number,
): { page: FakePoi[]; total: number } {
  const city = region.replace(/市$/u, '');
  const found = FAKE_POIS.filter(
    (poi) => poi.city.replace(/市$/u, '') === city && poi.name.includes(keyword),
  );

  return {
    page: found.slice(pageIndex * pageSize, (pageIndex + 1) * pageSize),
    total: found.length,
  };
}
