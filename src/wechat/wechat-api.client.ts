import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { ReadableStream as WebReadableStream } from 'node:stream/web';

import { AppConfig } from '#src/config/app-config.js';
import {
  JsapiTicketResult,
  StableTokenResult,
  WechatCredentialService,
} from '#src/wechat/wechat-credential.service.js';
import { WechatTransport } from '#src/wechat/wechat-transport.js';
import { WechatException, WechatUnavailableError } from '#src/wechat/wechat.errors.js';

const SHOW_QR_CODE_URL = 'https://mp.weixin.qq.com/cgi-bin/showqrcode';

export type OauthScope = 'snsapi_base' | 'snsapi_userinfo';

export interface OauthToken {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  openid: string;
  scope: string;
  unionid?: string;
}

export interface OauthUserInfo {
  openid: string;
  nickname?: string;
  sex?: number;
  province?: string;
  city?: string;
  country?: string;
  headimgurl?: string;
  privilege?: string[];
  unionid?: string;
}

/** cgi-bin/user/info; since 2021-12-27 WeChat no longer returns nickname and headimgurl. */
export interface WechatUser {
  subscribe: 0 | 1;
  openid: string;
  language?: string;
  subscribe_time?: number;
  unionid?: string;
  remark?: string;
  groupid?: number;
  tagid_list?: number[];
  subscribe_scene?: string;
  qr_scene?: number;
  qr_scene_str?: string;
}

export interface CreateQrCodeOptions {
  /** A string scene (`QR_STR_SCENE` / `QR_LIMIT_STR_SCENE`, 1–64 chars) or a numeric one. */
  scene: string | number;
  /** Permanent codes are a scarce quota (at most 100,000 per account). */
  permanent?: boolean;
  /** Temporary codes only: 1..2,592,000 s (30 days); WeChat's default is 30 s. */
  expireSeconds?: number;
}

export interface QrCode {
  ticket: string;
  /** Absent for permanent codes. */
  expireSeconds?: number;
  /** The payload to render as a QR image yourself. */
  url: string;
  /** WeChat's rendered image of the code. */
  imageUrl: string;
}

export type MediaDownload =
  | {
      kind: 'file';
      stream: Readable;
      contentType: string;
      fileName?: string;
      contentLength?: number;
    }
  | { kind: 'video'; videoUrl: string };

export type CustomMessage =
  | { type: 'text'; content: string }
  | {
      type: 'news';
      /** WeChat shows only one article in a 客服 news message since 2018-10-12. */
      article: { title: string; description?: string; url: string; picUrl?: string };
    };

/**
 * Typed WeChat official-account API. Calls that need the app's access token use the shared
 * one and retry once after a token rejection; every call has a timeout and bounded retries
 * (see WechatTransport). Failures are WechatApiError (WeChat's errcode and errmsg),
 * WechatUnavailableError (timeout, unreachable) or WECHAT_NOT_CONFIGURED.
 */
@Injectable()
export class WechatApiClient {
  constructor(
    private readonly config: AppConfig,
    private readonly transport: WechatTransport,
    private readonly credentials: WechatCredentialService,
  ) {}

  /** The raw cgi-bin/stable_token call; normal code uses the shared token instead. */
  async stableToken(forceRefresh = false): Promise<StableTokenResult> {
    return this.credentials.fetchStableToken(forceRefresh);
  }

  /** The shared jsapi_ticket (cached; fetched once across processes). */
  async jsapiTicket(): Promise<string> {
    return this.credentials.getJsapiTicket();
  }

  /** The raw cgi-bin/ticket/getticket call with the shared access token. */
  async fetchJsapiTicket(): Promise<JsapiTicketResult> {
    return this.credentials.withAccessToken((token) => this.credentials.fetchJsapiTicket(token));
  }

  /** sns/oauth2/access_token: exchanges a web OAuth code (single use, 5 min) for the user. */
  async oauthExchange(code: string): Promise<OauthToken> {
    const { appId, secret } = this.appOrFail();
    const body = await this.transport.getJson<{
      access_token: string;
      expires_in: number;
      refresh_token: string;
      openid: string;
      scope: string;
      unionid?: string;
    }>('sns/oauth2/access_token', {
      appid: appId,
      secret,
      code,
      grant_type: 'authorization_code',
    });

    return {
      accessToken: body.access_token,
      expiresIn: body.expires_in,
      refreshToken: body.refresh_token,
      openid: body.openid,
      scope: body.scope,
      unionid: body.unionid,
    };
  }

