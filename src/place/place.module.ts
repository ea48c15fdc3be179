import { Module } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';
import { EventModule } from '#src/event/event.module.js';
import { CityIndex } from '#src/place/city-index.js';
import { KNOWN_PLACES, KnownPlaces, NoKnownPlaces } from '#src/place/known-places.js';
import { PlaceController } from '#src/place/place.controller.js';
import { PlaceService } from '#src/place/place.service.js';
import { BAIDU_BASE_URL, BaiduPlaceProvider } from '#src/place/providers/baidu.provider.js';
import { OfflinePlaceProvider } from '#src/place/providers/offline.provider.js';
import { PLACE_PROVIDER, PlaceProvider } from '#src/place/providers/place-provider.js';
import { TENCENT_BASE_URL, TencentPlaceProvider } from '#src/place/providers/tencent.provider.js';

/** The provider PLACE_PROVIDER names; config guarantees a key for the real ones. */
export function createPlaceProvider(
  config: AppConfig,
  cities: CityIndex,
  knownPlaces: KnownPlaces | undefined,
): PlaceProvider {
  const key = config.placeApiKey ?? '';
  switch (config.placeProvider) {
    case 'tencent':
      return new TencentPlaceProvider(
        key,
        config.placeApiBaseUrl ?? TENCENT_BASE_URL,
        config.placeTimeoutMs,
      );
    case 'baidu':
      return new BaiduPlaceProvider(
        key,
        config.placeApiBaseUrl ?? BAIDU_BASE_URL,
        config.placeTimeoutMs,
      );
    case 'offline':
      return new OfflinePlaceProvider(cities, knownPlaces ?? new NoKnownPlaces());
  }
}

/**
 * Place search. The offline provider asks KNOWN_PLACES for places our own data knows; EventModule
 * supplies them by exporting that token, and until it does the offline search knows none.
 */
@Module({
  imports: [EventModule],
  controllers: [PlaceController],
  providers: [
    CityIndex,
    PlaceService,
    {
      provide: PLACE_PROVIDER,
      useFactory: createPlaceProvider,
      inject: [AppConfig, CityIndex, { token: KNOWN_PLACES, optional: true }],
    },
  ],
})
export class PlaceModule {}
