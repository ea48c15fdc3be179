import { Module } from '@nestjs/common';

import { EventPlaces } from '#src/event/event-places.js';
import { EventController } from '#src/event/event.controller.js';
import { EventRepository } from '#src/event/event.repository.js';
import { EventSearchService } from '#src/event/event-search.service.js';
import { EventService } from '#src/event/event.service.js';
import { UserStarsController } from '#src/event/user-stars.controller.js';
import { KNOWN_PLACES } from '#src/place/known-places.js';
import { UserModule } from '#src/user/user.module.js';

@Module({
  imports: [UserModule],
  controllers: [EventController, UserStarsController],
  providers: [
    EventRepository,
    EventService,
    EventSearchService,
    EventPlaces,
    { provide: KNOWN_PLACES, useExisting: EventPlaces },
  ],
  exports: [EventService, EventRepository, EventSearchService, KNOWN_PLACES],
})
export class EventModule {}
