import { PlaceProviderError, ProviderFailureKind } from '#src/place/place.exception.js';
import { getJson, numberOf, textOf } from '#src/place/providers/http-json.js';
import {
  PlaceItem,
  PlacePage,
  PlaceProvider,
  PlaceSearch,
} from '#src/place/providers/place-provider.js';

export const BAIDU_BASE_URL = 'https://api.map.baidu.com';

/**
 * What a non-zero Baidu status says (its Web API status table): 3 and 5, 101/102 and the 2xx
 * family are the ak's authorisation, 311 its signature; 4, 301 and 302 (daily) are quota; 401 and
 * 402 concurrency; 1 is its own fault and 2 a bad parameter.
 */
export function baiduFailureKind(status: number): ProviderFailureKind {
  if (status === 3 || status === 5 || status === 101 || status === 102 || status === 311) {
    return 'key';
  }
  if (status >= 200 && status <= 299) {
    return 'key';
  }
  if (status === 4 || status === 301 || status === 302) {
    return 'quota';
  }
  if (status === 401 || status === 402) {
    return 'rate';
  }

  return 'failed';
}

interface BaiduPoi {
  uid?: unknown;
  name?: unknown;
  address?: unknown;
  province?: unknown;
  city?: unknown;
  area?: unknown;
  location?: { lat?: unknown; lng?: unknown };
}

interface BaiduBody {
  status?: unknown;
  message?: unknown;
  total?: unknown;
  results?: BaiduPoi[];
}

/** Maps Baidu's place search answer (`/place/v2/search`) to our page; throws on its errors. */
export function mapBaiduBody(body: unknown): PlacePage {
  const answer = (body ?? {}) as BaiduBody;
  const status = numberOf(answer.status);
  if (status !== 0) {
    throw new PlaceProviderError(baiduFailureKind(status), 'Baidu refused the search', {
      provider: 'baidu',
      providerStatus: Number.isNaN(status) ? answer.status : status,
      providerMessage: textOf(answer.message),
    });
  }

  const items = (Array.isArray(answer.results) ? answer.results : []).flatMap(toItem);
  const total = numberOf(answer.total);

  return { items, total: Number.isFinite(total) ? Math.max(total, items.length) : items.length };
}

/** Baidu answers a region or a category name with entries that have no location: skip them. */
function toItem(poi: BaiduPoi): PlaceItem[] {
  const latitude = numberOf(poi.location?.lat);
  const longitude = numberOf(poi.location?.lng);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) {
    return [];
  }

  return [
    {
      name: textOf(poi.name),
      address: textOf(poi.address),
      city: textOf(poi.city) || textOf(poi.province),
      district: textOf(poi.area),
      latitude,
      longitude,
      provider: 'baidu',
      provider_id: textOf(poi.uid),
    },
  ];
}

/** Baidu Place API v2, asked for GCJ-02 coordinates (its default is its own BD-09). */
export class BaiduPlaceProvider implements PlaceProvider {
  readonly name = 'baidu';
  readonly cacheable = true;

  constructor(
    private readonly ak: string,
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async search(request: PlaceSearch): Promise<PlacePage> {
    const url = new URL(`${this.baseUrl.replace(/\/+$/, '')}/place/v2/search`);
    url.search = new URLSearchParams({
      query: request.query,
      region: request.city.name,
      city_limit: 'true',
      output: 'json',
      ret_coordtype: 'gcj02ll',
      page_size: String(request.itemsPerPage),
      // Baidu counts pages from 0.
      page_num: String(request.pageNumber - 1),
      ak: this.ak,
    }).toString();

    return mapBaiduBody(await getJson(this.name, url, this.timeoutMs));
  }
}
