import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A stateful stand-in for api.weixin.qq.com on loopback, for tests. Point the app at it with
 * `fake.env()` (WECHAT_API_BASE_URL, WECHAT_APP_ID, WECHAT_APP_SECRET). It implements the
 * endpoints the server uses, with WeChat's error codes, and counts every call per path.
 *
 * Paths are written without the leading slash, e.g. `cgi-bin/stable_token`; methods that take a
 * path also accept its last segment alone (`stable_token`).
 */
export interface FakeWechatOptions {
  appId?: string;
  secret?: string;
  /** Lifetime of access tokens and jsapi tickets, in seconds (WeChat: 7200). */
  tokenTtlS?: number;
  /**
   * A normal (not forced) stable_token call returns the current token until it has less than
   * this left, then issues a new one (the old one stays valid until its own expiry).
   * Default: half the lifetime, at most 300 s.
   */
  renewWithinS?: number;
  /** 客服 messages per openid before 45047 (WeChat: 5 per 48 h after a user message). */
  customMessageQuota?: number;
}

export interface RecordedCall {
  path: string;
  method: string;
  query: Record<string, string>;
  body: unknown;
  at: number;
}

export interface FakeUser {
  openid: string;
  subscribe?: 0 | 1;
  unionid?: string;
  nickname?: string;
  headimgurl?: string;
  qr_scene_str?: string;
  subscribe_scene?: string;
  [field: string]: unknown;
}

export interface FakeQrCode {
  ticket: string;
  actionName: string;
  scene: string | number;
  expireSeconds?: number;
}

export interface SentCustomMessage {
  touser: string;
  msgtype: string;
  [field: string]: unknown;
}

interface Credential {
  value: string;
  expiresAt: number;
  revoked: boolean;
}

interface Script {
  errcode: number;
  errmsg: string;
  times: number;
}

type Json = Record<string, unknown>;

const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40003: 'invalid openid',
  40007: 'invalid media_id',
  40013: 'invalid appid',
  40029: 'invalid code',
  40125: 'invalid appsecret',
  40163: 'code been used',
  41001: 'access_token missing',
  42001: 'access_token expired',
  45015: 'response out of time limit or subscription is canceled',
  45047: 'out of response count limit',
  47001: 'data format error',
  48001: 'api unauthorized',
};

export class FakeWechat {
  readonly appId: string;
  readonly secret: string;
  private readonly ttlMs: number;
  private readonly renewWithinMs: number;
  private readonly quota: number;
  private readonly recorded: RecordedCall[] = [];
  private readonly scripts = new Map<string, Script[]>();
  private readonly hangs = new Map<string, number>();
  private readonly lostAnswers = new Map<string, number>();
  private readonly tokens = new Map<string, Credential>();
  private readonly issuedTokens: string[] = [];
  private readonly tickets = new Map<string, Credential>();
  private readonly issuedTickets: string[] = [];
  private readonly codes = new Map<string, { openid: string; scope: string; used: boolean }>();
  private readonly userTokens = new Map<string, { openid: string; scope: string }>();
  private readonly users = new Map<string, FakeUser>();
  private readonly media = new Map<string, { bytes: Buffer; contentType: string } | string>();
  private readonly qr: FakeQrCode[] = [];
  private readonly sent: SentCustomMessage[] = [];
  private readonly closedWindows = new Set<string>();
  private currentToken?: string;
  private currentTicket?: string;
  private forced = 0;
  private serial = 0;
  private baseUrl = '';

  private constructor(
    private readonly server: Server,
    options: FakeWechatOptions,
  ) {
    this.appId = options.appId ?? 'wxfake0000000001';
    this.secret = options.secret ?? 'fake-secret';
    this.ttlMs = (options.tokenTtlS ?? 7200) * 1000;
    this.renewWithinMs =
      (options.renewWithinS ?? Math.min(300, (options.tokenTtlS ?? 7200) / 2)) * 1000;
    this.quota = options.customMessageQuota ?? 5;
  }

