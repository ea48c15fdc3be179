import { Injectable, Logger } from '@nestjs/common';
import { randomInt } from 'node:crypto';

import { EventFilter, EventRepository } from '#src/event/event.repository.js';
import { EventArticleService } from '#src/ivr/event-article.service.js';
import { IvrCommand, IvrCommandHandler, IvrContext } from '#src/ivr/ivr-command.js';
import { ChatReply, textReply } from '#src/ivr/ivr-reply.js';
import { UserEntity } from '#src/user/user.entity.js';
import { UserRepository } from '#src/user/user.repository.js';

export const NEAR_RADIUS_KM = 50;
const CANDIDATES = 200;
/** An event whose tag the user prefers is this many times as likely to be picked. */
const PREFERRED_WEIGHT = 3;

export const NOTHING_NEAR_NOTE = '附近暂无活动，为你推荐其他地方的活动：';
export const NOTHING_AT_ALL = '现在还没有即将开始的活动，过几天再来看看，或者自己发起一个吧！';

/**
 * `?`: a random upcoming event near the user (50 km of their last reported location, else their
 * profile city), weighted by their tag preferences; from anywhere when nothing is near.
 */
@IvrCommand({ triggers: ['?'], usage: '? — 随机推荐附近的活动（先发送位置更准）', pure: true })
@Injectable()
export class RandomEventCommand implements IvrCommandHandler {
  private readonly logger = new Logger(RandomEventCommand.name);

  constructor(
    private readonly events: EventRepository,
    private readonly users: UserRepository,
    private readonly articles: EventArticleService,
  ) {}

  async handle({ openid }: IvrContext): Promise<ChatReply> {
    const now = new Date();
    const user = await this.users.findByOpenid(openid);

    for (const filter of localFilters(user)) {
      const near = await this.events.upcomingCandidates(filter, now, CANDIDATES);
      if (near.length > 0) {
        return this.articleOf(pickWeighted(near, tagPrefsOf(user)));
      }
    }

    const anywhere = await this.events.upcomingCandidates({}, now, CANDIDATES);
    if (anywhere.length === 0) {
      return textReply(NOTHING_AT_ALL);
    }

    return this.articleOf(pickWeighted(anywhere, tagPrefsOf(user)), NOTHING_NEAR_NOTE);
  }

  private async articleOf(id: number, note?: string): Promise<ChatReply> {
    const article = await this.articles.byId(id, note);
    if (article === undefined) {
      this.logger.debug({ msg: 'picked event vanished', id });

      return textReply(NOTHING_AT_ALL);
    }

    return { type: 'news', article };
  }
}

function localFilters(user: UserEntity | null): EventFilter[] {
  const filters: EventFilter[] = [];
  if (user !== null && user.lastLatitude !== null && user.lastLongitude !== null) {
    filters.push({
      near: {
        latitude: user.lastLatitude,
        longitude: user.lastLongitude,
        radiusKm: NEAR_RADIUS_KM,
      },
    });
  }
  if (user?.city) {
    filters.push({ city: user.city });
  }

  return filters;
}

function tagPrefsOf(user: UserEntity | null): Set<string> {
  try {
    const parsed: unknown = JSON.parse(user?.tagPrefs ?? '[]');

    return new Set(Array.isArray(parsed) ? parsed.filter((tag) => typeof tag === 'string') : []);
  } catch {
    return new Set();
  }
}

/** A random id among the candidates, preferred tags weighted up. */
export function pickWeighted(
  candidates: { id: number; tag: string }[],
  preferred: Set<string>,
  random: (max: number) => number = randomInt,
): number {
  const weights = candidates.map((c) => (preferred.has(c.tag) ? PREFERRED_WEIGHT : 1));
  let ticket = random(weights.reduce((sum, weight) => sum + weight, 0));
  for (const [index, weight] of weights.entries()) {
    if (ticket < weight) {
      return candidates[index].id;
    }
    ticket -= weight;
  }

  return candidates[candidates.length - 1].id;
}
