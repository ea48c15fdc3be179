import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';

import { PageDto } from '#src/event/dto/list-events.dto.js';
import { EventPage, EventService } from '#src/event/event.service.js';
import { CurrentSession, SessionGuard } from '#src/session/session.guard.js';
import type { Session } from '#src/session/session.service.js';

class StarListDto extends PageDto {}

/** `user/star/list`: stars belong to events, so the event module answers it. */
@Controller('api/v1/user')
export class UserStarsController {
  constructor(private readonly events: EventService) {}

  @Post('star/list')
  @HttpCode(200)
  @UseGuards(SessionGuard)
  list(@CurrentSession() session: Session, @Body() dto: StarListDto): Promise<EventPage> {
    return this.events.starredBy(session, dto);
  }
}
