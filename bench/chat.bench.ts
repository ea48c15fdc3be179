// Benchmark of the WeChat chat callback (issue 6): signed `#code` text messages, each with its
// own MsgId, POSTed to our real callback on MariaDB with 10,000 events, against two baselines
// measured the same way in the same run: a bare node:http server doing the minimum
// (bench/chat-bare-server.ts) and the npm `wechat` package on Express (bench/chat-wechat-server.ts).
//
// Run with `npm run bench:chat` (options after `--`: --only ours,bare,wechat --warmup 10
// --duration 20 --connections 50 --rounds 1). With --rounds N every server is measured N times,
// round by round, and the targets are judged on the medians: on a noisy machine one round's
// ratio can pass or fail by chance. Every server runs pinned to core 0 (`taskset -c 0`); this
// process, which drives autocannon, runs pinned to core 1 (the npm script's `taskset -c 1`).
// Our server is `node dist/main.js` on a MariaDB database this run creates and drops
// (BENCH_MYSQL_URL, default mysql://root@127.0.0.1:3306).
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

import mysql from 'mysql2/promise';

import {
  ACCOUNT_ID,
  BASELINE_ENV,
  BenchEvent,
  READY_LINE,
  generateEvents,
  signedQuery,
  textMessageXml,
} from './chat-wire.js';

// autocannon ships no types; these are the members used here.
interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  timeout: number;
  requests: { method: string; setupRequest: (request: AutocannonRequest) => AutocannonRequest }[];
}
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  latency: { p50: number; p99: number; max: number; totalCount: number };
  requests: { average: number; sent: number };
}
type Autocannon = (
  options: AutocannonOptions,
  done: (error: Error | null, result: AutocannonResult) => void,
) => unknown;

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as Autocannon;

type Target = 'bare' | 'wechat' | 'ours';
const TARGETS: readonly Target[] = ['bare', 'wechat', 'ours'];
const LABELS: Record<Target, string> = {
  bare: 'bare node:http (minimum)',
  wechat: 'npm wechat 2.1.0 on Express 5',
  ours: 'ours: Nest + Fastify, MariaDB',
};

const EVENT_COUNT = 10_000;
const SEED = 20260601;
const TOKEN = 'bench-chat-token';
const OPENIDS = 1000;
const SERVER_CORE = '0';
/**
 * V8 settings every server runs with: those of `npm start` (checked at start-up), so ours runs
 * as deployed and the baselines on the same runtime. A 32 MB young generation halves how often
 * the scavenger runs under load; the chat callback allocates a few kilobytes per message.
 */
const NODE_FLAGS = ['--max-semi-space-size=32'];
const PORTS: Record<Target, number> = { bare: 39111, wechat: 39112, ours: 39113 };
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const SANITY_CHECKS = 20;
const QUIET_WAIT_MS = 90_000;
/** Both cores together busier than this share of one core, with our servers idle: not quiet. */
const QUIET_SHARE = 0.25;
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const SERVER_DIR = new URL('./', import.meta.url).pathname;
const APP_MAIN = new URL('../../main.js', import.meta.url).pathname;

interface Options {
  only: Target[];
  rounds: number;
  warmupS: number;
  durationS: number;
  connections: number;
}

interface Measured {
  target: Target;
  result?: AutocannonResult;
  /** Shares of one core over the measured window. */
  cpu?: { loader: number; server: number; database: number; core0: number; core1: number };
  /** MariaDB status counters over the measured window, per request answered. */
  database?: Record<string, number>;
  note?: string;
}

/** Server-wide MariaDB counters that show what each request cost the database. */
const DB_COUNTERS = [
  'Com_select',
  'Com_insert',
  'Com_update',
  'Innodb_data_fsyncs',
  'Innodb_log_writes',
  'Innodb_row_lock_waits',
];

const children = new Set<ChildProcess>();
/** Drops the bench database; set while it exists, so an interrupted run drops it too. */
let dropDatabase: (() => Promise<void>) | undefined;

