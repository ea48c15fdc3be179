import { createRequire } from 'node:module';

import { FakeMap, findFakePois, startFakeMap } from './fake-map-server.js';

// gcoord is CommonJS and its typings declare an ES default export it does not have.
const require = createRequire(import.meta.url);
const coords = require('gcoord') as typeof import('gcoord').default;

/**
 * A fake Baidu Place API v2 (`/place/v2/search`): HTTP 200 always, the outcome in the body's
 * `status`. Like Baidu, it answers in BD-09 unless asked for `ret_coordtype=gcj02ll`.
 */
export function startFakeBaidu(validKey: string): Promise<FakeMap> {
  return startFakeMap('/place/v2/search', validKey, (params, fake) => {
    const ak = params.get('ak');
    if (ak === null || ak === '') {
      return [200, { status: 101, message: 'AK参数不存在' }];
    }
    if (ak !== fake.validKey) {
      return [200, { status: 200, message: 'APP不存在，AK有误请检查再重试' }];
    }
    if (fake.failure === 'quota') {
      return [200, { status: 302, message: '天配额超限，限制访问' }];
    }
    if (fake.failure === 'rate') {
      return [200, { status: 401, message: '当前并发量已经超过约定并发配额，限制访问' }];
    }

    const query = params.get('query') ?? '';
    const region = params.get('region') ?? '';
    if (query === '' || region === '') {
      return [200, { status: 2, message: 'Parameter Invalid' }];
    }

    const pageSize = Number(params.get('page_size') ?? 10);
    const pageNum = Number(params.get('page_num') ?? 0);
    const { page, total } = findFakePois(query, region, pageNum, pageSize);
    const gcj = params.get('ret_coordtype') === 'gcj02ll';

    return [
      200,
      {
        status: 0,
        message: 'ok',
        result_type: 'poi_type',
        total,
        results: page.map((poi) => {
          const [lng, lat] = gcj
            ? [poi.lng, poi.lat]
            : coords.transform([poi.lng, poi.lat], coords.GCJ02, coords.BD09);

          return {
            name: poi.name,
            location: { lat, lng },
            address: poi.address.replace(`${poi.province}${poi.city}`, ''),
            province: poi.province,
            city: poi.city,
            area: poi.district,
            street_id: `${poi.id}-street`,
            detail: 1,
            uid: `b${poi.id.slice(0, 23)}`,
          };
        }),
      },
    ];
  });
}
