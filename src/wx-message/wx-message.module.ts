import { Module } from '@nestjs/common';

import { EventModule } from '#src/event/event.module.js';
import { IvrModule } from '#src/ivr/ivr.module.js';
import { UserModule } from '#src/user/user.module.js';
import { WxCallbackController } from '#src/wx-message/wx-callback.controller.js';
import { WxDeliveryRepository } from '#src/wx-message/wx-delivery.repository.js';
import { WxDeliveryService } from '#src/wx-message/wx-delivery.service.js';
import { WxMessageService } from '#src/wx-message/wx-message.service.js';

/** The WeChat callback: messages and events in, passive replies (or 客服 messages) out. */
@Module({
  imports: [IvrModule, EventModule, UserModule],
  providers: [WxCallbackController, WxDeliveryRepository, WxDeliveryService, WxMessageService],
})
export class WxMessageModule {}
