import { Injectable } from '@nestjs/common';

import { formatShanghai } from '#src/common/time.js';
import { AppConfig } from '#src/config/app-config.js';
import { EventEntity } from '#src/event/event.entity.js';
import { EventRepository } from '#src/event/event.repository.js';
import { NewsArticle } from '#src/ivr/ivr-reply.js';

/** Builds an event's news article: what, when, where, how much, how many seats, and a link. */
@Injectable()
export class EventArticleService {
  constructor(
    private readonly events: EventRepository,
    private readonly config: AppConfig,
  ) {}

  /** The article of a published event, or undefined when there is no such event. */
  async byId(id: number, note?: string): Promise<NewsArticle | undefined> {
    const [event, picUrl] = await Promise.all([
      this.events.findById(id),
      this.events.firstSyncedImageUrl(id),
    ]);
    if (event === null || event.status !== 'published') {
      return undefined;
    }

    return this.article(event, picUrl, note);
  }

  async forEvent(event: EventEntity, note?: string): Promise<NewsArticle> {
    return this.article(event, await this.events.firstSyncedImageUrl(event.id), note);
  }

  private article(event: EventEntity, picUrl: string | undefined, note?: string): NewsArticle {
    // Limitation: joining lands with a later issue; until then every expected seat is free.
    const seatsLeft = Math.max(event.expectSignups, 0);
    const place = event.address === '' ? event.location : `${event.location}（${event.address}）`;
    const lines = [
      ...(note === undefined ? [] : [note]),
      `时间：${formatShanghai(event.startsAt).slice(0, 16)}`,
      `地点：${place}`,
      `AA：${formatFen(event.aaCostFen)}`,
      `剩余名额：${seatsLeft}`,
    ];

    return {
      title: `${event.title} #${event.code}`,
      description: lines.join('\n'),
      url: `${this.config.publicBaseUrl}/event?code=${encodeURIComponent(event.code)}`,
      picUrl: picUrl ?? this.config.defaultCoverUrl,
    };
  }
}

function formatFen(fen: number): string {
  if (fen <= 0) {
    return '免费';
  }

  return `${(fen / 100).toFixed(2).replace(/\.?0+$/, '')} 元`;
}
