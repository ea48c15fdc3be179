import { Injectable, Logger } from '@nestjs/common';

import { AppConfig } from '#src/config/app-config.js';
import { EventService } from '#src/event/event.service.js';
import { EventArticleService } from '#src/ivr/event-article.service.js';
import { ChatReply, NO_REPLY, ReplyOrPromise, textReply } from '#src/ivr/ivr-reply.js';
import { IvrRegistry } from '#src/ivr/ivr.registry.js';
import { UserRepository } from '#src/user/user.repository.js';
import { InboundEvent, InboundMessage } from '#src/wx-message/wx-inbound.js';

const QR_SCENE_PREFIX = 'qrscene_';
export const WELCOME = '欢迎关注起来嗨！这里有身边的徒步、桌游、烧烤等小活动。';
export const SCENE_NOT_FOUND = '这个二维码对应的活动已结束或不存在。发送 ? 看看附近别的活动吧。';

type EventMessage = Extract<InboundMessage, { msgType: 'event' }>;
type HelpMessage = Extract<
  InboundMessage,
  { msgType: 'image' | 'voice' | 'video' | 'shortvideo' | 'link' | 'other' }
>;

/** Media, links and unknown types: nothing to do but answer with the help text. */
const ANSWERED_WITH_HELP: ReadonlySet<InboundMessage['msgType']> = new Set([
  'image',
  'voice',
  'video',
  'shortvideo',
  'link',
  'other',
]);

function isAnsweredWithHelp(message: InboundMessage): message is HelpMessage {
  return ANSWERED_WITH_HELP.has(message.msgType);
}

/** Decides what to answer a message or event, and records what events say about the user. */
@Injectable()
export class WxMessageService {
  private readonly logger = new Logger(WxMessageService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly ivr: IvrRegistry,
    private readonly articles: EventArticleService,
    private readonly events: EventService,
    private readonly users: UserRepository,
  ) {}

  /**
   * True when handling the message only reads, so its reply may be worked out before the
   * delivery is recorded: commands marked pure, the help text, QR scans, menu views. Anything
   * that writes (subscribe, unsubscribe, a position) or may (an unknown command) is not.
   */
  isPure(message: InboundMessage): boolean {
    if (isAnsweredWithHelp(message)) {
      return true;
    }
    switch (message.msgType) {
      case 'text':
        return this.ivr.isPure(message.content);
      case 'location':
        return false;
      case 'event':
        return this.isPureEvent(message);
    }
  }

  private isPureEvent(message: EventMessage & InboundEvent): boolean {
    switch (message.event) {
      case 'SCAN':
      case 'VIEW':
      case 'other':
        return true;
      case 'CLICK': {
        const menu = this.config.wechatMenuCommands;

        return !Object.hasOwn(menu, message.eventKey) || this.ivr.isPure(menu[message.eventKey]);
      }
      case 'subscribe':
      case 'unsubscribe':
      case 'LOCATION':
        return false;
    }
  }

  /** The reply to a message: at once for a text whose command answers at once. */
  handle(message: InboundMessage): ReplyOrPromise {
    if (isAnsweredWithHelp(message)) {
      return textReply(this.ivr.helpText());
    }
    switch (message.msgType) {
      case 'text':
        return this.ivr.dispatch(message.fromUserName, message.content);
      case 'event':
        return this.onEvent(message);
      case 'location':
        return this.onLocation(message);
    }
  }

  private async onLocation(message: Extract<InboundMessage, { msgType: 'location' }>) {
    await this.rememberPosition(message.fromUserName, message.latitude, message.longitude);

    return textReply(this.ivr.helpText());
  }

  private async onEvent(message: EventMessage & InboundEvent): Promise<ChatReply> {
    const openid = message.fromUserName;
    switch (message.event) {
      case 'subscribe': {
        await this.users.upsertByOpenid(openid, { subscribed: true });
        if (message.eventKey.startsWith(QR_SCENE_PREFIX)) {
          return this.sceneArticle(message.eventKey.slice(QR_SCENE_PREFIX.length));
        }

        return textReply(`${WELCOME}\n${this.ivr.helpText()}`);
      }
      case 'SCAN':
        return this.sceneArticle(message.eventKey);
      case 'unsubscribe':
        await this.users.upsertByOpenid(openid, { subscribed: false });

        return NO_REPLY;
      case 'LOCATION':
        await this.rememberPosition(openid, message.latitude, message.longitude);

        return NO_REPLY;
      case 'CLICK': {
        const menu = this.config.wechatMenuCommands;

        return Object.hasOwn(menu, message.eventKey)
          ? this.ivr.dispatch(openid, menu[message.eventKey])
          : textReply(this.ivr.helpText());
      }
      case 'VIEW':
      case 'other':
        return NO_REPLY;
    }
  }

  private async sceneArticle(scene: string): Promise<ChatReply> {
    const event = await this.events.findByScene(scene);
    if (event === null || event.status !== 'published') {
      this.logger.debug({ msg: 'scan of an unknown scene', scene });

      return textReply(SCENE_NOT_FOUND);
    }

    return { type: 'news', article: await this.articles.forEvent(event) };
  }

  private async rememberPosition(openid: string, latitude: number, longitude: number) {
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) {
      return;
    }
    const user = await this.users.upsertByOpenid(openid);
    await this.users.update(user.id, {
      lastLatitude: latitude,
      lastLongitude: longitude,
      lastLocatedAt: new Date(),
    });
  }
}
