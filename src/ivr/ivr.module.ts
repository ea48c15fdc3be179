import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { EventModule } from '#src/event/event.module.js';
import { CodeCommand } from '#src/ivr/code.command.js';
import { EventArticleService } from '#src/ivr/event-article.service.js';
import { IvrRegistry } from '#src/ivr/ivr.registry.js';
import { RandomEventCommand } from '#src/ivr/random-event.command.js';
import { RedPacketCommand } from '#src/ivr/red-packet.command.js';
import { UserModule } from '#src/user/user.module.js';

/** The chat's text commands; each command is a provider marked @IvrCommand. */
@Module({
  imports: [DiscoveryModule, EventModule, UserModule],
  providers: [IvrRegistry, EventArticleService, CodeCommand, RandomEventCommand, RedPacketCommand],
  exports: [IvrRegistry, EventArticleService],
})
export class IvrModule {}