async function main(): Promise<void> {
  const options = readOptions();
  assertStartFlags();
  const workDir = mkdtempSync(join(tmpdir(), 'qlh-bench-chat-'));
  const events = generateEvents(EVENT_COUNT, SEED);
  const eventsFile = join(workDir, 'events.json');
  writeFileSync(eventsFile, JSON.stringify(events));
  console.log(`Chat callback benchmark, ${new Date().toISOString()}`);
  console.log(
    `node ${process.version}, ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}; ` +
      `servers on core ${SERVER_CORE} (node ${NODE_FLAGS.join(' ')}), autocannon on core 1`,
  );
  console.log(
    `${EVENT_COUNT} events, ${options.connections} connections, ` +
      `${options.warmupS} s warm-up + ${options.durationS} s measured per server\n`,
  );

  const rounds: Measured[][] = [];
  try {
    for (let round = 1; round <= options.rounds; round += 1) {
      if (options.rounds > 1) {
        console.log(`=== round ${round} of ${options.rounds}`);
      }
      const measured: Measured[] = [];
      for (const target of options.only) {
        console.log(`--- ${LABELS[target]}`);
        try {
          measured.push(
            target === 'ours'
              ? await measureOurs(events, workDir, options)
              : await measureBaseline(target, events, eventsFile, workDir, options),
          );
        } catch (error) {
          // One server failing must not lose the others' figures.
          const reason = error instanceof Error ? error.message : String(error);
          console.error(`${target} failed: ${reason}`);
          measured.push({ target, note: `not measured: ${reason.slice(0, 120)}` });
          await stopAll();
        }
      }
      rounds.push(measured);
      printReport(measured);
    }
  } finally {
    await stopAll();
    rmSync(workDir, { recursive: true, force: true });
  }
  if (rounds.length > 1) {
    printMedians(rounds);
  }
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', default: TARGETS.join(',') },
      warmup: { type: 'string', default: '10' },
      duration: { type: 'string', default: '20' },
      connections: { type: 'string', default: '50' },
      rounds: { type: 'string', default: '1' },
    },
  });
  const only = values.only.split(',').map((name) => name.trim());
  for (const name of only) {
    if (!(TARGETS as readonly string[]).includes(name)) {
      throw new Error(`--only takes ${TARGETS.join(', ')}; got ${name}`);
    }
  }
  const bounded = (text: string, min: number, max: number, name: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    }

    return value;
  };

  return {
    only: only as Target[],
    warmupS: bounded(values.warmup, 0, 120, 'warmup'),
    durationS: bounded(values.duration, 1, 300, 'duration'),
    connections: bounded(values.connections, 1, 1000, 'connections'),
    rounds: bounded(values.rounds, 1, 20, 'rounds'),
  };
}

async function measureBaseline(
  target: Exclude<Target, 'ours'>,
  events: BenchEvent[],
  eventsFile: string,
  workDir: string,
  options: Options,
): Promise<Measured> {
  const script = join(SERVER_DIR, `chat-${target}-server.js`);
  const server = startPinned(script, join(workDir, `${target}.log`), {
    [BASELINE_ENV.port]: String(PORTS[target]),
    [BASELINE_ENV.token]: TOKEN,
    [BASELINE_ENV.eventsFile]: eventsFile,
  });
  await waitForLine(server, READY_LINE);
  await sanityCheck(PORTS[target], events);
  const measured = await load(target, PORTS[target], server.pid, events, options);
  await stop(server);

  return measured;
}

