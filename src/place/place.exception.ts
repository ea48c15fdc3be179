import { AppException } from '#src/common/app.exception.js';

/** Why a place search failed; the envelope's `code`. */
export enum PlaceErrorCode {
  UnknownCity = 'UNKNOWN_CITY',
  ProviderKeyRefused = 'PLACE_PROVIDER_KEY_REFUSED',
  ProviderQuotaExceeded = 'PLACE_PROVIDER_QUOTA_EXCEEDED',
  ProviderRateLimited = 'PLACE_PROVIDER_RATE_LIMITED',
  ProviderTimeout = 'PLACE_PROVIDER_TIMEOUT',
  ProviderFailed = 'PLACE_PROVIDER_FAILED',
}

/** How a map provider failed, as far as we can tell from its answer. */
export type ProviderFailureKind = 'key' | 'quota' | 'rate' | 'timeout' | 'failed';

/**
 * A map provider's failure, raised by the providers and turned into a 503 by the service. Its
 * message and detail are for operators; they never carry the API key.
 */
export class PlaceProviderError extends Error {
  constructor(
    readonly kind: ProviderFailureKind,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = PlaceProviderError.name;
  }
}

const UNAVAILABLE: Record<ProviderFailureKind, { code: PlaceErrorCode; msg: string }> = {
  key: {
    code: PlaceErrorCode.ProviderKeyRefused,
    msg: 'Place search is unavailable: the map provider refused our key',
  },
  quota: {
    code: PlaceErrorCode.ProviderQuotaExceeded,
    msg: 'Place search is unavailable: our map provider quota is used up',
  },
  rate: {
    code: PlaceErrorCode.ProviderRateLimited,
    msg: 'Place search is busy: the map provider is limiting us, try again in a moment',
  },
  timeout: {
    code: PlaceErrorCode.ProviderTimeout,
    msg: 'Place search is unavailable: the map provider did not answer in time',
  },
  failed: {
    code: PlaceErrorCode.ProviderFailed,
    msg: 'Place search is unavailable: the map provider failed, try again later',
  },
};

export class PlaceException extends AppException {
  static unknownCity(): PlaceException {
    return new PlaceException(
      PlaceErrorCode.UnknownCity,
      'region must be a city in China, such as 武汉 or Wuhan',
      400,
    );
  }

  static providerUnavailable(error: PlaceProviderError): PlaceException {
    const { code, msg } = UNAVAILABLE[error.kind];

    return new PlaceException(code, msg, 503, { cause: error });
  }
}
