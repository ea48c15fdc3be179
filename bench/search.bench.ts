// Benchmark of the event code search index against a pinyin-match scan (issue 5).
// Run with `npm run bench:search`: tsconfig.bench.json compiles this file and the sources it
// imports to dist/bench, where bench/dist-package.json points `#src/*` at dist/bench/src (so the
// rest of the app need not build), then node --expose-gc runs it pinned to one core.
import { cpus } from 'node:os';

import PinyinMatch from 'pinyin-match';

import { readingsOf } from '#src/event/code-search/char-readings.js';
import { CodeSearchIndex } from '#src/event/code-search/code-search-index.js';

import { COMMON_CHARS, generateCodes, mulberry32 } from './sample-codes.js';

type Reference = { match(input: string, keys: string): [number, number] | false };
// pinyin-match is CommonJS typed as `export default`; Node hands over module.exports itself.
const reference =
  (PinyinMatch as unknown as { default?: Reference }).default ??
  (PinyinMatch as unknown as Reference);

const CODE_COUNT = 100_000;
const QUERIES_PER_GROUP = 25;
const SEED = 20250601;
const SLOWEST_SHOWN = 8;
const NOW = Date.UTC(2025, 5, 1);
const DAY = 86_400_000;

interface Query {
  group: string;
  text: string;
}

function main(): void {
  const random = mulberry32(SEED);
  const codes = generateCodes(CODE_COUNT, random);
  const queries = generateQueries(codes, random);

  const { index, buildMs, extraMb } = measureBuild(codes);
  const ours = timeQueries(queries, (query) => index.search(query));
  // The scan takes about a second a query, so every query is scanned: a few minutes in all.
  const scanned = queries;
  const scan = timeQueries(
    scanned,
    (query) => codes.filter((code) => reference.match(code, query)),
    false,
  );
  const missed = scanned.map((query, i) => {
    const found = new Set(index.search(query.text, codes.length).map((result) => result.code));

    return scan.results[i].filter((code) => !found.has(code)).length;
  });

  printReport({ codes, queries, scanned, buildMs, extraMb, ours, scan, missed });
}

function generateQueries(codes: string[], random: () => number): Query[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const slice = (code: string, min: number, max: number): string[] => {
    const chars = [...code];
    const length = Math.min(chars.length, min + Math.floor(random() * (max - min + 1)));
    const start = Math.floor(random() * (chars.length - length + 1));

    return chars.slice(start, start + length);
  };
  const full = (chars: string[]): string => chars.map((char) => pick(readingsOf(char))).join('');
  const initials = (chars: string[]): string =>
    chars.map((char) => pick(readingsOf(char))[0]).join('');
  const groups: Record<string, () => string> = {
    'chinese substring': () => slice(pick(codes), 2, 4).join(''),
    'full-pinyin substring': () => full(slice(pick(codes), 2, 4)),
    initials: () => initials(slice(pick(codes), 3, 10)),
    'whole-code pinyin': () => full([...pick(codes)]),
    'mixed full + initials': () => {
      const chars = slice(pick(codes), 4, 10);
      const cut = 1 + Math.floor(random() * (chars.length - 2));

      return full(chars.slice(0, cut)) + initials(chars.slice(cut));
    },
    'mixed case, spaces': () => {
      const chars = slice(pick(codes), 2, 5);

      return chars
        .map((char) => pick(readingsOf(char)))
        .map((reading) => (random() < 0.5 ? reading.toUpperCase() : reading))
        .join(random() < 0.5 ? ' ' : '');
    },
    'one-letter typo': () => withTypo(full(slice(pick(codes), 2, 6)), random),
    miss: () =>
      random() < 0.5
        ? Array.from({ length: 6 + Math.floor(random() * 8) }, () => pick([...'qwxzjkv'])).join('')
        : '鑫淼焱垚' + pick(['犇', '骉', '羴']),
    'short (1-2 letters, 1 char)': () =>
      pick([
        () => pick([...'abcdefghjklmnopqrstwxyz']),
        () => pick([...'dwxszhyjlq']) + pick([...'aeiouhgnsx']),
        () => pick(COMMON_CHARS),
      ])(),
  };

  return Object.entries(groups).flatMap(([group, make]) =>
    Array.from({ length: QUERIES_PER_GROUP }, () => ({ group, text: make() })),
  );
}

