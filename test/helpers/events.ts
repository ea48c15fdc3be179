import { formatShanghai } from '#src/common/time.js';

/** Shanghai wall time `days` from now, as the publish body wants it. */
export function inDays(days: number): string {
  return formatShanghai(new Date(Date.now() + days * 24 * 3600 * 1000));
}

/** The SPEC's publish body, with a start time in the future. */
export function publishBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code: '大王派我来巡山',
    mediaids: ['media_id1', 'media_id2'],
    title: '东湖绿道徒步',
    time: inDays(3),
    aacost: 68,
    tag: '户外',
    expectsignups: 4,
    agerange: 3,
    location: '东湖风景区',
    address: '湖北省武汉市武昌区',
    latitude: '30.575504',
    longitude: '114.379627',
    ...overrides,
  };
}
