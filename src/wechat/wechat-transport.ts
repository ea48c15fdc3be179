import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';

import { AppConfig } from '#src/config/app-config.js';
import { WechatApiError, WechatUnavailableError } from '#src/wechat/wechat.errors.js';

export type Query = Record<string, string | number | undefined>;

interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  query?: Query;
  body?: unknown;
}

/** A response whose body the caller streams (media download). */
export interface RawResponse {
  response: Response;
  contentType: string;
}

/** WeChat answers errors as JSON, sometimes labelled text/plain, even with HTTP 200. */
function isJsonType(contentType: string): boolean {
  return /json|^text\/plain/i.test(contentType);
}

class RetryableError extends Error {
  constructor(
    readonly final: Error,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * HTTP to WeChat's API: every call has a timeout, retries with exponential backoff on `-1`
 * (system busy), on network errors and on 5xx, and turns a non-zero `errcode` into
 * WechatApiError. URLs carry access tokens, so only the path is ever logged.
 *
 * A POST (a 客服 message, a QR code) may take effect even when its answer is lost, so it is
 * retried only when WeChat certainly did not act on it: `-1`, or a connection never made.
 * A GET reads, and is retried on any network error or 5xx.
 */
@Injectable()
export class WechatTransport {
  private readonly logger = new Logger(WechatTransport.name);

  constructor(private readonly config: AppConfig) {}

  async getJson<T>(path: string, query: Query = {}): Promise<T> {
    return this.json<T>({ method: 'GET', path, query });
  }

  async postJson<T>(path: string, query: Query, body: unknown): Promise<T> {
    return this.json<T>({ method: 'POST', path, query, body });
  }

  /**
   * GET whose successful body is not JSON (media). A JSON body (an error, or a video's
   * `video_url`) is parsed and checked like any other answer and returned as `json`.
   */
  async getRaw(path: string, query: Query): Promise<RawResponse | { json: unknown }> {
    return this.withRetries(path, async () => {
      const controller = new AbortController();
      // Limitation: the timeout covers reaching the response headers only; the caller owns the
      // body stream afterwards, because a large file may legitimately take longer.
      const timer = setTimeout(() => controller.abort(timeoutError()), this.timeoutMs);
      try {
        const response = await this.send({ method: 'GET', path, query }, controller.signal);
        const contentType = response.headers.get('content-type') ?? '';
        if (response.status === 200 && !isJsonType(contentType)) {
          return { response, contentType };
        }

        return {
          json: this.check(path, response.status, await this.readText(path, response, true), true),
        };
      } finally {
        clearTimeout(timer);
      }
    });
  }

  private get timeoutMs(): number {
    return this.config.wechatApiTimeoutMs;
  }

  private async json<T>(spec: RequestSpec): Promise<T> {
    return this.withRetries(spec.path, async () => {
      const response = await this.send(spec, AbortSignal.timeout(this.timeoutMs));

      const text = await this.readText(spec.path, response, spec.method === 'GET');

      return this.check(spec.path, response.status, text, spec.method === 'GET') as T;
    });
  }

  private async send(spec: RequestSpec, signal: AbortSignal): Promise<Response> {
    const url = new URL(`${this.config.wechatApiBaseUrl}/${spec.path}`);
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) {
        url.searchParams.set(name, String(value));
      }
    }

    try {
      return await fetch(url, {
        method: spec.method,
        signal,
        headers: spec.body === undefined ? {} : { 'content-type': 'application/json' },
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
      });
    } catch (error) {
      throw this.transportError(spec.path, error, spec.method === 'GET' || neverSent(error));
    }
  }

  /** The body of an answer; once an answer has begun, WeChat has acted on the request. */
  private async readText(path: string, response: Response, retryable: boolean): Promise<string> {
    try {
      return await response.text();
    } catch (error) {
      throw this.transportError(path, error, retryable);
    }
  }

  /**
   * Parses WeChat's JSON answer; errcode -1 is retryable, 5xx too when `retryable` (a GET),
   * other errcodes are final.
   */
  private check(path: string, status: number, text: string, retryable: boolean): unknown {
    if (status >= 500) {
      const failure = new WechatUnavailableError('bad-response', path);
      throw retryable ? new RetryableError(failure, `HTTP ${status}`) : failure;
    }

    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new WechatUnavailableError('bad-response', path, { cause: error });
    }
    const { errcode, errmsg } = (body ?? {}) as { errcode?: unknown; errmsg?: unknown };
    if (typeof errcode === 'number' && errcode !== 0) {
      const failure = new WechatApiError(errcode, typeof errmsg === 'string' ? errmsg : '', path);
      throw errcode === -1 ? new RetryableError(failure, 'errcode -1') : failure;
    }

    return body;
  }

  private transportError(path: string, error: unknown, retryable: boolean): Error {
    const name = (error as { name?: string } | undefined)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      // A timeout is not retried: WeChat may still be processing, and retrying multiplies the wait.
      return new WechatUnavailableError('timeout', path, { cause: error });
    }

    const failure = new WechatUnavailableError('network', path, { cause: error });

    return retryable ? new RetryableError(failure, 'network') : failure;
  }

  private async withRetries<T>(path: string, attempt: () => Promise<T>): Promise<T> {
    const tries = this.config.wechatApiRetries;
    for (let n = 1; ; n += 1) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof RetryableError)) {
          throw error;
        }
        if (n >= tries) {
          this.logger.warn({
            msg: 'WeChat call failed after retries',
            path,
            tries,
            reason: error.reason,
          });
          throw error.final;
        }
        const delayMs = this.config.wechatApiRetryBaseMs * 2 ** (n - 1);
        this.logger.debug({
          msg: 'WeChat call failed, retrying',
          path,
          attempt: n,
          delayMs,
          reason: error.reason,
        });
        await sleep(delayMs);
      }
    }
  }
}

/** Connection failures before a request is sent: WeChat never saw it. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function neverSent(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;

  return typeof code === 'string' && NOT_SENT_CODES.has(code);
}

function timeoutError(): Error {
  const error = new Error('WeChat did not answer in time');
  error.name = 'TimeoutError';

  return error;
}
