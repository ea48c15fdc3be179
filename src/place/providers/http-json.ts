import { PlaceProviderName } from '#src/config/app-config.js';
import { PlaceProviderError } from '#src/place/place.exception.js';

/**
 * GETs a map provider's JSON answer within the timeout. The URL carries our key, so neither it
 * nor the raw error (which may quote it) ever goes into the error's message or detail.
 */
export async function getJson(
  provider: PlaceProviderName,
  url: URL,
  timeoutMs: number,
): Promise<unknown> {
  const where = { provider, path: url.pathname };
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch (error) {
    // Duck-typed: the abort's DOMException may come from another realm (jest's VM contexts).
    const { name, cause } = (error ?? {}) as { name?: unknown; cause?: { message?: unknown } };
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new PlaceProviderError('timeout', `no answer within ${timeoutMs} ms`, where);
    }

    throw new PlaceProviderError('failed', 'could not reach the map provider', {
      ...where,
      reason: typeof cause?.message === 'string' ? cause.message : String(name),
    });
  }

  if (response.status !== 200) {
    throw new PlaceProviderError('failed', `HTTP ${response.status}`, {
      ...where,
      httpStatus: response.status,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new PlaceProviderError('failed', 'the answer is not JSON', where);
  }
}

/** A JSON number or numeric string as a number; NaN otherwise. */
export function numberOf(value: unknown): number {
  if (typeof value === 'number') {
    return value;
  }

  return typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
}

export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
