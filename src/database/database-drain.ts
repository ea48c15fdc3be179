import { Injectable } from '@nestjs/common';

/**
 * Writes still on their way when the server stops (batched records written off the reply's
 * path). The database module waits for them before it closes the pool, so nothing a reply
 * promised is lost on shutdown.
 */
@Injectable()
export class DatabaseDrain {
  private readonly drains: (() => Promise<unknown>)[] = [];

  register(drain: () => Promise<unknown>): void {
    this.drains.push(drain);
  }

  async drain(): Promise<void> {
    await Promise.allSettled(this.drains.map((drain) => drain()));
  }
}
