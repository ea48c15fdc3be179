/**
 * The codes' internal ids sorted by start time (then event id), so that the ranking's
 * tie-break order — soonest upcoming first, then past events, latest first — is a walk from
 * the first upcoming entry forwards, then backwards from just before it.
 */
export class TimeOrder {
  private sorted: number[] = [];
  private pending: number[] = [];
  /** Per id: its index in `sorted`, refreshed whenever `sorted` changes. */
  private position = new Int32Array(0);
  private keys = new Uint32Array(0);

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
    this.position = new Int32Array(0);
  }

  /**
   * Reorders ids[0..count) (live, distinct) into ranking order at `now`. Sorting integer keys
   * in a typed array has one code path whatever the count, unlike walking all codes in order,
   * and allocates nothing per call once the key buffer is large enough.
   */
  sortInRankingOrder(ids: Int32Array, count: number, now: number): void {
    this.settle();
    const sorted = this.sorted;
    const total = sorted.length;
    const firstUpcoming = this.lowerBound(now);
    const upcoming = total - firstUpcoming;
    if (this.keys.length < count) {
      this.keys = new Uint32Array(Math.max(count, this.keys.length * 2));
    }
    const keys = this.keys;
    for (let i = 0; i < count; i++) {
      const at = this.position[ids[i]];
      // Upcoming events from the soonest, then past ones from the latest.
      keys[i] = at >= firstUpcoming ? at - firstUpcoming : upcoming + (firstUpcoming - 1 - at);
    }
    const ordered = keys.subarray(0, count).sort();
    for (let i = 0; i < count; i++) {
      const key = ordered[i];
      ids[i] =
        key < upcoming ? sorted[firstUpcoming + key] : sorted[firstUpcoming - 1 - (key - upcoming)];
    }
  }

  /**
   * All ids (dead ones included) by ascending start: ranking order at `now` is from
   * firstUpcoming(now) forwards, then from just before it backwards. Callers walk it in a plain
   * loop, as a visitor callback per code is one more function for the optimiser to take up.
   */
  ascendingIds(): readonly number[] {
    this.settle();

    return this.sorted;
  }

  firstUpcoming(now: number): number {
    this.settle();

    return this.lowerBound(now);
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
    let largest = 0;
    for (const id of this.sorted) {
      largest = Math.max(largest, id);
    }
    if (this.position.length <= largest) {
      this.position = new Int32Array(Math.max(largest + 1, this.position.length * 2));
    }
    this.sorted.forEach((id, at) => {
      this.position[id] = at;
    });
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
