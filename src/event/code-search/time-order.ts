/**
 * The codes' internal ids sorted by start time (then event id), so that the ranking's
 * tie-break order — soonest upcoming first, then past events, latest first — is a walk from
 * the first upcoming entry forwards, then backwards from just before it.
 */
export class TimeOrder {
  private sorted: number[] = [];
  private pending: number[] = [];

  constructor(
    private readonly startsAt: number[],
    private readonly eventId: number[],
    private readonly isAlive: (id: number) => boolean,
  ) {}

  add(id: number): void {
    this.pending.push(id);
  }

  clear(): void {
    this.sorted = [];
    this.pending = [];
  }

  /** Calls visit(id) in ranking order until it returns false. */
  walk(now: number, visit: (id: number) => boolean): void {
    this.settle();
    const sorted = this.sorted;
    const firstUpcoming = this.lowerBound(now);
    for (let i = firstUpcoming; i < sorted.length; i++) {
      if (this.isAlive(sorted[i]) && !visit(sorted[i])) {
        return;
      }
    }
    for (let i = firstUpcoming - 1; i >= 0; i--) {
      if (this.isAlive(sorted[i]) && !visit(sorted[i])) {
        return;
      }
    }
  }

  /** Negative when a ranks before b at `now`. */
  compare(a: number, b: number, now: number): number {
    const upcomingA = this.startsAt[a] >= now;
    const upcomingB = this.startsAt[b] >= now;
    if (upcomingA !== upcomingB) {
      return upcomingA ? -1 : 1;
    }
    const order = this.ascending(a, b);

    return upcomingA ? order : -order;
  }

  private ascending(a: number, b: number): number {
    return this.startsAt[a] - this.startsAt[b] || this.eventId[a] - this.eventId[b];
  }

  // A few inserts (a poll's worth) are spliced in; a bulk load is sorted once.
  private settle(): void {
    if (this.pending.length === 0) {
      return;
    }
    if (this.pending.length > 256) {
      const merged = this.sorted.filter(this.isAlive).concat(this.pending);
      this.sorted = merged.sort((a, b) => this.ascending(a, b));
    } else {
      for (const id of this.pending) {
        this.sorted.splice(this.upperBoundOf(id), 0, id);
      }
    }
    this.pending = [];
  }

  private lowerBound(now: number): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.startsAt[this.sorted[mid]] < now) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }

    return low;
  }

  private upperBoundOf(id: number): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.ascending(this.sorted[mid], id) <= 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }

    return low;
  }
}
