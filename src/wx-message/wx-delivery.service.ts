import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { hash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { Batcher } from '#src/common/batcher.js';
import { AppConfig } from '#src/config/app-config.js';
import { DatabaseDrain } from '#src/database/database-drain.js';
import { LeaseRepository } from '#src/database/lease.repository.js';
import { ChatReply, NO_REPLY, ReplyOrPromise } from '#src/ivr/ivr-reply.js';
import { WechatApiClient } from '#src/wechat/wechat-api.client.js';
import { WechatApiError } from '#src/wechat/wechat.errors.js';
import {
  AnsweredDelivery,
  FinishedDelivery,
  WxDeliveryRepository,
} from '#src/wx-message/wx-delivery.repository.js';
import { deliveryKeyParts, InboundMessage } from '#src/wx-message/wx-inbound.js';
import { WxMessageService } from '#src/wx-message/wx-message.service.js';
import { renderReply } from '#src/wx-message/wx-reply.renderer.js';

const SUCCESS = 'success';
/**
 * Batches of records in flight at once: with one, the server idles while MariaDB commits; with
 * three, batches are smaller and each costs a statement, a commit and a loopback write (bench:chat
 * measured two ahead of three, interleaved runs: 6.8–7.4k against 5.8–6.1k messages a second).
 */
const CLAIM_BATCHES_IN_FLIGHT = 2;
const POLL_MS = 50;
/** A retry waits this much beyond the deadline for the first arrival to finish. */
const POLL_GRACE_MS = 500;
const PURGE_EVERY_MS = 10 * 60 * 1000;
const PURGE_LEASE = 'wx-delivery-purge';
/** WeChat retries for about 15 s; an hour of records is ample. */
export const DELIVERY_TTL_MS = 60 * 60 * 1000;
const CUSTOM_WINDOW_AFTER_MESSAGE_MS = 48 * 60 * 60 * 1000;
const CUSTOM_WINDOW_AFTER_EVENT_MS = 60 * 1000;
/** 客服 errors that mean "outside the window" or "over quota": dropped, never retried. */
const CUSTOM_QUOTA_ERRCODES: ReadonlySet<number> = new Set([45015, 45047]);

/** Seals a rendered reply for the request it answers (encrypts it in safe mode). */
export type Seal = (xml: string) => string;

/**
 * Runs each delivery once across all processes: the first arrival records it and answers;
 * WeChat's retries get the recorded bytes back. A handler slower than the deadline is answered
 * `success` and its reply goes out later as one 客服 message.
 */
@Injectable()
export class WxDeliveryService {
  private readonly logger = new Logger(WxDeliveryService.name);
  // Under load, concurrent deliveries share their claim and their record writes.
  // A few batches overlap, so the server works while one waits for the database.
  private readonly claims = new Batcher<string, boolean>(
    (keys) => this.deliveries.claimMany(keys),
    { maxInFlight: CLAIM_BATCHES_IN_FLIGHT },
  );
  private readonly answers = new Batcher<AnsweredDelivery, boolean>(
    (rows) => this.deliveries.storeAnswered(rows),
    { maxInFlight: CLAIM_BATCHES_IN_FLIGHT },
  );
  private readonly finishes = new Batcher<FinishedDelivery, void>(async (rows) => {
    await this.deliveries.finishMany(rows);

    return rows.map(() => undefined);
  });

  constructor(
    private readonly config: AppConfig,
    private readonly deliveries: WxDeliveryRepository,
    private readonly messages: WxMessageService,
    private readonly wechat: WechatApiClient,
    private readonly leases: LeaseRepository,
    drain: DatabaseDrain,
  ) {
    drain.register(() =>
      Promise.all([this.claims.idle(), this.answers.idle(), this.finishes.idle()]),
    );
  }

  respond(message: InboundMessage, seal: Seal): Promise<string> {
    const key = deliveryKey(message);

    return this.messages.isPure(message)
      ? this.respondPure(key, message, seal)
      : this.respondClaimed(key, message, seal);
  }

  /** A handler that may write: the delivery is claimed first, so only one arrival runs it. */
  private async respondClaimed(key: string, message: InboundMessage, seal: Seal): Promise<string> {
    if (!(await this.claims.submit(key))) {
      return this.replay(key);
    }

    const work = this.run(message);
    const reply = await this.withinDeadline(work);
    if (reply === undefined) {
      void this.sendLater(key, message, work);

      return SUCCESS;
    }

    const bytes = this.render(reply, message, seal);
    // Off the reply's path: a retry that comes before this lands waits for it.
    this.finishes.submit({ key, state: 'done', reply: bytes }).catch((error: unknown) => {
      this.logger.error({ msg: 'delivery record failed', reason: (error as Error).message });
    });

    return bytes;
  }

  /**
   * A handler that only reads: its reply is worked out first, then recorded with the claim in
   * one write. The first row to land is the answer: a retry that raced it gets those bytes.
   * Past the deadline it falls back to claiming first, answering `success` and sending later.
   */
  private async respondPure(key: string, message: InboundMessage, seal: Seal): Promise<string> {
    const work = this.run(message);
    // A reply at hand (the usual `#code`) skips the deadline's timer and promise.
    const reply = work instanceof Promise ? await this.withinDeadline(work) : work;
    if (reply === undefined) {
      if (!(await this.claims.submit(key))) {
        return this.replay(key);
      }
      void this.sendLater(key, message, work);

      return SUCCESS;
    }

    const bytes = this.render(reply, message, seal);

    return (await this.answers.submit({ key, reply: bytes })) ? bytes : this.replay(key);
  }

  /** Removes old delivery records, in one process at a time. */
  @Interval(PURGE_EVERY_MS)
  async purge(now = new Date()): Promise<void> {
    try {
      if (!(await this.leases.acquire(PURGE_LEASE, PURGE_EVERY_MS / 2, now))) {
        return;
      }
      const removed = await this.deliveries.purgeOlderThan(
        new Date(now.getTime() - DELIVERY_TTL_MS),
      );
      this.logger.debug({ msg: 'delivery records purged', removed });
    } catch (error) {
      this.logger.warn({ msg: 'delivery purge failed', reason: (error as Error).message });
    }
  }

  /** A retry: the first arrival's bytes once recorded, else `success` after a short wait. */
  private async replay(key: string): Promise<string> {
    const until = Date.now() + this.config.wechatReplyDeadlineMs + POLL_GRACE_MS;
    for (;;) {
      const row = await this.deliveries.find(key);
      if (row === null) {
        return SUCCESS;
      }
      if (row.state !== 'processing') {
        return row.reply ?? SUCCESS;
      }
      if (Date.now() >= until) {
        return SUCCESS;
      }
      await sleep(POLL_MS);
    }
  }

  /**
   * The handler's reply, at once when the handler answers at once; a failure is logged and
   * answered with nothing. The promise of a slower handler never rejects.
   */
  private run(message: InboundMessage): ReplyOrPromise {
    try {
      const reply = this.messages.handle(message);

      return reply instanceof Promise
        ? reply.catch((error: unknown) => this.failed(message, error))
        : reply;
    } catch (error) {
      return this.failed(message, error);
    }
  }

  private failed(message: InboundMessage, error: unknown): ChatReply {
    this.logger.error(
      { msg: 'message handler failed', msgType: message.msgType },
      (error as Error).stack,
    );

    return NO_REPLY;
  }

  private render(reply: ChatReply, message: InboundMessage, seal: Seal): string {
    try {
      return seal(renderReply(reply, message));
    } catch (error) {
      this.logger.error({ msg: 'reply refused', reason: (error as Error).message });

      return SUCCESS;
    }
  }

  /** The reply, or undefined when the deadline comes first. */
  private withinDeadline(work: ReplyOrPromise): Promise<ChatReply | undefined> {
    return work instanceof Promise
      ? raceDeadline(work, this.config.wechatReplyDeadlineMs)
      : Promise.resolve(work);
  }

  /** After the deadline: record `success` for retries, then send the reply as one 客服 message. */
  private async sendLater(key: string, message: InboundMessage, work: ReplyOrPromise) {
    const openid = message.fromUserName;
    try {
      await this.finishes.submit({ key, state: 'deferred', reply: SUCCESS });
      const reply = await work;
      if (reply.type === 'none') {
        return;
      }
      if (Date.now() > customWindowEnd(message, this.config.wechatReplyDeadlineMs)) {
        this.logger.warn({ msg: 'late reply dropped: past the 客服 window', openid });

        return;
      }
      if (!(await this.deliveries.claimCustomSend(key))) {
        return;
      }
      await this.wechat.sendCustomMessage(
        openid,
        reply.type === 'text' ? { type: 'text', content: reply.content } : reply,
      );
      this.logger.log({ msg: 'late reply sent as 客服 message', openid, type: reply.type });
    } catch (error) {
      if (error instanceof WechatApiError && CUSTOM_QUOTA_ERRCODES.has(error.errcode)) {
        this.logger.warn({ msg: 'late reply dropped: 客服 quota', openid, errcode: error.errcode });

        return;
      }
      this.logger.error({ msg: 'late reply failed', openid, reason: (error as Error).message });
    }
  }
}

/**
 * When WeChat stops taking 客服 messages prompted by this delivery (WECHAT.md §6): 48 hours after
 * a message, a minute after a subscribe, a QR scan or a menu click, at once for anything else (an
 * automatic LOCATION report, a menu link). Counted from the message's CreateTime, WeChat's own
 * clock; without one, from when the deadline passed. One late reply per delivery stays within
 * the number each of these allows (5 after a message, 3 after the others).
 */
export function customWindowEnd(message: InboundMessage, deadlineMs: number, nowMs = Date.now()) {
  const since = message.createTime > 0 ? message.createTime * 1000 : nowMs - deadlineMs;
  if (message.msgType !== 'event') {
    return since + CUSTOM_WINDOW_AFTER_MESSAGE_MS;
  }
  switch (message.event) {
    case 'subscribe':
    case 'SCAN':
    case 'CLICK':
      return since + CUSTOM_WINDOW_AFTER_EVENT_MS;
    case 'LOCATION':
    case 'VIEW':
    case 'unsubscribe':
    case 'other':
      return Number.NEGATIVE_INFINITY;
  }
}

export function deliveryKey(message: InboundMessage): string {
  return hash('sha1', deliveryKeyParts(message).join('\u0000'), 'hex');
}

/**
 * The work's result, or undefined when the deadline comes first. One timer and one promise per
 * call, no race: this runs for every message.
 */
function raceDeadline<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve, reject) => {
    const timer = setTimeout(resolve, ms, undefined);
    work.then(
      (result) => {
        clearTimeout(timer);
        resolve(result);
      },
      (error: Error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
