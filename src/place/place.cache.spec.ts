import { normaliseQuery, PlaceCache, placeCacheKey } from '#src/place/place.cache.js';
import { PlaceSearch } from '#src/place/providers/place-provider.js';

const wuhan = { name: '武汉', pinyin: 'Wuhan', latitude: 30.58, longitude: 114.27 };

function search(query: string, overrides: Partial<PlaceSearch> = {}): PlaceSearch {
  return { query, city: wuhan, pageNumber: 1, itemsPerPage: 10, ...overrides };
}

describe(PlaceCache.name, () => {
  describe('normaliseQuery', () => {
    it('should trim, collapse spaces and lower-case', () => {
      expect(normaliseQuery('  Star   Bucks\t咖啡 ')).toBe('star bucks 咖啡');
    });

    it('should fold full-width letters and spaces', () => {
      expect(normaliseQuery('ＫＦＣ　东湖')).toBe('kfc 东湖');
    });
  });

  describe('placeCacheKey', () => {
    it('should give one key to queries that differ only in spacing and case', () => {
      expect(placeCacheKey('tencent', search(' KFC  东湖'))).toBe(
        placeCacheKey('tencent', search('kfc 东湖')),
      );
    });

    it('should tell apart providers, cities and pages', () => {
      const key = placeCacheKey('tencent', search('kfc'));

      expect(placeCacheKey('baidu', search('kfc'))).not.toBe(key);
      expect(placeCacheKey('tencent', search('kfc', { pageNumber: 2 }))).not.toBe(key);
      expect(placeCacheKey('tencent', search('kfc', { itemsPerPage: 20 }))).not.toBe(key);
      expect(
        placeCacheKey('tencent', search('kfc', { city: { ...wuhan, name: '成都' } })),
      ).not.toBe(key);
    });
  });

  it('should keep pages up to its size', () => {
    const cache = new PlaceCache(1, 60);
    cache.set('a', { items: [], total: 1 });
    cache.set('b', { items: [], total: 2 });

    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toEqual({ items: [], total: 2 });
  });

  it('should keep nothing when its size is 0', () => {
    const cache = new PlaceCache(0, 60);
    cache.set('a', { items: [], total: 1 });

    expect(cache.enabled).toBe(false);
    expect(cache.get('a')).toBeUndefined();
  });
});
