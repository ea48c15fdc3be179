import { PlaceProviderError, ProviderFailureKind } from '#src/place/place.exception.js';
import { getJson, numberOf, textOf } from '#src/place/providers/http-json.js';
import {
  PlaceItem,
  PlacePage,
  PlaceProvider,
  PlaceSearch,
} from '#src/place/providers/place-provider.js';

export const TENCENT_BASE_URL = 'https://apis.map.qq.com';

/** Tencent's status codes that mean "nothing found" rather than a failure. */
const NO_RESULT = new Set([347, 387, 393]);

/**
 * What a non-zero Tencent status says about our key, quota or request (its WebService status
 * table): 11x and 19x are the key's authorisation, 120 the per-second and 121 the daily limit,
 * 301 and 311 a missing or malformed key; other 3xx are request parameters, 5xx its servers.
 */
export function tencentFailureKind(status: number): ProviderFailureKind {
  if (status === 120) {
    return 'rate';
  }
  if (status === 121) {
    return 'quota';
  }
  if ((status >= 110 && status <= 199) || status === 301 || status === 311) {
    return 'key';
  }

  return 'failed';
}

interface TencentPoi {
  id?: unknown;
  title?: unknown;
  address?: unknown;
  location?: { lat?: unknown; lng?: unknown };
  ad_info?: { province?: unknown; city?: unknown; district?: unknown };
}

interface TencentBody {
  status?: unknown;
  message?: unknown;
  count?: unknown;
  data?: TencentPoi[];
}

/** Maps Tencent's place search answer (`/ws/place/v1/search`) to our page; throws on its errors. */
export function mapTencentBody(body: unknown): PlacePage {
  const answer = (body ?? {}) as TencentBody;
  const status = numberOf(answer.status);
  if (NO_RESULT.has(status)) {
    return { items: [], total: 0 };
  }
  if (status !== 0) {
    throw new PlaceProviderError(tencentFailureKind(status), 'Tencent refused the search', {
      provider: 'tencent',
      providerStatus: Number.isNaN(status) ? answer.status : status,
      providerMessage: textOf(answer.message),
    });
  }

  const items = (Array.isArray(answer.data) ? answer.data : []).flatMap(toItem);
  const count = numberOf(answer.count);

  return { items, total: Number.isFinite(count) ? Math.max(count, items.length) : items.length };
}

function toItem(poi: TencentPoi): PlaceItem[] {
  const latitude = numberOf(poi.location?.lat);
  const longitude = numberOf(poi.location?.lng);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) {
    return [];
  }

  return [
    {
      name: textOf(poi.title),
      address: textOf(poi.address),
      city: textOf(poi.ad_info?.city),
      district: textOf(poi.ad_info?.district),
      latitude,
      longitude,
      provider: 'tencent',
      provider_id: textOf(poi.id),
    },
  ];
}

/** Tencent LBS WebService place search; its coordinates are GCJ-02 already. */
export class TencentPlaceProvider implements PlaceProvider {
  readonly name = 'tencent';
  readonly cacheable = true;

  constructor(
    private readonly key: string,
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async search(request: PlaceSearch): Promise<PlacePage> {
    const url = new URL(`${this.baseUrl.replace(/\/+$/, '')}/ws/place/v1/search`);
    url.search = new URLSearchParams({
      keyword: request.query,
      // 0: stay inside the city rather than widening to the whole country.
      boundary: `region(${request.city.name},0)`,
      page_size: String(request.itemsPerPage),
      page_index: String(request.pageNumber),
      key: this.key,
    }).toString();

    return mapTencentBody(await getJson(this.name, url, this.timeoutMs));
  }
}