function withTypo(text: string, random: () => number): string {
  const at = Math.floor(random() * text.length);
  const letter = String.fromCharCode(97 + Math.floor(random() * 26));
  const kind = Math.floor(random() * 3);
  if (kind === 0) {
    return text.slice(0, at) + letter + text.slice(at + 1);
  }
  if (kind === 1) {
    return text.slice(0, at) + text.slice(at + 1);
  }

  return text.slice(0, at) + letter + text.slice(at);
}

function measureBuild(codes: string[]): {
  index: CodeSearchIndex;
  buildMs: number;
  extraMb: number;
} {
  const before = usedMemory();
  const start = performance.now();
  const index = new CodeSearchIndex({ now: () => NOW });
  codes.forEach((code, i) => {
    index.add(code, { id: i + 1, startsAt: NOW + Math.floor((i * 7919) % 270) * DAY - 90 * DAY });
  });
  index.warmUp();
  const buildMs = performance.now() - start;
  const extraMb = (usedMemory() - before) / 1024 / 1024;

  return { index, buildMs, extraMb };
}

function usedMemory(): number {
  global.gc?.();
  const usage = process.memoryUsage();

  return usage.heapUsed + usage.arrayBuffers;
}

interface Timing<T> {
  perQuery: number[];
  byGroup: Map<string, number[]>;
  results: T[];
}

// One untimed pass first, so that the timed pass measures compiled code, not the JIT warming up.
function timeQueries<T>(queries: Query[], run: (query: string) => T, warm = true): Timing<T> {
  if (warm) {
    queries.forEach((query) => run(query.text));
  }
  const perQuery: number[] = [];
  const byGroup = new Map<string, number[]>();
  const results: T[] = [];
  for (const query of queries) {
    const start = performance.now();
    results.push(run(query.text));
    const elapsed = performance.now() - start;
    perQuery.push(elapsed);
    byGroup.set(query.group, [...(byGroup.get(query.group) ?? []), elapsed]);
  }

  return { perQuery, byGroup, results };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);

  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function stats(values: number[]): string {
  const cells = [50, 95, 99].map((p) => percentile(values, p));

  return [...cells, Math.max(...values)].map((ms) => ms.toFixed(3)).join(' | ');
}

function printReport(report: {
  codes: string[];
  queries: Query[];
  scanned: Query[];
  buildMs: number;
  extraMb: number;
  ours: Timing<unknown>;
  scan: Timing<string[]>;
  missed: number[];
}): void {
  const { queries, scanned, buildMs, extraMb, ours, scan, missed } = report;
  const p99Ours = percentile(ours.perQuery, 99);
  const p99Scan = percentile(scan.perQuery, 99);
  const totalMissed = missed.reduce((sum, n) => sum + n, 0);
  console.log(`Event code search benchmark, ${new Date().toISOString()}`);
  console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}`);
  console.log(`${report.codes.length} codes (4-10 common characters), ${queries.length} queries\n`);
  console.log('| measured | queries | p50 ms | p95 ms | p99 ms | max ms |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| our index | ${queries.length} | ${stats(ours.perQuery)} |`);
  console.log(`| pinyin-match scan | ${scanned.length} | ${stats(scan.perQuery)} |`);
  console.log('\n| query group (our index) | queries | p50 ms | p95 ms | p99 ms | max ms |');
  console.log('|---|---|---|---|---|---|');
  for (const [group, times] of ours.byGroup) {
    console.log(`| ${group} | ${times.length} | ${stats(times)} |`);
  }
  const slowest = queries
    .map((query, i) => ({ query, ms: ours.perQuery[i] }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, SLOWEST_SHOWN);
  console.log('\nslowest queries (our index):');
  for (const { query, ms } of slowest) {
    console.log(`  ${ms.toFixed(3)} ms  ${query.group}: ${JSON.stringify(query.text)}`);
  }
  console.log(`\np99 ratio, pinyin-match scan / our index: ${(p99Scan / p99Ours).toFixed(0)}x`);
  console.log(`build: ${buildMs.toFixed(0)} ms, extra memory: ${extraMb.toFixed(1)} MB`);
  console.log(
    `recall: ${totalMissed} pinyin-match hits missed over the ${scanned.length} scanned queries`,
  );
  const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  console.log(
    `targets: p99 <= 2 ms ${verdict(p99Ours <= 2)}; build <= 3 s ${verdict(buildMs <= 3000)}; ` +
      `memory <= 150 MB ${verdict(extraMb <= 150)}; recall ${verdict(totalMissed === 0)}`,
  );
}

main();