  /** Starts a fake on 127.0.0.1 and a random port. */
  static async start(options: FakeWechatOptions = {}): Promise<FakeWechat> {
    const server = createServer();
    const fake = new FakeWechat(server, options);
    server.on('request', (request, response) => void fake.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    return fake;
  }

  /** The base URL to use as WECHAT_API_BASE_URL. */
  get url(): string {
    return this.baseUrl;
  }

  /** The variables that point the app at this fake with valid credentials. */
  env(): Record<string, string> {
    return {
      WECHAT_API_BASE_URL: this.baseUrl,
      WECHAT_APP_ID: this.appId,
      WECHAT_APP_SECRET: this.secret,
    };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- scripting -------------------------------------------------------------------------

  /** Answers the next `times` calls to `path` with `{errcode, errmsg}` (e.g. -1, 45009). */
  failNext(path: string, errcode: number, times = 1, errmsg = ERRMSG[errcode] ?? 'error'): void {
    const key = this.normalise(path);
    this.scripts.set(key, [...(this.scripts.get(key) ?? []), { errcode, errmsg, times }]);
  }

  /** Drops every scripted failure not yet used. */
  clearFailures(): void {
    this.scripts.clear();
  }

  /**
   * Carries out the next `times` calls to `path`, then closes the connection instead of
   * answering: the call took effect, but the caller sees a network error.
   */
  loseAnswers(path: string, times = 1): void {
    this.lostAnswers.set(this.normalise(path), times);
  }

  /** Delays every answer on `path` by `ms`; with no `ms` it never answers (until close). */
  hang(path: string, ms = Number.POSITIVE_INFINITY): void {
    this.hangs.set(this.normalise(path), ms);
  }

  unhang(path: string): void {
    this.hangs.delete(this.normalise(path));
  }

  /** Makes every issued access token invalid (calls with it get 40001), like a secret reset. */
  revokeTokens(): void {
    for (const token of this.tokens.values()) {
      token.revoked = true;
    }
  }

  /** A web OAuth code for `openid`; it works once (then 40163), unknown codes get 40029. */
  issueCode(openid: string, scope: 'snsapi_base' | 'snsapi_userinfo' = 'snsapi_base'): string {
    const code = `code_${this.next()}`;
    this.codes.set(code, { openid, scope, used: false });

    return code;
  }

  /** Registers a user for cgi-bin/user/info and sns/userinfo. */
  addUser(user: FakeUser): void {
    this.users.set(user.openid, { subscribe: 1, ...user });
  }

  /** Temporary media; unknown ids answer the 40007 JSON error with HTTP 200. */
  addMedia(mediaId: string, bytes: Buffer, contentType = 'image/jpeg'): void {
    this.media.set(mediaId, { bytes, contentType });
  }

  /** A video media id: WeChat answers JSON `{video_url}` for these. */
  addVideo(mediaId: string, videoUrl: string): void {
    this.media.set(mediaId, videoUrl);
  }

  /** Makes 客服 messages to `openid` fail with 45015 (window expired or unsubscribed). */
  closeWindow(openid: string): void {
    this.closedWindows.add(openid);
  }

  // ---- observation -----------------------------------------------------------------------

  /** How many calls reached `path` (every answer counts, errors and hangs included). */
  calls(path: string): number {
    return this.callsTo(path).length;
  }

  callsTo(path: string): RecordedCall[] {
    const key = this.normalise(path);

    return this.recorded.filter((call) => call.path === key);
  }

  /** Every access token issued, oldest first. */
  tokensIssued(): string[] {
    return [...this.issuedTokens];
  }

  ticketsIssued(): string[] {
    return [...this.issuedTickets];
  }

  /** How many stable_token calls had force_refresh: true. */
  forcedRefreshes(): number {
    return this.forced;
  }

  /** The newest valid access token, if any. */
  validToken(): string | undefined {
    return this.currentToken !== undefined && this.isValid(this.tokens.get(this.currentToken))
      ? this.currentToken
      : undefined;
  }

  qrCodes(): FakeQrCode[] {
    return [...this.qr];
  }

  sentMessages(openid?: string): SentCustomMessage[] {
    return this.sent.filter((message) => openid === undefined || message.touser === openid);
  }

  resetCalls(): void {
    this.recorded.length = 0;
  }

  // ---- the server ------------------------------------------------------------------------

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/^\/+/, '');
    const text = await readBody(request);
    let body: unknown = undefined;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const query = Object.fromEntries(url.searchParams);
    this.recorded.push({ path, method: request.method ?? 'GET', query, body, at: Date.now() });

    const delay = this.hangs.get(path);
    if (delay === Number.POSITIVE_INFINITY) {
      return;
    }
    if (delay !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, delay));
    }

    const script = this.scripts.get(path)?.[0];
    if (script !== undefined) {
      script.times -= 1;
      if (script.times <= 0) {
        this.scripts.get(path)?.shift();
      }
      sendJson(response, { errcode: script.errcode, errmsg: script.errmsg });

      return;
    }

    const answer = this.route(path, query, (body ?? {}) as Json, response);
    const lose = this.lostAnswers.get(path) ?? 0;
    if (lose > 0) {
      this.lostAnswers.set(path, lose - 1);
      request.socket.destroy();

      return;
    }
    sendJson(response, answer);
  }

  private route(
    path: string,
    query: Record<string, string>,
    body: Json,
    response: ServerResponse,
  ): Json | undefined {
    switch (path) {
      case 'cgi-bin/stable_token':
        return this.stableToken(body);
      case 'cgi-bin/ticket/getticket':
        return this.withToken(query, () => this.ticket());
      case 'sns/oauth2/access_token':
        return this.oauthExchange(query);
      case 'sns/userinfo':
        return this.oauthUserInfo(query);
      case 'cgi-bin/user/info':
        return this.withToken(query, () => this.userInfo(query));
      case 'cgi-bin/qrcode/create':
        return this.withToken(query, () => this.createQr(body));
      case 'cgi-bin/media/get':
        return this.withToken(query, () => this.mediaGet(query, response));
      case 'cgi-bin/message/custom/send':
        return this.withToken(query, () => this.customSend(body));
      default:
        return { errcode: 404, errmsg: `fake: no such api ${path}` };
    }
  }

  private stableToken(body: Json): Json {
    if (body.grant_type !== 'client_credential') {
      return error(47001);
    }
    if (body.appid !== this.appId) {
      return error(40013);
    }
    if (body.secret !== this.secret) {
      return error(40125);
    }

    const now = Date.now();
    const current =
      this.currentToken === undefined ? undefined : this.tokens.get(this.currentToken);
    if (body.force_refresh === true) {
      this.forced += 1;
      this.revokeTokens();
    } else if (
      current !== undefined &&
      this.isValid(current) &&
      current.expiresAt - now > this.renewWithinMs
    ) {
      return {
        access_token: current.value,
        expires_in: Math.floor((current.expiresAt - now) / 1000),
      };
    }

    const token = `ACCESS_${this.next()}_${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, { value: token, expiresAt: now + this.ttlMs, revoked: false });
    this.issuedTokens.push(token);
    this.currentToken = token;

    return { access_token: token, expires_in: this.ttlMs / 1000 };
  }

  private ticket(): Json {
    const now = Date.now();
    const current =
      this.currentTicket === undefined ? undefined : this.tickets.get(this.currentTicket);
    if (current !== undefined && current.expiresAt - now > this.renewWithinMs) {
      return {
        errcode: 0,
        errmsg: 'ok',
        ticket: current.value,
        expires_in: Math.floor((current.expiresAt - now) / 1000),
      };
    }

    const ticket = `TICKET_${this.next()}_${randomBytes(16).toString('base64url')}`;
    this.tickets.set(ticket, { value: ticket, expiresAt: now + this.ttlMs, revoked: false });
    this.issuedTickets.push(ticket);
    this.currentTicket = ticket;

    return { errcode: 0, errmsg: 'ok', ticket, expires_in: this.ttlMs / 1000 };
  }

  private oauthExchange(query: Record<string, string>): Json {
    if (query.appid !== this.appId) {
      return error(40013);
    }
    if (query.secret !== this.secret) {
      return error(40125);
    }
    const code = this.codes.get(query.code ?? '');
    if (code === undefined) {
      return error(40029);
    }
    if (code.used) {
      return error(40163);
    }

    code.used = true;
    const token = `USER_${this.next()}_${randomBytes(12).toString('base64url')}`;
    this.userTokens.set(token, { openid: code.openid, scope: code.scope });
    const unionid = this.users.get(code.openid)?.unionid;

    return {
      access_token: token,
      expires_in: 7200,
      refresh_token: `REFRESH_${this.next()}`,
      openid: code.openid,
      scope: code.scope,
      ...(unionid === undefined ? {} : { unionid }),
    };
  }

  private oauthUserInfo(query: Record<string, string>): Json {
    const grant = this.userTokens.get(query.access_token ?? '');
    if (grant === undefined || grant.openid !== query.openid) {
      return error(40001);
    }
    if (grant.scope !== 'snsapi_userinfo') {
      return error(48001);
    }

    const user = this.users.get(grant.openid);

    return {
      openid: grant.openid,
      nickname: user?.nickname ?? 'WeChat user',
      sex: 0,
      province: '',
      city: '',
      country: '',
      headimgurl: user?.headimgurl ?? '',
      privilege: [],
      ...(user?.unionid === undefined ? {} : { unionid: user.unionid }),
    };
  }

  private userInfo(query: Record<string, string>): Json {
    const openid = query.openid ?? '';
    if (openid === '') {
      return error(40003);
    }
    const user = this.users.get(openid);
    if (user === undefined) {
      return { subscribe: 0, openid };
    }

    // Since 2021-12-27 user/info no longer returns nickname and headimgurl.
    const rest = Object.fromEntries(
      Object.entries(user).filter(([field]) => field !== 'nickname' && field !== 'headimgurl'),
    );

    return {
      language: 'zh_CN',
      subscribe_time: 1_700_000_000,
      remark: '',
      groupid: 0,
      tagid_list: [],
      ...rest,
    };
  }

  private createQr(body: Json): Json {
    const actionName = text(body.action_name);
    const scene = ((body.action_info as Json | undefined)?.scene ?? {}) as Json;
    const value = (scene.scene_str ?? scene.scene_id) as string | number | undefined;
    const permanent = actionName.startsWith('QR_LIMIT');
    const expire = body.expire_seconds === undefined ? 30 : Number(body.expire_seconds);
    const validScene =
      typeof value === 'string'
        ? value.length >= 1 && value.length <= 64
        : typeof value === 'number' && value > 0;
    const validAction = [
      'QR_SCENE',
      'QR_STR_SCENE',
      'QR_LIMIT_SCENE',
      'QR_LIMIT_STR_SCENE',
    ].includes(actionName);
    if (!validAction || !validScene || (!permanent && (expire < 1 || expire > 2_592_000))) {
      return error(40053, 'invalid action info');
    }

    const ticket = `gQ${this.next()}${randomBytes(12).toString('base64url')}==`;
    this.qr.push({
      ticket,
      actionName,
      scene: value as string | number,
      expireSeconds: permanent ? undefined : expire,
    });

    return {
      ticket,
      ...(permanent ? {} : { expire_seconds: expire }),
      url: `http://weixin.qq.com/q/${randomBytes(9).toString('base64url')}`,
    };
  }

  private mediaGet(query: Record<string, string>, response: ServerResponse): Json | undefined {
    const media = this.media.get(query.media_id ?? '');
    if (media === undefined) {
      return error(40007);
    }
    if (typeof media === 'string') {
      return { video_url: media };
    }

    const extension = media.contentType.split('/')[1] ?? 'bin';
    response.writeHead(200, {
      'content-type': media.contentType,
      'content-length': media.bytes.length,
      'content-disposition': `attachment; filename="${query.media_id}.${extension}"`,
    });
    response.end(media.bytes);

    return undefined;
  }

  private customSend(body: Json): Json {
    const touser = text(body.touser);
    const msgtype = text(body.msgtype);
    if (touser === '' || !['text', 'news', 'image', 'mpnews'].includes(msgtype)) {
      return error(47001);
    }
    if (this.closedWindows.has(touser)) {
      return error(45015);
    }
    if (this.sentMessages(touser).length >= this.quota) {
      return error(45047);
    }

    this.sent.push(body as SentCustomMessage);

    return { errcode: 0, errmsg: 'ok' };
  }

  private withToken(
    query: Record<string, string>,
    answer: () => Json | undefined,
  ): Json | undefined {
    const token = query.access_token;
    if (token === undefined || token === '') {
      return error(41001);
    }
    const credential = this.tokens.get(token);
    if (credential === undefined || credential.revoked) {
      return error(40001);
    }
    if (credential.expiresAt <= Date.now()) {
      return error(42001);
    }

    return answer();
  }

  private isValid(credential: Credential | undefined): boolean {
    return credential !== undefined && !credential.revoked && credential.expiresAt > Date.now();
  }

  private normalise(path: string): string {
    const trimmed = path.replace(/^\/+/, '');
    if (trimmed.includes('/')) {
      return trimmed;
    }

    const known = [
      'cgi-bin/stable_token',
      'cgi-bin/ticket/getticket',
      'sns/oauth2/access_token',
      'sns/userinfo',
      'cgi-bin/user/info',
      'cgi-bin/qrcode/create',
      'cgi-bin/media/get',
      'cgi-bin/message/custom/send',
    ];

    return known.find((candidate) => candidate.endsWith(`/${trimmed}`)) ?? trimmed;
  }

  private next(): number {
    this.serial += 1;

    return this.serial;
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function error(errcode: number, errmsg = ERRMSG[errcode] ?? 'error'): Json {
  return { errcode, errmsg };
}

function sendJson(response: ServerResponse, body: Json | undefined): void {
  if (body === undefined || response.headersSent) {
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json; encoding=utf-8' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }

  return Buffer.concat(chunks).toString('utf8');
}
