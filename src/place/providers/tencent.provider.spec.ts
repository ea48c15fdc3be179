import { PlaceProviderError } from '#src/place/place.exception.js';
import { mapTencentBody, tencentFailureKind } from '#src/place/providers/tencent.provider.js';

describe('Tencent place search', () => {
  describe('mapTencentBody', () => {
    it('should map places to the common shape', () => {
      const page = mapTencentBody({
        status: 0,
        message: 'query ok',
        count: 42,
        request_id: 'abc',
        data: [
          {
            id: '6952434016716282817',
            title: '东湖风景区',
            address: '湖北省武汉市武昌区沿湖大道16号',
            tel: '',
            category: '旅游景点:风景名胜',
            type: 0,
            location: { lat: 30.556451, lng: 114.395524 },
            ad_info: { adcode: 420106, province: '湖北省', city: '武汉市', district: '武昌区' },
          },
        ],
      });

      expect(page).toEqual({
        total: 42,
        items: [
          {
            name: '东湖风景区',
            address: '湖北省武汉市武昌区沿湖大道16号',
            city: '武汉市',
            district: '武昌区',
            latitude: 30.556451,
            longitude: 114.395524,
            provider: 'tencent',
            provider_id: '6952434016716282817',
          },
        ],
      });
    });

    it('should skip places without a location', () => {
      const page = mapTencentBody({ status: 0, count: 1, data: [{ id: '1', title: 'x' }] });

      expect(page.items).toEqual([]);
    });

    it('should answer "no result" statuses with an empty page', () => {
      expect(mapTencentBody({ status: 347, message: '查询无结果' })).toEqual({
        items: [],
        total: 0,
      });
      expect(mapTencentBody({ status: 0, count: 0, data: [] })).toEqual({ items: [], total: 0 });
    });

    it('should throw the failure kind with Tencent status and message', () => {
      const failure = (() => {
        try {
          mapTencentBody({ status: 121, message: '此key每日调用量已达到上限' });
        } catch (error) {
          return error as PlaceProviderError;
        }
      })();

      expect(failure).toBeInstanceOf(PlaceProviderError);
      expect(failure).toMatchObject({
        kind: 'quota',
        detail: {
          provider: 'tencent',
          providerStatus: 121,
          providerMessage: '此key每日调用量已达到上限',
        },
      });
    });
  });

  describe('tencentFailureKind', () => {
    it.each([
      [110, 'key'],
      [111, 'key'],
      [112, 'key'],
      [190, 'key'],
      [199, 'key'],
      [301, 'key'],
      [311, 'key'],
      [120, 'rate'],
      [121, 'quota'],
      [310, 'failed'],
      [500, 'failed'],
    ])('should read status %i as %s', (status, kind) => {
      expect(tencentFailureKind(status)).toBe(kind);
    });
  });
});
