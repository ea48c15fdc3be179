import { Global, Module } from '@nestjs/common';

import { OptionalSessionGuard, SessionGuard } from '#src/session/session.guard.js';
import { SessionService } from '#src/session/session.service.js';

@Global()
@Module({
  providers: [SessionService, SessionGuard, OptionalSessionGuard],
  exports: [SessionService, SessionGuard, OptionalSessionGuard],
})
export class SessionModule {}
