import { PlaceCity, PlaceItem } from '#src/place/providers/place-provider.js';

/** A place our own data knows, such as where a published event takes place. GCJ-02. */
export type KnownPlace = Omit<PlaceItem, 'provider' | 'provider_id'> & {
  /** Stable within its source, e.g. `event:<code>`; becomes the answer's provider_id. */
  id: string;
};

/**
 * Places the offline provider searches before the city list. Another module supplies the real
 * source by providing and exporting this token, e.g. in EventModule:
 * `{ provide: KNOWN_PLACES, useExisting: EventPlaces }` plus `exports: [KNOWN_PLACES]`.
 */
export interface KnownPlaces {
  /**
   * Up to `limit` places whose name or address matches `query` (trimmed, spaces collapsed, as
   * the caller typed it) in or near `city` (its Chinese or pinyin name and its GCJ-02 centre),
   * best first.
   */
  findPlaces(query: string, city: PlaceCity, limit: number): Promise<KnownPlace[]>;
}

export const KNOWN_PLACES = Symbol('KNOWN_PLACES');

/** Used while no module provides KNOWN_PLACES: knows no places. */
export class NoKnownPlaces implements KnownPlaces {
  findPlaces(): Promise<KnownPlace[]> {
    return Promise.resolve([]);
  }
}
