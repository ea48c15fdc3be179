/**
 * Decides which repeats of a log line to write: the first of each kind, then at most one per
 * interval, counting the ones skipped in between so the next line can say how many.
 */
export class RateLimitedLog<K extends string> {
  private readonly last = new Map<K, { at: number; skipped: number }>();

  constructor(private readonly intervalMs: number) {}

  /** Undefined when this occurrence should not be logged; else how many were skipped before it. */
  admit(kind: K, now = Date.now()): { skipped: number } | undefined {
    const seen = this.last.get(kind);
    if (seen !== undefined && now - seen.at < this.intervalMs) {
      seen.skipped += 1;

      return undefined;
    }

    this.last.set(kind, { at: now, skipped: 0 });

    return { skipped: seen?.skipped ?? 0 };
  }
}
