import { RateLimitedLog } from '#src/place/rate-limited-log.js';

describe(RateLimitedLog.name, () => {
  it('should admit the first of a kind, then one an interval, counting the skipped', () => {
    const log = new RateLimitedLog<'key' | 'quota'>(60_000);

    expect(log.admit('key', 0)).toEqual({ skipped: 0 });
    expect(log.admit('key', 10_000)).toBeUndefined();
    expect(log.admit('key', 59_999)).toBeUndefined();
    expect(log.admit('key', 60_000)).toEqual({ skipped: 2 });
    expect(log.admit('key', 60_001)).toBeUndefined();
  });

  it('should count each kind apart', () => {
    const log = new RateLimitedLog<'key' | 'quota'>(60_000);

    expect(log.admit('key', 0)).toEqual({ skipped: 0 });
    expect(log.admit('quota', 1)).toEqual({ skipped: 0 });
  });
});
