import { Logger } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, DataSourceOptions } from 'typeorm';

import { AppConfig } from '#src/config/app-config.js';
import { ENTITIES } from '#src/database/entities.js';
import { MIGRATIONS } from '#src/database/migrations/index.js';

const MIGRATION_LOCK = 'qilaihi_migrations';

/** A database URL fit for a log line or an error message: no password. */
export function describeDatabase(config: AppConfig): string {
  if (config.databaseUrl === undefined) {
    return `sqlite:${join(config.dataDir, 'qilaihi.sqlite')}`;
  }

  const url = new URL(config.databaseUrl);
  url.password = '';

  return url.toString();
}

export function buildDataSourceOptions(config: AppConfig): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false } as const;
  if (config.databaseUrl === undefined) {
    mkdirSync(config.dataDir, { recursive: true });

    return {
      ...common,
      type: 'better-sqlite3',
      database: join(config.dataDir, 'qilaihi.sqlite'),
      enableWAL: true,
      timeout: 5000,
    };
  }

  return {
    ...common,
    type: 'mysql',
    url: config.databaseUrl.replace(/^mariadb:/, 'mysql:'),
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    poolSize: config.dbPoolSize,
    connectTimeout: Math.min(config.dbConnectTimeoutS * 1000, 10_000),
    extra: {
      // mysql2 drops broken connections from the pool and opens new ones on demand, which is
      // how the server recovers from a lost connection or a database restart.
      idleTimeout: config.dbIdleTimeoutS * 1000,
      maxIdle: config.dbPoolSize,
      enableKeepAlive: true,
      keepAliveInitialDelay: 10_000,
      // mysql2 otherwise captures a stack trace for every query, to add to a possible error:
      // a few per cent of the chat callback's CPU. Failures are reported with their SQL instead.
      trace: false,
    },
  };
}

/**
 * Connects, retrying for DB_CONNECT_TIMEOUT_S, then fails with a message naming the database.
 */
export async function connectDataSource(config: AppConfig, logger: Logger): Promise<DataSource> {
  const dataSource = new DataSource(buildDataSourceOptions(config));
  const deadline = Date.now() + config.dbConnectTimeoutS * 1000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await dataSource.initialize();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (Date.now() + 1000 > deadline) {
        const target = describeDatabase(config);
        throw new Error(
          `Could not reach the database ${target} within ${config.dbConnectTimeoutS} s: ${reason}`,
          { cause: error },
        );
      }
      logger.warn({ msg: 'database not reachable yet, retrying', attempt, reason });
      await sleep(1000);
    }
  }
}

/**
 * Applies pending migrations. On MySQL a named lock serialises processes that start together,
 * so each migration runs once.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  if (dataSource.options.type !== 'mysql') {
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  }

  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT GET_LOCK(?, 120)', [MIGRATION_LOCK]);

    return (await dataSource.runMigrations({ transaction: 'none' })).map((m) => m.name);
  } finally {
    await runner.query('SELECT RELEASE_LOCK(?)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