async function measureOurs(
  events: BenchEvent[],
  workDir: string,
  options: Options,
): Promise<Measured> {
  const database = `qlh_bench_chat_${process.pid}`;
  const admin = await mysql.createConnection({ uri: MYSQL_URL, timezone: 'Z' });
  try {
    await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
    dropDatabase = async () => {
      dropDatabase = undefined;
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    };
    const env = {
      PORT: String(PORTS.ours),
      HOST: '127.0.0.1',
      DATABASE_URL: `${MYSQL_URL.replace(/\/$/, '')}/${database}`,
      WECHAT_TOKEN: TOKEN,
      WECHAT_CALLBACK_PATH: '/wx',
      WECHAT_ENCRYPT_MODE: 'plain',
      LOG_LEVEL: 'warn',
      DATA_DIR: join(workDir, 'data'),
    };
    // The first start runs the migrations; the events go in directly; the second start loads
    // them into the search index.
    const log = join(workDir, 'ours.log');
    let server = startPinned(APP_MAIN, log, env);
    await waitForReady(server, PORTS.ours);
    await stop(server);
    const seedStart = performance.now();
    await seed(admin, database, events);
    console.log(
      `seeded ${events.length} events in ${(performance.now() - seedStart).toFixed(0)} ms`,
    );
    server = startPinned(APP_MAIN, log, env);
    await waitForReady(server, PORTS.ours);
    const probe = await deliver(PORTS.ours, events[0], 'o-bench-probe', '1000000000000001');
    if (probe.status === 404) {
      await stop(server);
      console.log('POST /wx answers 404: the callback is not implemented yet; ours not measured');

      return { target: 'ours', note: 'not measured: POST /wx answers 404 (no callback yet)' };
    }
    await sanityCheck(PORTS.ours, events);
    await dedupCheck(PORTS.ours, events[1]);
    const logBefore = readFileSync(log, 'utf8').split('\n').length;
    const counters = async (): Promise<Record<string, number>> => {
      const [rows] = await admin.query<mysql.RowDataPacket[]>(
        `SHOW GLOBAL STATUS WHERE Variable_name IN (${DB_COUNTERS.map(() => '?').join(',')})`,
        DB_COUNTERS,
      );

      return Object.fromEntries(
        rows.map((row) => [String(row.Variable_name), Number(row.Value)] as const),
      );
    };
    const measured = await load('ours', PORTS.ours, server.pid, events, options, counters);
    // LOG_LEVEL=warn must keep the per-request line out of the measurement.
    const lines = readFileSync(log, 'utf8').split('\n');
    await stop(server);
    console.log(`server log: ${lines.length - logBefore} lines written during the load`);
    for (const line of lines.slice(logBefore - 1, logBefore + 2).filter((text) => text !== '')) {
      console.log(`  ${line.slice(0, 300)}`);
    }
    const perRequest = Object.entries(measured.database ?? {})
      .map(([name, value]) => `${name} ${value.toFixed(2)}`)
      .join(', ');
    console.log(`MariaDB per request (server-wide counters): ${perRequest}`);

    return measured;
  } finally {
    await stopAll();
    await dropDatabase?.();
    await admin.end();
  }
}

async function seed(
  connection: mysql.Connection,
  database: string,
  events: BenchEvent[],
): Promise<void> {
  const now = new Date();
  await connection.query(
    `INSERT INTO \`${database}\`.\`user\` (openid, nickname, tag_prefs, subscribed, created_at, updated_at)
     VALUES (?, ?, '[]', 1, ?, ?)`,
    ['o-bench-organizer', '压测组织者', now, now],
  );
  const [[organizer]] = await connection.query<mysql.RowDataPacket[]>(
    `SELECT id FROM \`${database}\`.\`user\` WHERE openid = 'o-bench-organizer'`,
  );
  const batch = 1000;
  for (let from = 0; from < events.length; from += batch) {
    const rows = events.slice(from, from + batch).map((event, i) => [
      event.code,
      event.code.trim().toLowerCase(),
      event.title,
      // Upcoming: one to sixty days ahead, at whole hours.
      new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000 + ((from + i) % 60) * 86_400_000),
      5000,
      '桌游',
      12,
      0,
      '人民公园',
      '人民南路 1 号',
      '成都',
      30.657 + ((from + i) % 100) / 1000,
      104.066 + ((from + i) % 100) / 1000,
      organizer.id as number,
      'published',
      // Published over the last week, a minute apart, as real events are: not all at once.
      publishedAt(now, from + i, events.length),
      publishedAt(now, from + i, events.length),
    ]);
    await connection.query(
      `INSERT INTO \`${database}\`.\`event\` (code, code_key, title, starts_at, aa_cost_fen, tag,
         expect_signups, age_range, location, address, city, latitude, longitude, organizer_id,
         status, created_at, updated_at) VALUES ?`,
      [rows],
    );
  }
}

function publishedAt(now: Date, index: number, count: number): Date {
  return new Date(now.getTime() - (count - index) * 60_000);
}

/** One signed text message; the reply's status and body. */
async function deliver(
  port: number,
  event: BenchEvent,
  openid: string,
  msgId: string,
): Promise<{ status: number; body: string }> {
  const response = await fetch(
    `http://127.0.0.1:${port}/wx?${signedQuery(TOKEN, Date.now())}&openid=${openid}`,
    {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: textMessageXml(openid, `#${event.code}`, msgId),
      signal: AbortSignal.timeout(10_000),
    },
  );

  return { status: response.status, body: await response.text() };
}

