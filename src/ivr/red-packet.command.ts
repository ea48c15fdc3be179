import { Injectable } from '@nestjs/common';

import { IvrCommand, IvrCommandHandler } from '#src/ivr/ivr-command.js';
import { ChatReply, textReply } from '#src/ivr/ivr-reply.js';

export const NO_RED_PACKETS = '红包口令暂时发完了，过段时间再来试试吧～';

/**
 * `$`, `￥`, `¥`: hands the user a red-packet password from the operator's pool.
 * Limitation: the pool lands with the red-packet issue; until then there is none to give, and
 * this class is the seam where the pool will be asked.
 */
@IvrCommand({ triggers: ['$', '￥', '¥'], usage: '$ — 领取红包口令' })
@Injectable()
export class RedPacketCommand implements IvrCommandHandler {
  handle(): Promise<ChatReply> {
    return Promise.resolve(textReply(NO_RED_PACKETS));
  }
}
