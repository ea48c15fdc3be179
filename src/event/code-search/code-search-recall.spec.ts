import PinyinMatch from 'pinyin-match';

import { CodeSearchIndex } from '#src/event/code-search/code-search-index.js';
import { readingsOf } from '#src/event/code-search/char-readings.js';

// Common and polyphonic characters, Latin letters, digits and a space, as people type codes.
const ALPHABET = [
  ...'大王派我来巡山上打老虎重庆火锅局长沙夜行音乐节快了的力量银家城徒步阳登高星球西湖游',
  ...'周末爬桌之狼人杀剧本新手羽毛约起篮足飞盘露营看都市调查单身女生绿色旅分享会和还藏',
  ...'abcKTVxyz0123 ',
];
type Reference = { match(input: string, keys: string): [number, number] | false };
// pinyin-match is CommonJS typed as `export default`: its types put the API under `.default`,
// Node's ESM loader hands over module.exports itself.
const reference =
  (PinyinMatch as unknown as { default?: Reference }).default ??
  (PinyinMatch as unknown as Reference);
const CODES = 400;
const QUERIES = 400;

describe('CodeSearchIndex recall', () => {
  it('should find every code pinyin-match finds, for random codes and queries', () => {
    const random = mulberry32(20250601);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const codes = [...new Set(Array.from({ length: CODES }, () => randomCode(pick, random)))];
    const index = new CodeSearchIndex({ now: () => 0 });
    codes.forEach((code, i) => index.add(code, { id: i, startsAt: i }));

    const missed: string[] = [];
    let referenceHits = 0;
    for (let i = 0; i < QUERIES; i++) {
      const query = randomQuery(pick(codes), pick, random);
      const found = new Set(index.search(query, codes.length).map((result) => result.code));
      for (const code of codes) {
        if (!reference.match(code, query)) {
          continue;
        }
        referenceHits++;
        if (!found.has(code)) {
          missed.push(`${query} → ${code}`);
        }
      }
    }

    expect(missed).toEqual([]);
    // Guards against a vacuous pass: most queries come from a code, so the reference finds many.
    expect(referenceHits).toBeGreaterThan(QUERIES);
  });

  it('should give the same best match with a limit of one as the full ranking', () => {
    const random = mulberry32(20261203);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const generated = Array.from({ length: CODES }, () => randomCode(pick, random));
    // Codes that differ only in spaces spell the same text: neither may be taken as the only one.
    const spaced = generated.slice(0, 40).map((code) => [...code].join(' '));
    const codes = [...new Set([...generated, ...spaced])];
    const index = new CodeSearchIndex({ now: () => 0 });
    codes.forEach((code, i) => index.add(code, { id: i, startsAt: i }));
    // Removing codes renumbers the rest once enough are gone (compaction).
    const removed = codes.filter((_code, i) => i % 3 === 0);
    removed.forEach((code) => index.remove(code));

    const queries = codes.flatMap((code) => [code, code.slice(1), code.replaceAll(' ', '')]);
    const differing = queries.filter((query) => {
      const [best] = index.search(query, 1);
      const [first] = index.search(query, 5);

      return best?.code !== first?.code || best?.kind !== first?.kind;
    });

    expect(differing).toEqual([]);
    expect(index.search(removed[0], 5).map((result) => result.code)).not.toContain(removed[0]);
    expect(index.search(codes[1], 1)).toEqual([
      { code: codes[1], id: 1, score: 100, kind: 'exact' },
    ]);
  });
});

function randomCode(pick: <T>(items: readonly T[]) => T, random: () => number): string {
  const length = 2 + Math.floor(random() * 8);

  return (
    Array.from({ length }, () => pick(ALPHABET))
      .join('')
      .trim() || '空'
  );
}

// A run of the code's characters, each typed as itself, a full reading, an initial or a
// reading prefix, sometimes in upper case, with spaces, or with a random letter changed.
function randomQuery(
  code: string,
  pick: <T>(items: readonly T[]) => T,
  random: () => number,
): string {
  const chars = [...code];
  const start = Math.floor(random() * chars.length);
  const end = start + 1 + Math.floor(random() * (chars.length - start));
  const style = pick(['text', 'full', 'initials', 'mixed', 'prefixes']);
  let query = chars
    .slice(start, end)
    .map((char) => typeChar(char, style, pick, random))
    .join('');
  if (random() < 0.2) {
    query = query.toUpperCase();
  }
  if (random() < 0.1) {
    query = query.split('').join(' ');
  }
  if (random() < 0.15 && query.length > 1) {
    const at = Math.floor(random() * query.length);
    query = query.slice(0, at) + pick([...'aeiounghsz']) + query.slice(at + 1);
  }

  return query;
}

function typeChar(
  char: string,
  style: string,
  pick: <T>(items: readonly T[]) => T,
  random: () => number,
): string {
  const readings = readingsOf(char);
  if (readings.length === 0 || style === 'text') {
    return char;
  }
  const reading = pick(readings);
  const typed: Record<string, string> = {
    full: reading,
    initials: reading[0],
    mixed: random() < 0.5 ? reading : reading[0],
    prefixes: reading.slice(0, 1 + Math.floor(random() * reading.length)),
  };

  return typed[style] ?? char;
}

function mulberry32(seed: number): () => number {
  let state = seed;

  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