/** A few codes before the load: each must come back as a one-article news reply naming it. */
async function sanityCheck(port: number, events: BenchEvent[]): Promise<void> {
  for (let i = 0; i < SANITY_CHECKS; i++) {
    const event = events[Math.floor((i * events.length) / SANITY_CHECKS)];
    const { status, body } = await deliver(port, event, `o-bench-check-${i}`, `90000000000000${i}`);
    const news =
      body.includes('<MsgType><![CDATA[news]]></MsgType>') &&
      body.includes('<ArticleCount>1</ArticleCount>') &&
      body.includes(event.code) &&
      body.includes(`<ToUserName><![CDATA[o-bench-check-${i}]]></ToUserName>`) &&
      body.includes(`<FromUserName><![CDATA[${ACCOUNT_ID}]]></FromUserName>`);
    if (status !== 200 || !news) {
      throw new Error(
        `sanity check failed on port ${port} for #${event.code}: ${status} ${body.slice(0, 300)}`,
      );
    }
  }
  console.log(`sanity: ${SANITY_CHECKS} codes answered with their news article`);
}

/** The same delivery twice gives the same bytes (the second from the dedup record). */
async function dedupCheck(port: number, event: BenchEvent): Promise<void> {
  const first = await deliver(port, event, 'o-bench-dedup', '9100000000000001');
  const again = await deliver(port, event, 'o-bench-dedup', '9100000000000001');
  const same = first.status === again.status && first.body === again.body;
  console.log(`dedup: a repeated MsgId ${same ? 'got the same reply' : 'got a DIFFERENT reply'}`);
}

async function load(
  target: Target,
  port: number,
  serverPid: number | undefined,
  events: BenchEvent[],
  options: Options,
  counters?: () => Promise<Record<string, number>>,
): Promise<Measured> {
  // A MsgId per request: a prefix for this run, then a counter that never repeats.
  const prefix = `7${String(Date.now() % 1_000_000).padStart(6, '0')}`;
  const databasePid = findProcess('mariadbd') ?? findProcess('mysqld');
  let counter = 0;
  const run = async (durationS: number): Promise<{ result: AutocannonResult; cpu: Cpu }> => {
    // Signed afresh for each run: the server refuses a timestamp older than five minutes.
    const query = signedQuery(TOKEN, Date.now());
    const setupRequest = (request: AutocannonRequest): AutocannonRequest => {
      const n = counter++;
      const openid = `o-bench-${n % OPENIDS}`;
      const event = events[Math.floor(Math.random() * events.length)];
      request.path = `/wx?${query}&openid=${openid}`;
      request.body = textMessageXml(openid, `#${event.code}`, prefix + String(n).padStart(9, '0'));

      return request;
    };
    const cpuBefore = process.cpuUsage();
    const serverBefore = processTicks(serverPid);
    const databaseBefore = processTicks(databasePid);
    const coresBefore = coreTicks();
    const result = await new Promise<AutocannonResult>((resolve, reject) => {
      autocannon(
        {
          url: `http://127.0.0.1:${port}`,
          connections: options.connections,
          duration: durationS,
          timeout: 10,
          requests: [{ method: 'POST', setupRequest }],
        },
        (error, done) => (error ? reject(error) : resolve(done)),
      );
    });
    const loader = process.cpuUsage(cpuBefore);
    const cores = coreTicks();
    const seconds = result.duration;
    const busy = (core: number): number =>
      (cores[core].busy - coresBefore[core].busy) / (cores[core].total - coresBefore[core].total);

    return {
      result,
      cpu: {
        loader: (loader.user + loader.system) / 1e6 / seconds,
        server: (processTicks(serverPid) - serverBefore) / CLOCK_TICKS / seconds,
        database: (processTicks(databasePid) - databaseBefore) / CLOCK_TICKS / seconds,
        core0: busy(0),
        core1: busy(1),
      },
    };
  };
  await awaitQuiet();
  if (options.warmupS > 0) {
    await run(options.warmupS);
  }
  const countersBefore = await counters?.();
  const { result, cpu } = await run(options.durationS);
  const countersAfter = await counters?.();
  const answered = Math.max(1, result['2xx']);
  const database =
    countersBefore && countersAfter
      ? Object.fromEntries(
          Object.entries(countersAfter).map(([name, value]) => [
            name,
            (value - (countersBefore[name] ?? 0)) / answered,
          ]),
        )
      : undefined;
  console.log(
    `${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, ` +
      `p99 ${result.latency.p99} ms, ${result.errors} errors, ${result.non2xx} non-2xx`,
  );

  return { target, result, cpu, database };
}

