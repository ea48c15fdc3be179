import { DynamicModule, Type } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

import { createApp } from '#src/app.factory.js';
import { AppLogger } from '#src/common/app-logger.js';
import { AppConfig, loadConfig } from '#src/config/app-config.js';
import { createTestDatabase, TestDatabase } from './test-database.js';

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** The envelope, loosely typed for assertions. */
export interface Envelope {
  status: number;
  msg: string;
  code?: string;
  result?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface TestApp {
  app: NestFastifyApplication;
  url: string;
  config: AppConfig;
  database: TestDatabase;
  /** Every log line the app wrote, for asserting what logs never contain. */
  logs: string[];
  post(
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpResult<Envelope>>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  imports?: (Type | DynamicModule)[];
  /** Share one database between app instances; by default each app gets a fresh one. */
  database?: TestDatabase;
}

/** Boots the real app on a free loopback port against a real database. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    ...database.env,
    ...options.env,
  });
  const logs: string[] = [];
  const logger = new AppLogger('debug', 'json', (line) => {
    logs.push(line);
    if (process.env.QLH_TEST_LOG) {
      process.stderr.write(line);
    }
  });
  const app = await createApp(config, { logger, imports: options.imports });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();

  return {
    app,
    url,
    config,
    database,
    logs,
    post: (path, body, headers) => postJson(url + path, body, headers),
    close: async () => {
      await app.close();
      if (options.database === undefined) {
        await database.drop();
      }
    },
  };
}

export async function postJson<T = Envelope>(
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();

  return { status: response.status, headers: response.headers, body: JSON.parse(text) as T };
}
