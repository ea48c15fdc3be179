import { Injectable } from '@nestjs/common';

import { EventRepository } from '#src/event/event.repository.js';
import { KnownPlace, KnownPlaces } from '#src/place/known-places.js';
import { PlaceCity } from '#src/place/providers/place-provider.js';

/** Cities are wide; a place 150 km from the centre still belongs to it. */
const CITY_RADIUS_KM = 150;

/** The places of published events, for the offline place search (KNOWN_PLACES). */
@Injectable()
export class EventPlaces implements KnownPlaces {
  constructor(private readonly events: EventRepository) {}

  async findPlaces(query: string, city: PlaceCity, limit: number): Promise<KnownPlace[]> {
    const near = { latitude: city.latitude, longitude: city.longitude, radiusKm: CITY_RADIUS_KM };
    const rows = await this.events.findPlaces(query, near, limit * 4);

    // Many events meet at the same place: offer each place once.
    const places = new Map<string, KnownPlace>();
    for (const row of rows) {
      const key = `${row.location}|${row.address}`;
      if (!places.has(key)) {
        places.set(key, {
          id: `event:${row.code}`,
          name: row.location,
          address: row.address,
          city: row.city ?? city.name,
          district: '',
          latitude: row.latitude as number,
          longitude: row.longitude as number,
        });
      }
    }

    return [...places.values()].slice(0, limit);
  }
}
