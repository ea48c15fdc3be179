import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { CodeSearchIndex } from '#src/event/code-search/code-search-index.js';
import { CodeSearchResult } from '#src/event/code-search/code-search.types.js';
import { EventRepository, IndexedCode } from '#src/event/event.repository.js';

const POLL_INTERVAL_MS = 2000;
/**
 * Each poll re-reads from a little before the previous poll began: rows committed late, or
 * stamped by a process whose clock runs behind. Anchored to the clock, not to the newest row,
 * so a bulk change is re-read for a few seconds, not for ever.
 */
const POLL_OVERLAP_MS = 5000;
/**
 * A row whose commit or clock is later than the overlap allows is missed by the polls; a slow
 * sweep re-reads every code, a page every few polls, so it is found within one sweep (10,000
 * events: under a minute).
 */
const SWEEP_EVERY_POLLS = 5;
const SWEEP_PAGE = 2000;

/**
 * Keeps the in-memory code index in step with the database. The database decides: every
 * process polls for codes changed since its last look, so a code another process published is
 * found within a few seconds.
 */
@Injectable()
export class EventSearchService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventSearchService.name);
  private readonly index = new CodeSearchIndex();
  private previousPollAt: Date | undefined;
  private polls = 0;
  /** The last id the sweep has read; 0 starts it over. */
  private sweptTo = 0;
  /** The updated_at each code was indexed at, so a re-read row is not indexed again. */
  private readonly indexedAt = new Map<number, number>();
  private readonly changeListeners: ((eventId: number) => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  constructor(private readonly events: EventRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    // Compile every search path before the first real query, not during one.
    this.index.warmUp();
    this.timer = setInterval(() => void this.refresh(), POLL_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.polling;
  }

  search(query: string, limit: number): CodeSearchResult[] {
    return this.index.search(query, limit);
  }

  /** What this process just wrote is searchable at once, before the next poll. */
  apply(row: Pick<IndexedCode, 'code' | 'id' | 'startsAt' | 'status' | 'updatedAt'>): void {
    if (this.indexedAt.get(row.id) === row.updatedAt.getTime()) {
      return;
    }
    this.indexedAt.set(row.id, row.updatedAt.getTime());
    this.changeListeners.forEach((listener) => listener(row.id));
    if (row.status === 'published') {
      this.index.add(row.code, { id: row.id, startsAt: row.startsAt.getTime() });
    } else {
      this.index.remove(row.code);
    }
  }

  /** Called with an event's id whenever this process learns the event changed. */
  onChange(listener: (eventId: number) => void): void {
    this.changeListeners.push(listener);
  }

  /** One poll; concurrent callers share it. */
  refresh(): Promise<void> {
    this.polling ??= this.poll().finally(() => (this.polling = undefined));

    return this.polling;
  }

  /** Re-reads the next page of codes; apply() skips those already indexed as they are. */
  private async sweepPage(): Promise<void> {
    const page = await this.events.codesAfterId(this.sweptTo, SWEEP_PAGE);
    for (const row of page) {
      this.apply(row);
    }
    this.sweptTo = page.length < SWEEP_PAGE ? 0 : page[page.length - 1].id;
  }

  private async poll(): Promise<void> {
    const startedAt = new Date();
    try {
      const since =
        this.previousPollAt && new Date(this.previousPollAt.getTime() - POLL_OVERLAP_MS);
      for (const row of await this.events.codesChangedSince(since)) {
        this.apply(row);
      }
      this.previousPollAt = startedAt;
      this.polls += 1;
      if (since !== undefined && this.polls % SWEEP_EVERY_POLLS === 0) {
        await this.sweepPage();
      }
    } catch (error) {
      this.logger.warn({ msg: 'search index refresh failed', reason: (error as Error).message });
    }
  }
}
