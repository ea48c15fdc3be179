import { Global, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';

import { WechatApiClient } from '#src/wechat/wechat-api.client.js';
import { WechatCallbackVerifier } from '#src/wechat/wechat-callback.verifier.js';
import { WechatCredentialRepository } from '#src/wechat/wechat-credential.repository.js';
import { WechatCredentialService } from '#src/wechat/wechat-credential.service.js';
import { WechatTransport } from '#src/wechat/wechat-transport.js';

/**
 * The WeChat platform layer: callback verification and crypto, the shared access token and
 * jsapi_ticket, and the typed API client. Global, so feature modules inject it directly.
 */
@Global()
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [
    WechatTransport,
    WechatCredentialRepository,
    WechatCredentialService,
    WechatApiClient,
    WechatCallbackVerifier,
  ],
  exports: [WechatApiClient, WechatCredentialService, WechatCallbackVerifier],
})
export class WechatModule {}