  /** sns/userinfo with the user's OAuth token (scope snsapi_userinfo). */
  async oauthUserInfo(
    userAccessToken: string,
    openid: string,
    lang = 'zh_CN',
  ): Promise<OauthUserInfo> {
    this.appOrFail();

    return this.transport.getJson<OauthUserInfo>('sns/userinfo', {
      access_token: userAccessToken,
      openid,
      lang,
    });
  }

  /** cgi-bin/user/info: subscription state and the QR scene that brought the user. */
  async userInfo(openid: string, lang = 'zh_CN'): Promise<WechatUser> {
    return this.credentials.withAccessToken((token) =>
      this.transport.getJson<WechatUser>('cgi-bin/user/info', {
        access_token: token,
        openid,
        lang,
      }),
    );
  }

  /** cgi-bin/qrcode/create: a temporary or permanent parametrised QR code. */
  async createQrCode(options: CreateQrCodeOptions): Promise<QrCode> {
    const textual = typeof options.scene === 'string';
    const actionName = options.permanent
      ? textual
        ? 'QR_LIMIT_STR_SCENE'
        : 'QR_LIMIT_SCENE'
      : textual
        ? 'QR_STR_SCENE'
        : 'QR_SCENE';
    const scene = textual ? { scene_str: options.scene } : { scene_id: options.scene };
    const body = {
      ...(options.permanent ? {} : { expire_seconds: options.expireSeconds ?? 30 }),
      action_name: actionName,
      action_info: { scene },
    };
    const result = await this.credentials.withAccessToken((token) =>
      this.transport.postJson<{ ticket: string; expire_seconds?: number; url: string }>(
        'cgi-bin/qrcode/create',
        { access_token: token },
        body,
      ),
    );

    return {
      ticket: result.ticket,
      expireSeconds: result.expire_seconds,
      url: result.url,
      imageUrl: WechatApiClient.showQrCodeUrl(result.ticket),
    };
  }

  /** The image URL of a QR ticket (no access token needed). */
  static showQrCodeUrl(ticket: string): string {
    return `${SHOW_QR_CODE_URL}?ticket=${encodeURIComponent(ticket)}`;
  }

  /**
   * cgi-bin/media/get as a stream. WeChat answers errors (40007: media older than 3 days) as
   * JSON with HTTP 200, so the content type decides; a video answers JSON with `video_url`.
   */
  async downloadMedia(mediaId: string): Promise<MediaDownload> {
    const answer = await this.credentials.withAccessToken((token) =>
      this.transport.getRaw('cgi-bin/media/get', { access_token: token, media_id: mediaId }),
    );
    if ('json' in answer) {
      const { video_url: videoUrl } = answer.json as { video_url?: unknown };
      if (typeof videoUrl !== 'string') {
        throw new WechatUnavailableError('bad-response', 'cgi-bin/media/get');
      }

      return { kind: 'video', videoUrl };
    }

    const { response, contentType } = answer;
    if (response.body === null) {
      throw new WechatUnavailableError('bad-response', 'cgi-bin/media/get');
    }
    const length = Number(response.headers.get('content-length'));

    return {
      kind: 'file',
      stream: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      contentType,
      fileName: fileNameOf(response.headers.get('content-disposition')),
      contentLength: Number.isFinite(length) && length > 0 ? length : undefined,
    };
  }

  /** cgi-bin/message/custom/send: a 客服 message (45015 outside the window, 45047 over quota). */
  async sendCustomMessage(openid: string, message: CustomMessage): Promise<void> {
    const body =
      message.type === 'text'
        ? { touser: openid, msgtype: 'text', text: { content: message.content } }
        : {
            touser: openid,
            msgtype: 'news',
            news: {
              articles: [
                {
                  title: message.article.title,
                  description: message.article.description ?? '',
                  url: message.article.url,
                  picurl: message.article.picUrl ?? '',
                },
              ],
            },
          };
    await this.credentials.withAccessToken((token) =>
      this.transport.postJson('cgi-bin/message/custom/send', { access_token: token }, body),
    );
  }

  private appOrFail(): { appId: string; secret: string } {
    const { wechatAppId: appId, wechatAppSecret: secret } = this.config;
    if (appId === undefined || secret === undefined) {
      throw WechatException.notConfigured();
    }

    return { appId, secret };
  }
}

function fileNameOf(disposition: string | null): string | undefined {
  const match = disposition === null ? null : /filename="?([^";]+)"?/i.exec(disposition);

  return match === null ? undefined : match[1];
}
