import { PlaceProviderName } from '#src/config/app-config.js';

/** One place in the answer, whatever the provider. Coordinates are GCJ-02. */
export interface PlaceItem {
  name: string;
  address: string;
  city: string;
  district: string;
  latitude: number;
  longitude: number;
  provider: PlaceProviderName;
  provider_id: string;
}

/** A city the search is limited to, resolved from the caller's `region`. */
export interface PlaceCity {
  /** What we send a map provider: the caller's Chinese name, or the dataset's pinyin name. */
  name: string;
  /** The dataset's (GeoNames) name, in pinyin: `Wuhan`. */
  pinyin: string;
  /** The city centre, GCJ-02. */
  latitude: number;
  longitude: number;
}

export interface PlaceSearch {
  /** Trimmed, inner spaces collapsed. */
  query: string;
  city: PlaceCity;
  /** From 1. */
  pageNumber: number;
  itemsPerPage: number;
}

export interface PlacePage {
  items: PlaceItem[];
  /** How many places match in all pages, as far as the provider tells. */
  total: number;
}

/** A place search backend. Throws PlaceProviderError when the backend fails. */
export interface PlaceProvider {
  readonly name: PlaceProviderName;
  /** False when answers change as our own data changes, so they must not be cached. */
  readonly cacheable: boolean;
  search(request: PlaceSearch): Promise<PlacePage>;
}

export const PLACE_PROVIDER = Symbol('PLACE_PROVIDER');