/**
 * Other work on the machine (a test run, a build) skews the figures: before loading a server,
 * wait a bounded while for both cores to be nearly idle, and say so if they never were.
 */
async function awaitQuiet(): Promise<void> {
  const deadline = Date.now() + QUIET_WAIT_MS;
  const start = Date.now();
  for (;;) {
    const before = coreTicks();
    await sleep(1000);
    const after = coreTicks();
    const busy = after.reduce(
      (sum, core, i) => sum + (core.busy - before[i].busy) / (core.total - before[i].total),
      0,
    );
    if (busy <= QUIET_SHARE) {
      if (Date.now() - start > 1500) {
        console.log(`waited ${((Date.now() - start) / 1000).toFixed(0)} s for a quiet machine`);
      }

      return;
    }
    if (Date.now() > deadline) {
      console.log(
        `WARNING: the machine stayed busy (${(busy * 100).toFixed(0)}% of a core used by ` +
          `other processes) for ${QUIET_WAIT_MS / 1000} s; measuring anyway`,
      );

      return;
    }
  }
}

type Cpu = NonNullable<Measured['cpu']>;
/** USER_HZ: the unit of /proc times on Linux. */
const CLOCK_TICKS = 100;

/** Busy and total time of each core so far, from /proc/stat. */
function coreTicks(): { busy: number; total: number }[] {
  return readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((line) => /^cpu\d+ /.test(line))
    .map((line) => {
      const [user, nice, system, idle, iowait, irq, softirq, steal] = line
        .split(/\s+/)
        .slice(1, 9)
        .map(Number);
      const busy = user + nice + system + irq + softirq + steal;

      return { busy, total: busy + idle + iowait };
    });
}

/** The id of a running process by its command name (to read its CPU time), if any. */
function findProcess(name: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) {
        return Number(entry);
      }
    } catch {
      // Gone meanwhile.
    }
  }

  return undefined;
}

