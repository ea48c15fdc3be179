import { formatShanghai, parseShanghai } from '#src/common/time.js';

describe('Shanghai time', () => {
  it('should show a UTC instant as Shanghai wall time', () => {
    expect(formatShanghai(new Date('2026-12-03T16:30:05Z'))).toBe('2026-12-04 00:30:05');
  });

  it('should parse Shanghai wall time into the UTC instant', () => {
    expect(parseShanghai('2026-12-04 00:30:05')?.toISOString()).toBe('2026-12-03T16:30:05.000Z');
  });

  it('should round-trip', () => {
    const text = '2027-02-28 23:59:59';

    expect(formatShanghai(parseShanghai(text) as Date)).toBe(text);
  });

  it.each([
    '2026-02-30 10:00:00',
    '2026-13-01 10:00:00',
    '2026-01-01 24:00:00',
    '2026-1-1 1:00:00',
    '',
  ])('should refuse %j', (text) => {
    expect(parseShanghai(text)).toBeUndefined();
  });
});
