// Benchmark of the event code search index against a pinyin-match scan (issue 5).
// Run with `npm run bench:search`: tsconfig.bench.json compiles this file and the sources it
// imports to dist/bench, where bench/dist-package.json points `#src/*` at dist/bench/src (so the
// rest of the app need not build), then node --expose-gc runs it pinned to one core.
import { cpus } from 'node:os';

import PinyinMatch from 'pinyin-match';

import { readingsOf } from '#src/event/code-search/char-readings.js';
import { CodeSearchIndex } from '#src/event/code-search/code-search-index.js';

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

// About 500 of the most common characters, polyphonic ones (行长重乐都调还和…) included.
const COMMON_CHARS = [
  ...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过',
  ...'子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体',
  ...'制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内',
  ...'数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提',
  ...'直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计',
  ...'别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研队南给色光门即保治北造百规热领',
  ...'七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安',
  ...'场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群',
  ...'广石记需段界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办',
  ...'青省列习响约支般史感劳便团往酸历市克何除消构称太准精值号率族维划选标写存候毛亲快效斯院查江型',
  ...'眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞乐虎巡夜游湖',
  ...'跑球约露营咖啡读书朋友聚餐唱歌舞蹈爬徒步骑狼杀剧本密室桌绿女旅略居去语雨鱼曲句',
];

interface Query {
  group: string;
  text: string;
}

function main(): void {
  const random = mulberry32(SEED);
  const codes = generateCodes(random);
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

function generateCodes(random: () => number): string[] {
  const codes = new Set<string>();
  while (codes.size < CODE_COUNT) {
    const length = 4 + Math.floor(random() * 7);
    let code = '';
    for (let i = 0; i < length; i++) {
      // Squaring skews picks towards the most common characters, as real codes are.
      code += COMMON_CHARS[Math.floor(random() ** 2 * COMMON_CHARS.length)];
    }
    codes.add(code);
  }

  return [...codes];
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

function mulberry32(seed: number): () => number {
  let state = seed;

  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

main();
