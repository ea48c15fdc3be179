import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

import { IvrCommand, IvrCommandHandler, IvrCommandOptions } from '#src/ivr/ivr-command.js';
import { leadingTrigger, normalizeInput, splitTrigger } from '#src/ivr/ivr-input.js';
import { ReplyOrPromise, textReply } from '#src/ivr/ivr-reply.js';

const HELP_HEADER = '起来嗨 · 发现身边的小活动。发送：';

interface Registered {
  handler: IvrCommandHandler;
  options: IvrCommandOptions;
}

/**
 * Dispatches chat text to the command registered for its first character; anything else gets
 * the help text. Commands are found at boot by their @IvrCommand mark.
 */
@Injectable()
export class IvrRegistry implements OnModuleInit {
  private readonly logger = new Logger(IvrRegistry.name);
  private readonly byTrigger = new Map<string, Registered>();
  private readonly commands: Registered[] = [];
  private help = HELP_HEADER;

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: IvrCommand.KEY })) {
      const options = this.discovery.getMetadataByDecorator(IvrCommand, wrapper);
      const handler = wrapper.instance as IvrCommandHandler | undefined;
      if (options === undefined || handler === undefined) {
        continue;
      }
      this.register(handler, options);
    }
    this.help = [HELP_HEADER, ...this.commands.map((command) => command.options.usage)].join('\n');
    this.logger.debug({ msg: 'ivr commands', triggers: [...this.byTrigger.keys()] });
  }

  register(handler: IvrCommandHandler, options: IvrCommandOptions): void {
    const entry = { handler, options };
    for (const trigger of options.triggers) {
      if (this.byTrigger.has(trigger)) {
        throw new Error(`IVR trigger ${trigger} is registered twice`);
      }
      this.byTrigger.set(trigger, entry);
    }
    this.commands.push(entry);
  }

  /** The help text: what each registered command does. */
  helpText(): string {
    return this.help;
  }

  /** True when the text's command only reads (the help text too): see IvrCommandOptions.pure. */
  isPure(rawText: string): boolean {
    const command = this.byTrigger.get(leadingTrigger(rawText));

    return command === undefined || command.options.pure === true;
  }

  /** The reply of the text's command, at once when the command answers at once. */
  dispatch(openid: string, rawText: string): ReplyOrPromise {
    const text = normalizeInput(rawText);
    const { trigger, argument } = splitTrigger(text);
    const command = this.byTrigger.get(trigger);
    if (command === undefined) {
      return textReply(this.help);
    }

    return command.handler.handle({ openid, text, argument });
  }
}
