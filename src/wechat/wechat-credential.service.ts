import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { setTimeout as sleep } from 'node:timers/promises';

import { AppConfig } from '#src/config/app-config.js';
import { LeaseRepository } from '#src/database/lease.repository.js';
import {
  CredentialKind,
  StoredCredential,
  WechatCredentialRepository,
} from '#src/wechat/wechat-credential.repository.js';
import { WechatTransport } from '#src/wechat/wechat-transport.js';
import {
  WechatApiError,
  WechatException,
  WechatUnavailableError,
} from '#src/wechat/wechat.errors.js';

const KINDS: readonly CredentialKind[] = ['access_token', 'jsapi_ticket'];
const POLL_MS = 50;
const REFRESH_JOB = 'wechat-credential-refresh';

export interface StableTokenResult {
  accessToken: string;
  expiresIn: number;
}

export interface JsapiTicketResult {
  ticket: string;
  expiresIn: number;
}

/**
 * The app's access token and jsapi_ticket, one of each shared by every process through the
 * database. Each process keeps them in memory until the refresh-ahead window; a scheduled job
 * refreshes them ahead of expiry in the one process holding the database lease. When WeChat
 * rejects a token, compare-and-expire in the database makes exactly one process force a refresh.
 */
@Injectable()
export class WechatCredentialService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WechatCredentialService.name);
  private readonly memory = new Map<CredentialKind, StoredCredential>();
  /** In-process mutex per kind: leases are re-entrant for one holder, so a process needs its own. */
  private readonly locks = new Map<CredentialKind, Promise<unknown>>();
  private ticking = false;
  private closing = false;

  constructor(
    private readonly config: AppConfig,
    private readonly transport: WechatTransport,
    private readonly credentials: WechatCredentialRepository,
    private readonly leases: LeaseRepository,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  get enabled(): boolean {
    return this.config.wechatApiEnabled;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) {
      return;
    }

    const timer = setInterval(() => void this.refreshDue(), this.config.wechatTokenCheckIntervalMs);
    this.scheduler.addInterval(REFRESH_JOB, timer);
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
  }

  /** The shared access token; fetched (once, across processes) if none is usable. */
  async getAccessToken(): Promise<string> {
    return this.get('access_token');
  }

  /** The shared jsapi_ticket for JS-SDK signatures. */
  async getJsapiTicket(): Promise<string> {
    return this.get('jsapi_ticket');
  }

  /**
   * Runs a call with the access token. When WeChat answers 40001/40014/42001, the token is
   * replaced (forced only if it is still the stored one) and the call is retried once.
   */
  async withAccessToken<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    const token = await this.getAccessToken();
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof WechatApiError && error.isTokenInvalid)) {
        throw error;
      }
      this.logger.warn({ msg: 'WeChat rejected the access token', errcode: error.errcode });

      return call(await this.replaceAccessToken(token));
    }
  }

  /** POST cgi-bin/stable_token. */
  async fetchStableToken(forceRefresh = false): Promise<StableTokenResult> {
    const { appId, secret } = this.credentialsOrFail();
    const body = await this.transport.postJson<{ access_token: string; expires_in: number }>(
      'cgi-bin/stable_token',
      {},
      { grant_type: 'client_credential', appid: appId, secret, force_refresh: forceRefresh },
    );

    return { accessToken: body.access_token, expiresIn: body.expires_in };
  }

  /** GET cgi-bin/ticket/getticket with the given access token. */
  async fetchJsapiTicket(accessToken: string): Promise<JsapiTicketResult> {
    const body = await this.transport.getJson<{ ticket: string; expires_in: number }>(
      'cgi-bin/ticket/getticket',
      { access_token: accessToken, type: 'jsapi' },
    );

    return { ticket: body.ticket, expiresIn: body.expires_in };
  }

  /** The scheduled job: refreshes each credential that is inside the refresh-ahead window. */
  async refreshDue(): Promise<void> {
    if (this.ticking || this.closing || !this.enabled) {
      return;
    }

    this.ticking = true;
    try {
      for (const kind of KINDS) {
        await this.refreshIfDue(kind);
      }
    } finally {
      this.ticking = false;
    }
  }

  private async refreshIfDue(kind: CredentialKind): Promise<void> {
    const appId = this.credentialsOrFail().appId;
    try {
      await this.exclusive(kind, async () => {
        const stored = await this.credentials.find(appId, kind);
        if (
          !this.isDue(stored) ||
          !(await this.leases.acquire(this.leaseName(kind), this.leaseTtlMs))
        ) {
          return;
        }

        try {
          // Another process may have refreshed between the read and the lease.
          if (this.isDue(await this.credentials.find(appId, kind))) {
            await this.fetchAndStore(kind, false);
          }
        } finally {
          await this.leases.release(this.leaseName(kind));
        }
      });
    } catch (error) {
      if (!this.closing) {
        this.logger.warn({
          msg: 'scheduled WeChat credential refresh failed',
          kind,
          reason: describe(error),
        });
      }
    }
  }

  private async get(kind: CredentialKind): Promise<string> {
    const appId = this.credentialsOrFail().appId;
    const cached = this.memory.get(kind);
    if (cached !== undefined && Date.now() < cached.expiresAt.getTime() - this.aheadMs) {
      return cached.value;
    }

    const stored = await this.credentials.find(appId, kind);
    if (this.isUsable(stored)) {
      return this.remember(kind, stored);
    }

    return this.underLease(
      kind,
      (current) => this.isUsable(current),
      () => this.fetchAndStore(kind, false),
    );
  }

  /** Replaces a token WeChat rejected; forces a refresh only if it is still the stored one. */
  private async replaceAccessToken(failed: string): Promise<string> {
    const kind = 'access_token';
    const appId = this.credentialsOrFail().appId;
    if (this.memory.get(kind)?.value === failed) {
      this.memory.delete(kind);
    }
    const accept = (current: StoredCredential | undefined): current is StoredCredential =>
      this.isUsable(current) && current.value !== failed;

    return this.underLease(kind, accept, async () => {
      const expired = await this.credentials.expireIfCurrent(appId, kind, failed);
      const stillStored = (await this.credentials.find(appId, kind))?.value === failed;
      if (expired) {
        this.logger.log({ msg: 'forcing an access token refresh' });
      }

      return this.fetchAndStore(kind, expired || stillStored);
    });
  }

  /**
   * Runs `fetch` while holding the database lease, unless a value `accept`s first (another
   * process refreshed it meanwhile). Waits for the lease, reading the database as it waits.
   */
  private async underLease(
    kind: CredentialKind,
    accept: (current: StoredCredential | undefined) => current is StoredCredential,
    fetch: () => Promise<string>,
  ): Promise<string> {
    const appId = this.credentialsOrFail().appId;
    const deadline = Date.now() + this.leaseTtlMs + 2000;

    return this.exclusive(kind, async () => {
      for (;;) {
        const current = await this.credentials.find(appId, kind);
        if (accept(current)) {
          return this.remember(kind, current);
        }
        if (await this.leases.acquire(this.leaseName(kind), this.leaseTtlMs)) {
          try {
            const again = await this.credentials.find(appId, kind);

            return accept(again) ? this.remember(kind, again) : await fetch();
          } finally {
            await this.leases.release(this.leaseName(kind));
          }
        }
        if (Date.now() > deadline) {
          throw new WechatUnavailableError('timeout', `credential/${kind}`);
        }
        await sleep(POLL_MS);
      }
    });
  }

  private async fetchAndStore(kind: CredentialKind, force: boolean): Promise<string> {
    const appId = this.credentialsOrFail().appId;
    const startedAt = Date.now();
    const { value, expiresIn } =
      kind === 'access_token'
        ? await this.fetchStableToken(force).then((r) => ({
            value: r.accessToken,
            expiresIn: r.expiresIn,
          }))
        : await this.withAccessToken((token) => this.fetchJsapiTicket(token)).then((r) => ({
            value: r.ticket,
            expiresIn: r.expiresIn,
          }));
    const expiresAt = new Date(startedAt + expiresIn * 1000);
    await this.credentials.save(appId, kind, value, expiresAt);
    this.logger.log({
      msg: 'WeChat credential refreshed',
      kind,
      forced: force,
      expiresInS: expiresIn,
    });

    return this.remember(kind, { value, expiresAt });
  }

  private remember(kind: CredentialKind, credential: StoredCredential): string {
    this.memory.set(kind, credential);

    return credential.value;
  }

  /** Usable for a call: not expired, with a small safety margin. */
  private isUsable(stored: StoredCredential | undefined): stored is StoredCredential {
    const safetyMs = Math.min(30_000, this.aheadMs / 4);

    return stored !== undefined && stored.expiresAt.getTime() - Date.now() > safetyMs;
  }

  /** Missing, or inside the refresh-ahead window. */
  private isDue(stored: StoredCredential | undefined): boolean {
    return stored === undefined || stored.expiresAt.getTime() - Date.now() < this.aheadMs;
  }

  private async exclusive<T>(kind: CredentialKind, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(kind) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(work);
    this.locks.set(kind, run);
    try {
      return await run;
    } finally {
      if (this.locks.get(kind) === run) {
        this.locks.delete(kind);
      }
    }
  }

  private credentialsOrFail(): { appId: string; secret: string } {
    const { wechatAppId: appId, wechatAppSecret: secret } = this.config;
    if (appId === undefined || secret === undefined) {
      throw WechatException.notConfigured();
    }

    return { appId, secret };
  }

  private leaseName(kind: CredentialKind): string {
    return `wechat:${kind}:${this.credentialsOrFail().appId}`.slice(0, 64);
  }

  private get aheadMs(): number {
    return this.config.wechatTokenRefreshAheadS * 1000;
  }

  /** Longer than one fetch can take with its retries, so a live holder never loses the lease. */
  private get leaseTtlMs(): number {
    const { wechatApiTimeoutMs, wechatApiRetries, wechatApiRetryBaseMs } = this.config;

    return (
      wechatApiTimeoutMs * (wechatApiRetries + 1) +
      wechatApiRetryBaseMs * 2 ** wechatApiRetries +
      5000
    );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
