import { DataSource } from 'typeorm';

import { loadConfig } from '#src/config/app-config.js';
import { buildDataSourceOptions } from '#src/database/data-source.js';
import { LeaseRepository } from '#src/database/lease.repository.js';
import { MIGRATIONS } from '#src/database/migrations/index.js';
import { WxDeliveryRowId1764800500000 } from '#src/database/migrations/1764800500000-wx-delivery-row-id.js';
import { WxDeliveryRepository } from '#src/wx-message/wx-delivery.repository.js';
import mysql from 'mysql2/promise';

import {
  createTestDatabase,
  mysqlServerUrl,
  TestDatabase,
  testDatabaseKind,
} from './helpers/test-database.js';
import { startTestApp, TestApp } from './helpers/test-app.js';

interface ColumnShape {
  table: string;
  column: string;
  primary: boolean;
  nullable: boolean;
}

async function appliedMigrations(t: TestApp): Promise<string[]> {
  const rows: { name: string }[] = await t.app
    .get(DataSource)
    .query('SELECT name FROM migrations ORDER BY id');

  return rows.map((row) => row.name);
}

/** Tables and columns as the two databases report them, for comparing schemas. */
async function schemaShape(t: TestApp): Promise<ColumnShape[]> {
  const dataSource = t.app.get(DataSource);
  const listing: Record<string, string>[] = await dataSource.query(
    dataSource.options.type === 'mysql'
      ? 'SHOW TABLES'
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
  );
  const runner = dataSource.createQueryRunner();
  try {
    const tables = await runner.getTables(listing.map((row) => Object.values(row)[0]));

    return tables
      .filter((table) => table.name !== 'migrations')
      .flatMap((table) =>
        table.columns.map((column) => ({
          table: table.name.split('.').at(-1) ?? table.name,
          column: column.name,
          primary: column.isPrimary,
          nullable: column.isNullable,
        })),
      )
      .sort((a, b) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`));
  } finally {
    await runner.release();
  }
}

describe('Database', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  describe('migrations', () => {
    it('should apply every migration, in order, at start-up', async () => {
      expect(await appliedMigrations(t)).toEqual(MIGRATIONS.map((migration) => migration.name));
    });

    it('should not apply a migration twice when a second process starts on the same database', async () => {
      const second = await startTestApp({ database: t.database });

      expect(await appliedMigrations(second)).toEqual(await appliedMigrations(t));
      await second.close();
    });

    // `npm run test:mysql` runs this against MariaDB and a fresh SQLite file side by side.
    const onMysql = testDatabaseKind() === 'mysql' ? it : it.skip;
    onMysql('should build the same schema on SQLite and MariaDB', async () => {
      const sqlite = await startTestApp({ database: await createTestDatabase('sqlite') });

      expect(await appliedMigrations(sqlite)).toEqual(await appliedMigrations(t));
      expect(await schemaShape(sqlite)).toEqual(await schemaShape(t));
      await sqlite.close();
      await sqlite.database.drop();
    });
  });

  describe('the delivery records migration', () => {
    it('should keep the records written before it (and on undo), so a retry across the upgrade is answered', async () => {
      const database = await createTestDatabase();
      const options = buildDataSourceOptions(loadConfig({ ...database.env, LOG_LEVEL: 'error' }));
      const upTo = MIGRATIONS.indexOf(WxDeliveryRowId1764800500000);
      const before = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, upTo) });
      await before.initialize();
      await before.runMigrations();
      await before.query(
        'INSERT INTO wx_delivery (delivery_key, state, reply, created_at, updated_at) ' +
          "VALUES ('k-old', 'done', '<xml>old</xml>', '2026-12-04 00:00:00.000', '2026-12-04 00:00:00.000')",
      );
      await before.destroy();

      const after = new DataSource(options);
      await after.initialize();
      try {
        await after.runMigrations();
        const deliveries = new WxDeliveryRepository(after);

        expect((await deliveries.find('k-old'))?.reply).toBe('<xml>old</xml>');
        expect(
          await deliveries.storeAnswered([{ key: 'k-old', reply: '<xml>again</xml>' }]),
        ).toEqual([false]);
        expect(await deliveries.storeAnswered([{ key: 'k-new', reply: '<xml>new</xml>' }])).toEqual(
          [true],
        );
        expect((await deliveries.find('k-old'))?.reply).toBe('<xml>old</xml>');

        await after.undoLastMigration();
        const keptOnUndo: { reply: string }[] = await after.query(
          'SELECT reply FROM wx_delivery ORDER BY delivery_key',
        );
        expect(keptOnUndo.map((row) => row.reply)).toEqual(['<xml>new</xml>', '<xml>old</xml>']);
      } finally {
        await after.destroy();
        await database.drop();
      }
    });
  });

  describe('the delivery records purge', () => {
    const at = (minutesAgo: number) =>
      new Date(Date.now() - minutesAgo * 60_000).toISOString().slice(0, 23).replace('T', ' ');
    const record = (key: string, minutesAgo: number) =>
      `('${key}', 'done', '<xml/>', '${at(minutesAgo)}', '${at(minutesAgo)}')`;
    const keysLeft = async (dataSource: DataSource) =>
      (
        await dataSource.query<{ delivery_key: string }[]>(
          'SELECT delivery_key FROM wx_delivery ORDER BY id',
        )
      ).map((row) => row.delivery_key);

    let database: TestDatabase;
    let dataSource: DataSource;
    beforeEach(async () => {
      database = await createTestDatabase();
      dataSource = new DataSource(
        buildDataSourceOptions(loadConfig({ ...database.env, LOG_LEVEL: 'error' })),
      );
      await dataSource.initialize();
      await dataSource.runMigrations();
    });
    afterEach(async () => {
      await dataSource.destroy();
      await database.drop();
    });

    it('should remove the old records in chunks and keep every younger one', async () => {
      const old = Array.from({ length: 23 }, (_, i) => record(`old-${i}`, 120 - i));
      await dataSource.query(
        'INSERT INTO wx_delivery (delivery_key, state, reply, created_at, updated_at) VALUES ' +
          [...old, record('young-1', 30), record('young-2', 1)].join(', '),
      );

      const removed = await new WxDeliveryRepository(dataSource).purgeOlderThan(
        new Date(Date.now() - 60 * 60_000),
        5,
      );

      expect(removed).toBe(23);
      expect(await keysLeft(dataSource)).toEqual(['young-1', 'young-2']);
    });

    it('should never remove a younger record, even one written before an older one', async () => {
      // Processes' clocks differ: a record can be stamped earlier than one with a lower row id.
      await dataSource.query(
        'INSERT INTO wx_delivery (delivery_key, state, reply, created_at, updated_at) VALUES ' +
          [record('old-1', 90), record('young-1', 59), record('old-2', 61)].join(', '),
      );
      const deliveries = new WxDeliveryRepository(dataSource);

      await deliveries.purgeOlderThan(new Date(Date.now() - 60 * 60_000));

      const left = await keysLeft(dataSource);
      expect(left).toContain('young-1');
      expect(left).not.toContain('old-1');
      await deliveries.purgeOlderThan(new Date(Date.now() - 58 * 60_000));
      expect(await keysLeft(dataSource)).toEqual([]);
    });

    const onMysql = testDatabaseKind() === 'mysql' ? it : it.skip;
    onMysql('should not wait for a record being written meanwhile', async () => {
      // Mostly old records (a purge that did not run for a while, or a burst an hour ago): the
      // planner would scan the whole table for them, locking the records being written.
      const old = Array.from({ length: 2000 }, (_, i) => record(`old-${i}`, 120 - i / 100));
      const young = Array.from({ length: 20 }, (_, i) => record(`young-${i}`, 20 - i));
      await dataSource.query(
        'INSERT INTO wx_delivery (delivery_key, state, reply, created_at, updated_at) VALUES ' +
          [...old, ...young].join(', '),
      );
      await dataSource.query('ANALYZE TABLE wx_delivery');
      // Another process's record batch, not yet committed.
      const writer = dataSource.createQueryRunner();
      await writer.startTransaction();
      await writer.query(
        'INSERT INTO wx_delivery (delivery_key, state, reply, created_at, updated_at) VALUES ' +
          record('written-now', 0),
      );
      try {
        const purge = new WxDeliveryRepository(dataSource).purgeOlderThan(
          new Date(Date.now() - 60 * 60_000),
        );
        const outcome = await Promise.race([
          purge.then((removed) => `removed ${removed}`),
          new Promise((resolve) => setTimeout(resolve, 3000, 'still waiting after 3 s')),
        ]);

        expect(outcome).toBe('removed 2000');
      } finally {
        await writer.commitTransaction();
        await writer.release();
      }
      expect(await keysLeft(dataSource)).toEqual([
        ...young.map((_, i) => `young-${i}`),
        'written-now',
      ]);
    });
  });

  describe('connection pool', () => {
    const onMysql = testDatabaseKind() === 'mysql' ? it : it.skip;
    onMysql('should recover when the database drops its connections', async () => {
      await fetch(`${t.url}/health/ready`);
      const database = new URL(t.database.env.DATABASE_URL).pathname.slice(1);
      const admin = await mysql.createConnection({ uri: mysqlServerUrl() });
      const [rows] = await admin.query<mysql.RowDataPacket[]>(
        'SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ?',
        [database],
      );
      for (const row of rows) {
        await admin.query(`KILL ${Number(row.ID)}`);
      }
      await admin.end();

      const statuses: number[] = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        statuses.push((await fetch(`${t.url}/health/ready`)).status);
      }

      expect(rows.length).toBeGreaterThan(0);
      expect(statuses.at(-1)).toBe(200);
    });
  });

  describe(LeaseRepository.name, () => {
    it('should give a lease to one holder at a time and free it once expired', async () => {
      const dataSource = t.app.get(DataSource);
      const first = new LeaseRepository(dataSource);
      const second = new LeaseRepository(dataSource);
      const now = new Date();

      const results = await Promise.all([
        first.acquire('job', 60_000, now),
        second.acquire('job', 60_000, now),
      ]);

      expect(results.filter(Boolean)).toHaveLength(1);
      const [winner, loser] = results[0] ? [first, second] : [second, first];
      expect(await winner.acquire('job', 60_000, now)).toBe(true);
      expect(await loser.acquire('job', 60_000, now)).toBe(false);
      expect(await loser.acquire('job', 60_000, new Date(now.getTime() + 61_000))).toBe(true);
      expect(await winner.acquire('job', 60_000, new Date(now.getTime() + 62_000))).toBe(false);
    });

    it('should hand the lease over once released', async () => {
      const dataSource = t.app.get(DataSource);
      const first = new LeaseRepository(dataSource);
      const second = new LeaseRepository(dataSource);

      expect(await first.acquire('other-job', 60_000)).toBe(true);
      await first.release('other-job');

      expect(await second.acquire('other-job', 60_000)).toBe(true);
    });
  });
});
