import { LRUCache } from 'lru-cache';

import { PlaceProviderName } from '#src/config/app-config.js';
import { tidy } from '#src/place/city-index.js';
import { PlacePage, PlaceSearch } from '#src/place/providers/place-provider.js';

/** The form of a query that decides cache hits: tidied (NFKC, trimmed, one space), lower case. */
export function normaliseQuery(query: string): string {
  return tidy(query).toLowerCase();
}

/** Provider, city (as sent to the provider), normalised query and page. */
export function placeCacheKey(provider: PlaceProviderName, search: PlaceSearch): string {
  return JSON.stringify([
    provider,
    normaliseQuery(search.city.name),
    normaliseQuery(search.query),
    search.pageNumber,
    search.itemsPerPage,
  ]);
}

/** Recent provider answers: an LRU of `size` pages, each kept `ttlS` seconds; size 0 keeps none. */
export class PlaceCache {
  private readonly pages?: LRUCache<string, PlacePage>;

  constructor(size: number, ttlS: number) {
    this.pages = size > 0 ? new LRUCache({ max: size, ttl: ttlS * 1000 }) : undefined;
  }

  get enabled(): boolean {
    return this.pages !== undefined;
  }

  get(key: string): PlacePage | undefined {
    return this.pages?.get(key);
  }

  set(key: string, page: PlacePage): void {
    this.pages?.set(key, page);
  }
}
