import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';

import { formatShanghai } from '#src/common/time.js';
import { AppConfig } from '#src/config/app-config.js';
import { EventEntity } from '#src/event/event.entity.js';
import { EventRepository } from '#src/event/event.repository.js';
import { EventSearchService } from '#src/event/event-search.service.js';
import { NewsArticle } from '#src/ivr/ivr-reply.js';

type MaybeArticle = Readonly<NewsArticle> | undefined;

interface ArticleSource {
  event: EventEntity | null;
  picUrl: string | undefined;
  /** The article without a note, built on first use: most replies are exactly this. */
  plain?: Readonly<NewsArticle>;
}

/**
 * How long an event's article data may be reused at most. Display data only: the search index's
 * poll drops an event's entry as soon as this process learns the event changed (within seconds).
 * Limitation: an image that finishes syncing changes event_media, not the event, so the media
 * sync must touch the event's updated_at for the new picture to show before this time is up.
 */
const ARTICLE_TTL_MS = 5 * 60 * 1000;

/** Builds an event's news article: what, when, where, how much, how many seats, and a link. */
@Injectable()
export class EventArticleService {
  private readonly sources = new LRUCache<number, ArticleSource>({
    max: 20_000,
    ttl: ARTICLE_TTL_MS,
  });

  constructor(
    private readonly events: EventRepository,
    private readonly config: AppConfig,
    search: EventSearchService,
  ) {
    search.onChange((eventId) => this.sources.delete(eventId));
  }

  /**
   * The article of a published event, or undefined when there is no such event: at once when
   * the event's data is cached (most lookups), else once it is read.
   */
  byId(id: number, note?: string): MaybeArticle | Promise<MaybeArticle> {
    const source = this.sources.get(id);

    return source === undefined
      ? this.load(id).then((loaded) => this.articleOf(loaded, note))
      : this.articleOf(source, note);
  }

  private articleOf(source: ArticleSource, note: string | undefined): MaybeArticle {
    const { event, picUrl } = source;
    if (event === null || event.status !== 'published') {
      return undefined;
    }
    if (note !== undefined) {
      return this.article(event, picUrl, note);
    }

    return (source.plain ??= Object.freeze(this.article(event, picUrl)));
  }

  async forEvent(event: EventEntity, note?: string): Promise<NewsArticle> {
    return this.article(event, await this.events.firstSyncedImageUrl(event.id), note);
  }

  private async load(id: number): Promise<ArticleSource> {
    const [event, picUrl] = await Promise.all([
      this.events.findById(id),
      this.events.firstSyncedImageUrl(id),
    ]);
    const source = { event, picUrl };
    this.sources.set(id, source);

    return source;
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
