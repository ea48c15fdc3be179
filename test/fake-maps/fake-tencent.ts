import { FakeMap, findFakePois, startFakeMap } from './fake-map-server.js';

/**
 * A fake Tencent LBS WebService (`/ws/place/v1/search`): HTTP 200 always, the outcome in the
 * body's `status` as Tencent reports it.
 */
export function startFakeTencent(validKey: string): Promise<FakeMap> {
  return startFakeMap('/ws/place/v1/search', validKey, (params, fake) => {
    const key = params.get('key');
    if (key === null || key === '') {
      return [200, { status: 301, message: '缺少必要字段key', request_id: requestId() }];
    }
    if (key !== fake.validKey) {
      return [200, { status: 190, message: '无效的KEY', request_id: requestId() }];
    }
    if (fake.failure === 'quota') {
      return [200, { status: 121, message: '此key每日调用量已达到上限', request_id: requestId() }];
    }
    if (fake.failure === 'rate') {
      return [200, { status: 120, message: '此key每秒请求量已达到上限', request_id: requestId() }];
    }

    const region = /^region\(([^,]+),[01]\)$/.exec(params.get('boundary') ?? '');
    const keyword = params.get('keyword') ?? '';
    if (region === null || keyword === '') {
      return [200, { status: 310, message: '请求参数信息有误', request_id: requestId() }];
    }

    const pageSize = Number(params.get('page_size') ?? 10);
    const pageIndex = Number(params.get('page_index') ?? 1);
    const { page, total } = findFakePois(keyword, region[1], pageIndex - 1, pageSize);

    return [
      200,
      {
        status: 0,
        message: 'query ok',
        count: total,
        request_id: requestId(),
        data: page.map((poi) => ({
          id: poi.id,
          title: poi.name,
          address: poi.address,
          tel: '',
          category: '房产小区:住宅区',
          type: 0,
          location: { lat: poi.lat, lng: poi.lng },
          ad_info: {
            adcode: poi.adcode,
            province: poi.province,
            city: poi.city,
            district: poi.district,
          },
        })),
      },
    ];
  });
}

function requestId(): string {
  return Math.random().toString(16).slice(2, 14);
}
