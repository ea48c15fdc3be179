import { DiscoveryService } from '@nestjs/core';

import { ReplyOrPromise } from '#src/ivr/ivr-reply.js';

/** What a command sees of the message that triggered it. */
export interface IvrContext {
  openid: string;
  /** The whole normalised text, trigger included. */
  text: string;
  /** The text after the trigger character, trimmed. */
  argument: string;
}

export interface IvrCommandHandler {
  /** The reply, at once when the command has what it needs in memory, else as a promise. */
  handle(context: IvrContext): ReplyOrPromise;
}

export interface IvrCommandOptions {
  /** The characters that start this command (the first character of the normalised text). */
  triggers: string[];
  /** One line for the help text, e.g. `#番号 — 按番号查找活动`. */
  usage: string;
  /**
   * True for a command that only reads (no row written, nothing sent, no draw from a pool). Its
   * reply is worked out before the delivery is recorded, and reply and record are stored in one
   * write; a retry racing the first arrival works it out again and gets the stored reply. A
   * command with side effects leaves this unset: its delivery is recorded before it runs.
   */
  pure?: boolean;
}

/**
 * Marks a provider as an IVR command. The registry finds every provider so marked, in any
 * module, so a new command is a new class in some module's providers and nothing else.
 */
export const IvrCommand = DiscoveryService.createDecorator<IvrCommandOptions>();
