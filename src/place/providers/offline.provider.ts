import { CityEntry, CityIndex } from '#src/place/city-index.js';
import { KnownPlace, KnownPlaces } from '#src/place/known-places.js';
import {
  PlaceItem,
  PlacePage,
  PlaceProvider,
  PlaceSearch,
} from '#src/place/providers/place-provider.js';

/** How many places the offline search gathers at most, over all pages. */
export const OFFLINE_MAX_RESULTS = 100;
/** A matching city counts as inside the region when its centre is this close to the region's. */
export const OFFLINE_REGION_RADIUS_KM = 150;

const HAN = /\p{Script=Han}/u;

/**
 * The search used when no map provider is configured: places our own data knows (published
 * events) first, then the city a query names, by its centre. Every answer is GCJ-02.
 */
export class OfflinePlaceProvider implements PlaceProvider {
  readonly name = 'offline';
  // Known places change as events are published; the search is local and cheap anyway.
  readonly cacheable = false;

  constructor(
    private readonly cities: CityIndex,
    private readonly knownPlaces: KnownPlaces,
  ) {}

  async search(request: PlaceSearch): Promise<PlacePage> {
    const known = await this.knownPlaces.findPlaces(
      request.query,
      request.city,
      OFFLINE_MAX_RESULTS,
    );
    const all = [
      ...known.map((place) => fromKnownPlace(place)),
      ...this.matchingCities(request),
    ].slice(0, OFFLINE_MAX_RESULTS);
    const start = (request.pageNumber - 1) * request.itemsPerPage;

    return { items: all.slice(start, start + request.itemsPerPage), total: all.length };
  }

  /** Cities the query names, inside the region (the nearest first), as their centres. */
  private matchingCities(request: PlaceSearch): PlaceItem[] {
    const { city } = request;
    const display = HAN.test(request.query) ? request.query.replace(/市$/u, '') : undefined;

    return this.cities
      .lookup(request.query)
      .map((entry) => ({ entry, km: distanceKm(entry, city) }))
      .filter(({ km }) => km <= OFFLINE_REGION_RADIUS_KM)
      .sort((a, b) => a.km - b.km)
      .map(({ entry }) => fromCity(entry, display ?? entry.name));
  }
}

function fromKnownPlace(place: KnownPlace): PlaceItem {
  return {
    name: place.name,
    address: place.address,
    city: place.city,
    district: place.district,
    latitude: place.latitude,
    longitude: place.longitude,
    provider: 'offline',
    provider_id: place.id,
  };
}

function fromCity(entry: CityEntry, name: string): PlaceItem {
  return {
    name,
    address: HAN.test(name) ? `${name}市中心` : `${name} city centre`,
    city: name,
    district: '',
    latitude: entry.latitude,
    longitude: entry.longitude,
    provider: 'offline',
    provider_id: `geonames:${entry.id}`,
  };
}

/** Great-circle distance; plenty exact for "is it in this city". */
export function distanceKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;

  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
