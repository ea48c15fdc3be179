import { CityIndex } from '#src/place/city-index.js';
import { KnownPlace, KnownPlaces, NoKnownPlaces } from '#src/place/known-places.js';
import { OfflinePlaceProvider } from '#src/place/providers/offline.provider.js';
import { PlaceCity, PlaceSearch } from '#src/place/providers/place-provider.js';

const cities = new CityIndex();
cities.onModuleInit();
const wuhan = cities.resolve('武汉') as PlaceCity;

function search(query: string, overrides: Partial<PlaceSearch> = {}): PlaceSearch {
  return { query, city: wuhan, pageNumber: 1, itemsPerPage: 10, ...overrides };
}

const donghu: KnownPlace = {
  id: 'event:dh-01',
  name: '东湖绿道',
  address: '湖北省武汉市武昌区',
  city: '武汉市',
  district: '武昌区',
  latitude: 30.558,
  longitude: 114.389,
};

/** Knows the given places and records what it was asked. */
class FakeKnownPlaces implements KnownPlaces {
  readonly calls: unknown[][] = [];

  constructor(private readonly places: KnownPlace[]) {}

  findPlaces(...args: [string, PlaceCity, number]): Promise<KnownPlace[]> {
    this.calls.push(args);

    return Promise.resolve(this.places);
  }
}

describe(OfflinePlaceProvider.name, () => {
  it('should answer a city name with its centre', async () => {
    const page = await new OfflinePlaceProvider(cities, new NoKnownPlaces()).search(search('武汉'));

    expect(page).toEqual({
      total: 1,
      items: [
        {
          name: '武汉',
          address: '武汉市中心',
          city: '武汉',
          district: '',
          latitude: wuhan.latitude,
          longitude: wuhan.longitude,
          provider: 'offline',
          provider_id: expect.stringMatching(/^geonames:\d+$/) as unknown,
        },
      ],
    });
  });

  it('should list known places first, asking for them with the query and city', async () => {
    const known = new FakeKnownPlaces([donghu]);
    const provider = new OfflinePlaceProvider(cities, known);

    const page = await provider.search(search('wuhan'));

    expect(known.calls).toEqual([['wuhan', wuhan, 100]]);
    expect(page.items.map((item) => item.provider_id)).toEqual([
      'event:dh-01',
      expect.stringMatching(/^geonames:/) as unknown,
    ]);
    expect(page.items[0]).toMatchObject({ name: '东湖绿道', provider: 'offline' });
  });

  it('should page through the answer', async () => {
    const provider = new OfflinePlaceProvider(cities, new FakeKnownPlaces([donghu]));

    const page = await provider.search(search('武汉', { pageNumber: 2, itemsPerPage: 1 }));

    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
    expect(page.items[0].name).toBe('武汉');
  });

  it('should leave out cities far from the region', async () => {
    const provider = new OfflinePlaceProvider(cities, new NoKnownPlaces());

    expect(await provider.search(search('北京'))).toEqual({ items: [], total: 0 });
  });
});
