import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';

import { EventCodeDto, SearchEventsDto } from '#src/event/dto/event-code.dto.js';
import { ListEventsDto } from '#src/event/dto/list-events.dto.js';
import { PublishEventDto } from '#src/event/dto/publish-event.dto.js';
import { EventView } from '#src/event/event-view.js';
import { EventPage, EventQrCode, EventService } from '#src/event/event.service.js';
import { CurrentSession, OptionalSessionGuard, SessionGuard } from '#src/session/session.guard.js';
import type { Session } from '#src/session/session.service.js';

@Controller('api/v1/event')
export class EventController {
  constructor(private readonly events: EventService) {}

  @Post('publish')
  @HttpCode(200)
  @UseGuards(SessionGuard)
  publish(@CurrentSession() session: Session, @Body() dto: PublishEventDto): Promise<EventView> {
    return this.events.publish(session, dto);
  }

  @Post('list')
  @HttpCode(200)
  list(@Body() dto: ListEventsDto): Promise<EventPage> {
    return this.events.list(dto);
  }

  @Post('get')
  @HttpCode(200)
  @UseGuards(OptionalSessionGuard)
  get(
    @CurrentSession() session: Session | undefined,
    @Body() dto: EventCodeDto,
  ): Promise<EventView> {
    return this.events.get(dto, session);
  }

  @Post('search')
  @HttpCode(200)
  search(@Body() dto: SearchEventsDto): Promise<{ items: EventView[] }> {
    return this.events.searchCodes(dto);
  }

  @Post('star')
  @HttpCode(200)
  @UseGuards(SessionGuard)
  star(
    @CurrentSession() session: Session,
    @Body() dto: EventCodeDto,
  ): Promise<{ starred: boolean }> {
    return this.events.star(session, dto);
  }

  @Post('unstar')
  @HttpCode(200)
  @UseGuards(SessionGuard)
  unstar(
    @CurrentSession() session: Session,
    @Body() dto: EventCodeDto,
  ): Promise<{ starred: boolean }> {
    return this.events.unstar(session, dto);
  }

  @Post('qrcode')
  @HttpCode(200)
  @UseGuards(SessionGuard)
  qrCode(@CurrentSession() session: Session, @Body() dto: EventCodeDto): Promise<EventQrCode> {
    return this.events.qrCode(session, dto);
  }
}
