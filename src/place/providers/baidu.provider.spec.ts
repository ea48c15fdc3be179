import { PlaceProviderError } from '#src/place/place.exception.js';
import { baiduFailureKind, mapBaiduBody } from '#src/place/providers/baidu.provider.js';

describe('Baidu place search', () => {
  describe('mapBaiduBody', () => {
    it('should map city from city and district from area', () => {
      const page = mapBaiduBody({
        status: 0,
        message: 'ok',
        result_type: 'poi_type',
        total: 400,
        results: [
          {
            name: '颐和园',
            location: { lat: 39.999982, lng: 116.275461 },
            address: '北京市海淀区新建宫门路19号',
            province: '北京市',
            city: '北京市',
            area: '海淀区',
            street_id: '2a7a25ecf9cf13636d3e1bad',
            telephone: '(010)62881144',
            detail: 1,
            uid: '2a7a25ecf9cf13636d3e1bad',
          },
        ],
      });

      expect(page).toEqual({
        total: 400,
        items: [
          {
            name: '颐和园',
            address: '北京市海淀区新建宫门路19号',
            city: '北京市',
            district: '海淀区',
            latitude: 39.999982,
            longitude: 116.275461,
            provider: 'baidu',
            provider_id: '2a7a25ecf9cf13636d3e1bad',
          },
        ],
      });
    });

    it('should skip entries without a location, as Baidu gives for region names', () => {
      const page = mapBaiduBody({ status: 0, total: 1, results: [{ name: '武汉市', num: 12 }] });

      expect(page.items).toEqual([]);
    });

    it('should answer an empty result with an empty page', () => {
      expect(mapBaiduBody({ status: 0, message: 'ok', total: 0, results: [] })).toEqual({
        items: [],
        total: 0,
      });
    });

    it('should throw the failure kind with Baidu status and message', () => {
      expect(() => mapBaiduBody({ status: 302, message: '天配额超限，限制访问' })).toThrow(
        PlaceProviderError,
      );
      try {
        mapBaiduBody({ status: '240', message: 'APP 服务被禁用' });
      } catch (error) {
        expect(error).toMatchObject({ kind: 'key', detail: { providerStatus: 240 } });
      }
    });
  });

  describe('baiduFailureKind', () => {
    it.each([
      [3, 'key'],
      [5, 'key'],
      [101, 'key'],
      [200, 'key'],
      [240, 'key'],
      [311, 'key'],
      [4, 'quota'],
      [301, 'quota'],
      [302, 'quota'],
      [401, 'rate'],
      [402, 'rate'],
      [1, 'failed'],
      [2, 'failed'],
    ])('should read status %i as %s', (status, kind) => {
      expect(baiduFailureKind(status)).toBe(kind);
    });
  });
});
