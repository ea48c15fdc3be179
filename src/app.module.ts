import { DynamicModule, Module, Type } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';
import { ConfigModule } from '#src/config/config.module.js';
import { DatabaseModule } from '#src/database/database.module.js';
import { EventModule } from '#src/event/event.module.js';
import { HealthModule } from '#src/health/health.module.js';
import { IvrModule } from '#src/ivr/ivr.module.js';
import { PlaceModule } from '#src/place/place.module.js';
import { SessionModule } from '#src/session/session.module.js';
import { SyncModule } from '#src/sync/sync.module.js';
import { UserModule } from '#src/user/user.module.js';
import { WechatModule } from '#src/wechat/wechat.module.js';
import { WxMessageModule } from '#src/wx-message/wx-message.module.js';
import { WxWebModule } from '#src/wx-web/wx-web.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, extra: (Type | DynamicModule)[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        SessionModule,
        WechatModule,
        HealthModule,
        PlaceModule,
        EventModule,
        UserModule,
        WxWebModule,
        WxMessageModule,
        IvrModule,
        SyncModule,
        ...extra,
      ],
    };
  }
}
