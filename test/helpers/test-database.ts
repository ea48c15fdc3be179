import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

export type DatabaseKind = 'sqlite' | 'mysql';

/** A database of the test's own: a temporary SQLite file, or a new MariaDB database. */
export interface TestDatabase {
  kind: DatabaseKind;
  /** The variables that point the server at it. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** `npm run test:mysql` sets QLH_TEST_DB=mysql; `npm test` runs on SQLite. */
export function testDatabaseKind(): DatabaseKind {
  return process.env.QLH_TEST_DB === 'mysql' ? 'mysql' : 'sqlite';
}

export function mysqlServerUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test';
}

export async function createTestDatabase(kind = testDatabaseKind()): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'qlh-test-'));

    return {
      kind,
      env: { DATA_DIR: dir },
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }

  const server = new URL(mysqlServerUrl());
  const name = `qlh_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = await mysql.createConnection({ uri: server.toString() });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(server.toString());
  url.pathname = `/${name}`;

  return {
    kind,
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const connection = await mysql.createConnection({ uri: server.toString() });
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}
