import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { CodeSearchIndex } from '#src/event/code-search/code-search-index.js';
import { CodeSearchResult } from '#src/event/code-search/code-search.types.js';
import { EventRepository, IndexedCode } from '#src/event/event.repository.js';

const POLL_INTERVAL_MS = 2000;
/** Re-read a little before the last poll: rows committed late with an earlier updated_at. */
const POLL_OVERLAP_MS = 5000;

/**
 * Keeps the in-memory code index in step with the database. The database decides: every
 * process polls for codes changed since its last look, so a code another process published is
 * found within a few seconds.
 */
@Injectable()
export class EventSearchService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventSearchService.name);
  private readonly index = new CodeSearchIndex();
  private lastSeen: Date | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  constructor(private readonly events: EventRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
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
  apply(row: Pick<IndexedCode, 'code' | 'id' | 'startsAt' | 'status'>): void {
    if (row.status === 'published') {
      this.index.add(row.code, { id: row.id, startsAt: row.startsAt.getTime() });
    } else {
      this.index.remove(row.code);
    }
  }

  /** One poll; concurrent callers share it. */
  refresh(): Promise<void> {
    this.polling ??= this.poll().finally(() => (this.polling = undefined));

    return this.polling;
  }

  private async poll(): Promise<void> {
    try {
      const since = this.lastSeen && new Date(this.lastSeen.getTime() - POLL_OVERLAP_MS);
      const rows = await this.events.codesChangedSince(since);
      for (const row of rows) {
        this.apply(row);
        if (this.lastSeen === undefined || row.updatedAt > this.lastSeen) {
          this.lastSeen = row.updatedAt;
        }
      }
      this.lastSeen ??= new Date(0);
    } catch (error) {
      this.logger.warn({ msg: 'search index refresh failed', reason: (error as Error).message });
    }
  }
}
