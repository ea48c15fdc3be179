import { createRequire } from 'node:module';

import { CityIndex, nameKey } from '#src/place/city-index.js';

const require = createRequire(import.meta.url);
const gcoord = require('gcoord') as typeof import('gcoord').default;

describe(CityIndex.name, () => {
  const cities = new CityIndex();

  beforeAll(() => {
    cities.onModuleInit();
  });

  describe('nameKey', () => {
    it('should turn Chinese into toneless pinyin letters', () => {
      expect(nameKey('武汉')).toBe('wuhan');
      expect(nameKey('重庆')).toBe('chongqing');
      expect(nameKey('厦门')).toBe('xiamen');
    });

    it('should drop case, tone marks, ü dots and punctuation from pinyin', () => {
      expect(nameKey('Xi’an')).toBe('xian');
      expect(nameKey('Ürümqi')).toBe('urumqi');
      expect(nameKey(' WU-HAN ')).toBe('wuhan');
    });
  });

  describe('resolve', () => {
    it('should resolve a Chinese city name, with or without 市', () => {
      expect(cities.resolve('武汉')).toMatchObject({ name: '武汉', pinyin: 'Wuhan' });
      expect(cities.resolve('武汉市')).toMatchObject({ name: '武汉', pinyin: 'Wuhan' });
    });

    it('should resolve pinyin in any case, sending the dataset name to providers', () => {
      expect(cities.resolve('wuhan')).toMatchObject({ name: 'Wuhan', pinyin: 'Wuhan' });
      expect(cities.resolve('WUHAN CITY')).toMatchObject({ name: 'Wuhan' });
      expect(cities.resolve('Xian')).toMatchObject({ pinyin: 'Xi’an' });
    });

    it('should resolve cities GeoNames names other than by their pinyin', () => {
      expect(cities.resolve('哈尔滨')?.pinyin).toBe('Harbin');
      expect(cities.resolve('乌鲁木齐')?.pinyin).toBe('Ürümqi');
      expect(cities.resolve('呼和浩特')?.pinyin).toBe('Hohhot');
    });

    it('should tell apart cities that share a pinyin by their Chinese name', () => {
      const zhejiang = cities.resolve('台州');
      const jiangsu = cities.resolve('泰州');

      expect(zhejiang?.longitude).toBeGreaterThan(121);
      expect(jiangsu?.longitude).toBeLessThan(120.5);
    });

    it('should give the centre converted from WGS-84 to GCJ-02', () => {
      const [lng, lat] = gcoord.transform([114.26667, 30.58333], gcoord.WGS84, gcoord.GCJ02);

      expect(cities.resolve('武汉')).toMatchObject({
        latitude: Math.round(lat * 1e6) / 1e6,
        longitude: Math.round(lng * 1e6) / 1e6,
      });
    });

    it('should not resolve unknown names or text that is no name', () => {
      expect(cities.resolve('火星')).toBeUndefined();
      expect(cities.resolve('市')).toBeUndefined();
      expect(cities.resolve('武汉),0)')).toBeUndefined();
      expect(cities.resolve('')).toBeUndefined();
    });
  });

  describe('lookup', () => {
    it('should list every city of a shared name, the most populous first', () => {
      const suzhou = cities.lookup('suzhou');

      expect(suzhou.length).toBeGreaterThanOrEqual(2);
      expect(suzhou[0].population).toBeGreaterThanOrEqual(suzhou[1].population);
    });

    it('should find every alias target in the dataset', () => {
      for (const name of ['哈尔滨', '乌鲁木齐', '拉萨', '喀什', '鄂尔多斯', '台州', '宿州']) {
        expect(cities.lookup(name)).not.toHaveLength(0);
      }
    });
  });
});