/** User plus system time of a process so far, in clock ticks; 0 when unknown. */
function processTicks(pid: number | undefined): number {
  if (pid === undefined) {
    return 0;
  }
  try {
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');

    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** NODE_FLAGS must be those `npm start` runs the server with, or ours is not run as deployed. */
function assertStartFlags(): void {
  const manifest = JSON.parse(
    readFileSync(join(SERVER_DIR, '..', '..', '..', 'package.json'), 'utf8'),
  ) as { scripts: { start: string } };
  const missing = NODE_FLAGS.filter((flag) => !manifest.scripts.start.split(' ').includes(flag));
  if (missing.length > 0) {
    throw new Error(`npm start does not run node with ${missing.join(' ')}: update NODE_FLAGS`);
  }
}

/**
 * `node <script>` pinned to the server core, its output appended to a log file. With
 * BENCH_CPU_PROF=<dir>, each server writes a V8 CPU profile there when it stops.
 */
function startPinned(script: string, log: string, env: Record<string, string>): ChildProcess {
  const profileDir = process.env.BENCH_CPU_PROF;
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const args = ['-c', SERVER_CORE, process.execPath, ...NODE_FLAGS, ...profile, script];
  const child = spawn('taskset', args, {
    cwd: join(SERVER_DIR, '..', '..', '..'),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  writeFileSync(log, '', { flag: 'a' });
  const output: string[] = [];
  const keep = (chunk: Buffer): void => {
    output.push(chunk.toString('utf8'));
    writeFileSync(log, chunk, { flag: 'a' });
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('exit', (code, signal) => {
    children.delete(child);
    if (code !== 0 && signal !== 'SIGTERM' && signal !== 'SIGKILL') {
      console.error(`${script} exited (${code ?? signal}):\n${output.join('').slice(-2000)}`);
    }
  });

  return child;
}

async function waitForLine(child: ChildProcess, line: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let seen = '';
  child.stdout?.on('data', (chunk: Buffer) => (seen += chunk.toString('utf8')));
  while (!seen.includes(line)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`server did not start (exit code ${child.exitCode})`);
    }
    await sleep(50);
  }
}

async function waitForReady(child: ChildProcess, port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`our server did not get ready (exit code ${child.exitCode})`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`, {
        signal: AbortSignal.timeout(1000),
      });
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

async function stopAll(): Promise<void> {
  await Promise.all([...children].map((child) => stop(child)));
}

function printReport(measured: Measured[]): void {
  const bare = measured.find((m) => m.target === 'bare')?.result;
  const ours = measured.find((m) => m.target === 'ours');
  console.log(
    '\n| server | req/s | p50 ms | p99 ms | max ms | errors / non-2xx | vs bare | ' +
      'server CPU | MariaDB CPU | autocannon CPU | core 0 / core 1 busy |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  const percent = (share: number | undefined): string => `${((share ?? 0) * 100).toFixed(0)}%`;
  for (const { target, result, cpu, note } of measured) {
    if (result === undefined) {
      console.log(`| ${LABELS[target]} | ${note ?? 'not measured'} | | | | | | | | | |`);
      continue;
    }
    const ratio = bare
      ? `${((100 * result.requests.average) / bare.requests.average).toFixed(0)}%`
      : '';
    console.log(
      `| ${LABELS[target]} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ` +
        `${result.latency.p99} | ${result.latency.max} | ` +
        `${result.errors + result.timeouts} / ${result.non2xx} | ${ratio} | ` +
        `${percent(cpu?.server)} | ${percent(cpu?.database)} | ${percent(cpu?.loader)} | ` +
        `${percent(cpu?.core0)} / ${percent(cpu?.core1)} |`,
    );
  }
  console.log(
    '\nLatency has 1 ms resolution (autocannon). CPU columns are shares of one core over the ' +
      'measured window; a core busier than the process on it also ran kernel network work, ' +
      'MariaDB (not pinned) or other processes.',
  );
  if (ours?.result === undefined || bare === undefined) {
    console.log('targets: not judged (ours or the bare baseline not measured)');

    return;
  }
  const share = ours.result.requests.average / bare.requests.average;
  const clean = ours.result.errors + ours.result.timeouts + ours.result.non2xx === 0;
  console.log(`targets: ${verdicts(share, ours.result.latency.p99, clean)}`);
}

/** The targets judged on the medians of the rounds in which both ours and bare were measured. */
function printMedians(rounds: Measured[][]): void {
  const judged = rounds.flatMap((measured) => {
    const bare = measured.find((m) => m.target === 'bare')?.result;
    const ours = measured.find((m) => m.target === 'ours')?.result;

    return bare === undefined || ours === undefined ? [] : [{ bare, ours }];
  });
  if (judged.length === 0) {
    console.log('\nmedians: not judged (ours and the bare baseline not both measured in a round)');

    return;
  }
  const shares = judged.map(({ bare, ours }) => ours.requests.average / bare.requests.average);
  const p99s = judged.map(({ ours }) => ours.latency.p99);
  const clean = judged.every(({ ours }) => ours.errors + ours.timeouts + ours.non2xx === 0);
  const percent = (share: number): string => `${(share * 100).toFixed(0)}%`;
  console.log(
    `\nover ${judged.length} rounds: ours / bare ${shares.map(percent).join(', ')}; ` +
      `ours p99 ${p99s.join(', ')} ms`,
  );
  console.log(`targets on the medians: ${verdicts(median(shares), median(p99s), clean)}`);
}

function verdicts(share: number, p99: number, clean: boolean): string {
  const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');

  return (
    `>= 50% of bare req/s ${verdict(share >= 0.5)} (${(share * 100).toFixed(0)}%); ` +
    `p99 <= 15 ms ${verdict(p99 <= 15)} (${p99} ms); no errors ${verdict(clean)}`
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;

  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopAll()
      .then(() => dropDatabase?.())
      .finally(() => process.exit(130));
  });
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await stopAll();
  process.exit(1);
});
