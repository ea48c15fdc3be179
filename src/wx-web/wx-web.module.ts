import { Module } from '@nestjs/common';

import { UserModule } from '#src/user/user.module.js';
import { WxWebController } from '#src/wx-web/wx-web.controller.js';
import { WxWebService } from '#src/wx-web/wx-web.service.js';

@Module({
  imports: [UserModule],
  controllers: [WxWebController],
  providers: [WxWebService],
})
export class WxWebModule {}
