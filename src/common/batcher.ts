interface Waiting<I, O> {
  item: I;
  resolve: (result: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs many small writes as few statements: items submitted while the allowed number of batches
 * are in flight wait and go together in the next one. Under load a batch holds about as many
 * items as there are concurrent callers; alone, an item waits only for the next turn of the
 * event loop.
 */
export class Batcher<I, O> {
  private waiting: Waiting<I, O>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly options: { maxBatch?: number; maxInFlight?: number } = {},
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once nothing is waiting or in flight (to finish writes before shutting down). */
  idle(): Promise<void> {
    if (this.isIdle()) {
      return Promise.resolve();
    }

    return new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.waiting.length === 0 && this.inFlight === 0 && !this.scheduled;
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= (this.options.maxInFlight ?? 1)) {
      return;
    }
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.runBatch();
    });
  }

  private async runBatch(): Promise<void> {
    const batch = this.waiting.splice(0, this.options.maxBatch ?? 500);
    if (batch.length === 0) {
      this.wakeIdleWaiters();

      return;
    }

    this.inFlight += 1;
    this.schedule();
    try {
      const results = await this.run(batch.map((entry) => entry.item));
      batch.forEach((entry, index) => entry.resolve(results[index]));
    } catch (error) {
      batch.forEach((entry) => entry.reject(error));
    } finally {
      this.inFlight -= 1;
      if (this.waiting.length > 0) {
        this.schedule();
      }
      this.wakeIdleWaiters();
    }
  }

  private wakeIdleWaiters(): void {
    if (this.isIdle()) {
      this.idleWaiters.splice(0).forEach((resolve) => resolve());
    }
  }
}
