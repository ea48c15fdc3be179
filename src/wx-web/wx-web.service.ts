import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';

import { AppException } from '#src/common/app.exception.js';
import { AppConfig } from '#src/config/app-config.js';
import { SessionService } from '#src/session/session.service.js';
import { UserProfileFields, UserRepository } from '#src/user/user.repository.js';
import { OwnUserView, ownUserView } from '#src/user/user-view.js';
import { WechatApiClient } from '#src/wechat/wechat-api.client.js';
import { jssdkSignature } from '#src/wechat/wechat-crypto.js';
import { WechatApiError, WechatException } from '#src/wechat/wechat.errors.js';
import { UrlSignDto, UserGetDto } from '#src/wx-web/dto/wx-web.dto.js';

export enum WxWebErrorCode {
  OauthCodeInvalid = 'OAUTH_CODE_INVALID',
  UrlNotAllowed = 'JSSDK_URL_NOT_ALLOWED',
}

/** WeChat's answers meaning "this code is no good": used, expired or unknown. */
const RESTART_OAUTH_ERRCODES = new Set([40029, 40163, 42003]);

export interface SignIn {
  token: string;
  expires_at: string;
  user: OwnUserView;
}

export interface JssdkConfig {
  appId: string;
  timestamp: number;
  nonceStr: string;
  signature: string;
}

@Injectable()
export class WxWebService {
  private readonly logger = new Logger(WxWebService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly wechat: WechatApiClient,
    private readonly users: UserRepository,
    private readonly sessions: SessionService,
  ) {}

  /** Web OAuth: the one-time code becomes a user and a session. */
  async signIn(dto: UserGetDto): Promise<SignIn> {
    const grant = await this.exchange(dto.code);
    const profile: UserProfileFields =
      grant.unionid === undefined ? {} : { unionid: grant.unionid };
    if (dto.scope === 'snsapi_userinfo' && grant.scope.includes('snsapi_userinfo')) {
      const info = await this.wechat.oauthUserInfo(grant.accessToken, grant.openid);
      // Since 2021 WeChat sends sex and region empty or zeroed: keep what we know then.
      const given = {
        nickname: info.nickname,
        avatarUrl: info.headimgurl,
        sex: info.sex === 0 ? undefined : info.sex,
        province: info.province,
        city: info.city,
        country: info.country,
        unionid: info.unionid,
      };
      for (const [field, value] of Object.entries(given)) {
        if (value !== undefined && value !== '') {
          Object.assign(profile, { [field]: value });
        }
      }
    }

    const user = await this.users.upsertByOpenid(grant.openid, profile);
    const session = this.sessions.issue(user.id, user.openid);
    this.logger.log({ msg: 'signed in', userId: user.id, scope: dto.scope ?? 'snsapi_base' });

    return {
      token: session.token,
      expires_at: session.expiresAt.toISOString(),
      user: ownUserView(user),
    };
  }

  /** The JS-SDK `wx.config` values for a page of one of the account's domains. */
  async signUrl(dto: UrlSignDto): Promise<JssdkConfig> {
    const url = dto.url.split('#')[0];
    const host = URL.canParse(url) ? new URL(url) : undefined;
    if (host === undefined || !['http:', 'https:'].includes(host.protocol)) {
      throw AppException.badRequest('url must be a full http(s) page URL');
    }
    if (!this.config.wechatJssdkDomains.includes(host.hostname)) {
      throw new AppException(
        WxWebErrorCode.UrlNotAllowed,
        `${host.hostname} is not one of the account's JS-SDK domains`,
        403,
      );
    }

    const ticket = await this.wechat.jsapiTicket();
    const nonceStr = randomBytes(12).toString('base64url');
    const timestamp = Math.floor(Date.now() / 1000);

    return {
      appId: this.config.wechatAppId as string,
      timestamp,
      nonceStr,
      signature: jssdkSignature({ ticket, nonceStr, timestamp, url }),
    };
  }

  private async exchange(code: string) {
    try {
      return await this.wechat.oauthExchange(code);
    } catch (error) {
      if (error instanceof WechatApiError && RESTART_OAUTH_ERRCODES.has(error.errcode)) {
        this.logger.debug({ msg: 'oauth code refused', errcode: error.errcode });
        throw new AppException(
          WxWebErrorCode.OauthCodeInvalid,
          'The sign-in code was already used or has expired; start WeChat sign-in (OAuth) again',
          400,
        );
      }
      if (error instanceof WechatException) {
        throw error;
      }
      throw AppException.unavailable('WeChat sign-in is not available right now', { cause: error });
    }
  }
}
