import { Inject, Injectable, Logger } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';
import { CityIndex } from '#src/place/city-index.js';
import { DEFAULT_ITEMS_PER_PAGE, PlaceQueryDto } from '#src/place/dto/place-query.dto.js';
import { PlaceCache, placeCacheKey } from '#src/place/place.cache.js';
import {
  PlaceException,
  PlaceProviderError,
  ProviderFailureKind,
} from '#src/place/place.exception.js';
import {
  PLACE_PROVIDER,
  PlaceItem,
  PlacePage,
  type PlaceProvider,
  PlaceSearch,
} from '#src/place/providers/place-provider.js';
import { RateLimitedLog } from '#src/place/rate-limited-log.js';

export interface PlaceQueryResult {
  items: PlaceItem[];
  page_number: number;
  items_per_page: number;
  total: number;
}

/** What an operator should do about each kind of provider failure. */
const OPERATOR_HINTS: Record<ProviderFailureKind, string> = {
  key: 'map provider refused our key: check PLACE_API_KEY, its IP whitelist and enabled services',
  quota: 'map provider quota is used up: raise it in the provider console or wait for the reset',
  rate: 'map provider is limiting our request rate: raise its concurrency quota',
  timeout: 'map provider did not answer within PLACE_TIMEOUT_MS',
  failed: 'map provider failed: see providerStatus and providerMessage',
};
const FAILURE_LOG_INTERVAL_MS = 60_000;

@Injectable()
export class PlaceService {
  private readonly logger = new Logger(PlaceService.name);
  private readonly cache: PlaceCache;
  private readonly failureLog = new RateLimitedLog<ProviderFailureKind>(FAILURE_LOG_INTERVAL_MS);
  /** Searches under way, so that identical concurrent queries call the provider once. */
  private readonly inFlight = new Map<string, Promise<PlacePage>>();

  constructor(
    config: AppConfig,
    private readonly cities: CityIndex,
    @Inject(PLACE_PROVIDER) private readonly provider: PlaceProvider,
  ) {
    this.cache = new PlaceCache(config.placeCacheSize, config.placeCacheTtlS);
  }

  async query(dto: PlaceQueryDto): Promise<PlaceQueryResult> {
    const city = this.cities.resolve(dto.region);
    if (city === undefined) {
      this.logger.debug({ msg: 'unknown city', region: dto.region });
      throw PlaceException.unknownCity();
    }

    const search: PlaceSearch = {
      query: dto.query,
      city,
      pageNumber: dto.page_number ?? 1,
      itemsPerPage: dto.items_per_page ?? DEFAULT_ITEMS_PER_PAGE,
    };
    const page = await this.search(search);

    return {
      items: page.items,
      page_number: search.pageNumber,
      items_per_page: search.itemsPerPage,
      total: page.total,
    };
  }

  private search(search: PlaceSearch): Promise<PlacePage> {
    if (!this.provider.cacheable || !this.cache.enabled) {
      return this.callProvider(search);
    }

    const key = placeCacheKey(this.provider.name, search);
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      return Promise.resolve(cached);
    }

    const running = this.inFlight.get(key);
    if (running !== undefined) {
      return running;
    }

    const started = this.callProvider(search)
      .then((page) => {
        this.cache.set(key, page);

        return page;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);

    return started;
  }

  private async callProvider(search: PlaceSearch): Promise<PlacePage> {
    try {
      return await this.provider.search(search);
    } catch (error) {
      if (!(error instanceof PlaceProviderError)) {
        throw error;
      }

      this.logFailure(error);
      throw PlaceException.providerUnavailable(error);
    }
  }

  /** One line per kind of failure a minute: an outage must not flood the log. */
  private logFailure(error: PlaceProviderError): void {
    const admitted = this.failureLog.admit(error.kind);
    if (admitted === undefined) {
      return;
    }

    this.logger.warn({
      msg: OPERATOR_HINTS[error.kind],
      provider: this.provider.name,
      kind: error.kind,
      reason: error.message,
      ...error.detail,
      similarSkipped: admitted.skipped,
    });
  }
}
