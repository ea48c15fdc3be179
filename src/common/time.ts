/** Asia/Shanghai keeps UTC+8 all year (no daylight saving), so a fixed offset is exact. */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const LOCAL_FORMAT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Formats an instant as Shanghai wall time, `YYYY-MM-DD HH:mm:ss`. */
export function formatShanghai(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS)
    .toISOString()
    .slice(0, 19)
    .replace('T', ' ');
}

/** Parses Shanghai wall time `YYYY-MM-DD HH:mm:ss`; undefined when malformed or not a real date. */
export function parseShanghai(text: string): Date | undefined {
  const parts = LOCAL_FORMAT.exec(text);
  if (parts === null) {
    return undefined;
  }

  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23) {
    return undefined;
  }

  return new Date(utc - SHANGHAI_OFFSET_MS);
}
