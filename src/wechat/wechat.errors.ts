import { AppException } from '#src/common/app.exception.js';

export enum WechatErrorCode {
  NotConfigured = 'WECHAT_NOT_CONFIGURED',
  CallbackNotConfigured = 'WECHAT_CALLBACK_NOT_CONFIGURED',
  ApiError = 'WECHAT_API_ERROR',
  Unavailable = 'WECHAT_UNAVAILABLE',
  BadSignature = 'WECHAT_BAD_SIGNATURE',
  StaleTimestamp = 'WECHAT_STALE_TIMESTAMP',
  BadMessage = 'WECHAT_BAD_MESSAGE',
  AppIdMismatch = 'WECHAT_APPID_MISMATCH',
}

/** WeChat's error codes that mean "the access token is not (or no longer) valid". */
export const TOKEN_INVALID_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

/** Every error the WeChat layer throws. */
export class WechatException extends AppException {
  constructor(
    code: WechatErrorCode,
    message: string,
    httpStatus: number,
    options?: { cause?: unknown },
  ) {
    super(code, message, httpStatus, options);
  }

  static notConfigured(): WechatException {
    return new WechatException(WechatErrorCode.NotConfigured, 'WeChat app is not configured', 503);
  }
}

/** WeChat answered with a non-zero `errcode`; carries WeChat's own code and message. */
export class WechatApiError extends WechatException {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly path: string,
  ) {
    super(WechatErrorCode.ApiError, `WeChat refused the request (errcode ${errcode})`, 502);
  }

  get isTokenInvalid(): boolean {
    return TOKEN_INVALID_ERRCODES.has(this.errcode);
  }
}

/** WeChat did not answer in time, could not be reached, or answered something unreadable. */
export class WechatUnavailableError extends WechatException {
  constructor(
    readonly reason: 'timeout' | 'network' | 'bad-response',
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    const message =
      reason === 'timeout' ? 'WeChat did not answer in time' : 'WeChat is not reachable right now';
    super(WechatErrorCode.Unavailable, message, 503, options);
  }
}
