import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

import { Env, EnvReader } from '#src/config/env-reader.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = 'json' | 'pretty';
export type PlaceProviderName = 'tencent' | 'baidu' | 'offline';
export type MediaStoreKind = 'local' | 'ftp';
export type WechatEncryptMode = 'plain' | 'compatible' | 'safe';

export class ConfigError extends Error {}

/**
 * Every setting the server reads, validated once at boot. Nothing outside src/config reads
 * process.env; everything else receives this object through dependency injection.
 */
export class AppConfig {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl?: string;
  readonly dataDir: string;
  readonly dbPoolSize: number;
  readonly dbIdleTimeoutS: number;
  readonly dbConnectTimeoutS: number;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  readonly publicBaseUrl: string;
  readonly wechatAppId?: string;
  readonly wechatAppSecret?: string;
  readonly wechatToken?: string;
  readonly wechatAesKey?: string;
  readonly wechatCallbackPath: string;
  readonly wechatApiBaseUrl: string;
  readonly wechatApiTimeoutMs: number;
  readonly wechatJssdkDomains: string[];
  readonly wechatEncryptMode: WechatEncryptMode;
  readonly wechatApiRetries: number;
  readonly wechatApiRetryBaseMs: number;
  readonly wechatTokenRefreshAheadS: number;
  readonly wechatTokenCheckIntervalMs: number;
  /** How long a chat reply may take before the callback answers `success` and sends it later. */
  readonly wechatReplyDeadlineMs: number;
  /** Custom-menu CLICK keys mapped to the IVR command text they stand for. */
  readonly wechatMenuCommands: Record<string, string>;
  readonly sessionSecret?: string;
  readonly sessionTtlS: number;
  readonly adminToken?: string;
  readonly placeProvider: PlaceProviderName;
  readonly placeApiKey?: string;
  readonly placeApiBaseUrl?: string;
  readonly placeTimeoutMs: number;
  readonly placeCacheSize: number;
  readonly placeCacheTtlS: number;
  readonly mediaStore: MediaStoreKind;
  readonly mediaUrlPrefix: string;
  readonly defaultCoverUrl: string;
  readonly ftpHost?: string;
  readonly ftpPort: number;
  readonly ftpUser?: string;
  readonly ftpPassword?: string;
  readonly ftpDir: string;
  readonly ftpTls: boolean;
  readonly syncStartHour: number;
  readonly syncStopHour: number;

  get databaseKind(): 'mysql' | 'sqlite' {
    return this.databaseUrl === undefined ? 'sqlite' : 'mysql';
  }

  get wechatApiEnabled(): boolean {
    return this.wechatAppId !== undefined && this.wechatAppSecret !== undefined;
  }

  /** Optional features that are off, each with the reason an operator can act on. */
  disabledFeatures(): string[] {
    const off: string[] = [];
    if (!this.wechatApiEnabled) {
      off.push('WeChat API (WECHAT_APP_ID/WECHAT_APP_SECRET unset)');
    }
    if (this.wechatToken === undefined) {
      off.push('WeChat callback (WECHAT_TOKEN unset)');
    }
    if (this.adminToken === undefined) {
      off.push('admin API (ADMIN_TOKEN unset)');
    }
    if (this.sessionSecret === undefined) {
      off.push('lasting sessions (SESSION_SECRET unset: sessions end on restart)');
    }
    if (this.placeProvider === 'offline') {
      off.push('map place search (PLACE_PROVIDER=offline: searching known places and cities)');
    }

    return off;
  }
}

/** Builds the configuration from an environment; throws a ConfigError naming each bad variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const read = new EnvReader(env);
  const port = read.int('PORT', 8080, 0, 65535);
  const publicBaseUrl = read.url(
    'PUBLIC_BASE_URL',
    ['http:', 'https:'],
    `http://localhost:${port}`,
  );
  const wechatAesKey = read.string('WECHAT_AES_KEY');
  const ftpHost = read.string('FTP_HOST');
  const mediaStore = read.oneOf<MediaStoreKind>('MEDIA_STORE', ['local', 'ftp'], 'local');
  const placeProvider = read.oneOf<PlaceProviderName>(
    'PLACE_PROVIDER',
    ['tencent', 'baidu', 'offline'],
    'offline',
  );
  const placeApiKey = read.string('PLACE_API_KEY');
  const callbackPath = read.string('WECHAT_CALLBACK_PATH', '/wx');
  const wechatEncryptMode = read.oneOf<WechatEncryptMode>(
    'WECHAT_ENCRYPT_MODE',
    ['plain', 'compatible', 'safe'],
    wechatAesKey === undefined ? 'plain' : 'compatible',
  );
  const wechatAppId = read.string('WECHAT_APP_ID');
  const menuEntries = read.list('WECHAT_MENU_COMMANDS', []).map((entry) => entry.split('='));
  const menuCommands = Object.fromEntries(
    menuEntries.map(([key, ...command]) => [key.trim(), command.join('=').trim()]),
  ) as Record<string, string>;

  read.require(
    wechatAesKey === undefined || /^[A-Za-z0-9+/]{43}$/.test(wechatAesKey),
    'WECHAT_AES_KEY must be 43 characters of base64 (letters, digits, + and /)',
  );
  read.require(
    mediaStore !== 'ftp' || ftpHost !== undefined,
    'FTP_HOST must be set when MEDIA_STORE=ftp',
  );
  read.require(
    placeProvider === 'offline' || placeApiKey !== undefined,
    `PLACE_API_KEY must be set when PLACE_PROVIDER=${placeProvider}`,
  );
  read.require(callbackPath.startsWith('/'), 'WECHAT_CALLBACK_PATH must start with /');
  read.require(
    menuEntries.every(([key, ...command]) => key.trim() !== '' && command.join('=').trim() !== ''),
    'WECHAT_MENU_COMMANDS must be comma-separated KEY=command pairs, e.g. RANDOM=?,HELP=help',
  );
  read.require(
    wechatEncryptMode === 'plain' || (wechatAesKey !== undefined && wechatAppId !== undefined),
    `WECHAT_AES_KEY and WECHAT_APP_ID must be set when WECHAT_ENCRYPT_MODE=${wechatEncryptMode}`,
  );

  const config = Object.assign(new AppConfig(), {
    port,
    host: read.string('HOST', '0.0.0.0'),
    databaseUrl: read.url('DATABASE_URL', ['mysql:', 'mariadb:']),
    dataDir: read.string('DATA_DIR', './data'),
    dbPoolSize: read.int('DB_POOL_SIZE', 20, 1, 1000),
    dbIdleTimeoutS: read.int('DB_IDLE_TIMEOUT_S', 60, 1, 86400),
    dbConnectTimeoutS: read.int('DB_CONNECT_TIMEOUT_S', 10, 1, 600),
    logLevel: read.oneOf<LogLevel>('LOG_LEVEL', LOG_LEVELS, 'info'),
    logFormat: read.oneOf<LogFormat>('LOG_FORMAT', ['json', 'pretty'], 'json'),
    publicBaseUrl,
    wechatAppId,
    wechatAppSecret: read.string('WECHAT_APP_SECRET'),
    wechatToken: read.string('WECHAT_TOKEN'),
    wechatAesKey,
    wechatCallbackPath: callbackPath,
    wechatApiBaseUrl: read.url(
      'WECHAT_API_BASE_URL',
      ['http:', 'https:'],
      'https://api.weixin.qq.com',
    ),
    wechatApiTimeoutMs: read.int('WECHAT_API_TIMEOUT_MS', 5000, 100, 60000),
    wechatJssdkDomains: read.list('WECHAT_JSSDK_DOMAINS', [new URL(publicBaseUrl).hostname]),
    wechatEncryptMode,
    wechatApiRetries: read.int('WECHAT_API_RETRIES', 3, 1, 10),
    wechatApiRetryBaseMs: read.int('WECHAT_API_RETRY_BASE_MS', 200, 0, 60000),
    wechatTokenRefreshAheadS: read.int('WECHAT_TOKEN_REFRESH_AHEAD_S', 600, 1, 3600),
    wechatTokenCheckIntervalMs: read.int('WECHAT_TOKEN_CHECK_INTERVAL_MS', 60000, 50, 3600000),
    wechatReplyDeadlineMs: read.int('WECHAT_REPLY_DEADLINE_MS', 4000, 50, 4800),
    wechatMenuCommands: menuCommands,
    sessionSecret: read.string('SESSION_SECRET'),
    sessionTtlS: read.int('SESSION_TTL_S', 7 * 24 * 3600, 60, 90 * 24 * 3600),
    adminToken: read.string('ADMIN_TOKEN'),
    placeProvider,
    placeApiKey,
    placeApiBaseUrl: read.url('PLACE_API_BASE_URL', ['http:', 'https:']),
    placeTimeoutMs: read.int('PLACE_TIMEOUT_MS', 3000, 100, 60000),
    placeCacheSize: read.int('PLACE_CACHE_SIZE', 1000, 0, 1_000_000),
    placeCacheTtlS: read.int('PLACE_CACHE_TTL_S', 3600, 1, 30 * 24 * 3600),
    mediaStore,
    mediaUrlPrefix: read.string('MEDIA_URL_PREFIX', `${publicBaseUrl}/media/`),
    defaultCoverUrl: read.string('DEFAULT_COVER_URL', `${publicBaseUrl}/static/cover.png`),
    ftpHost,
    ftpPort: read.int('FTP_PORT', 21, 1, 65535),
    ftpUser: read.string('FTP_USER'),
    ftpPassword: read.string('FTP_PASSWORD'),
    ftpDir: read.string('FTP_DIR', '/'),
    ftpTls: read.bool('FTP_TLS', false),
    syncStartHour: read.int('SYNC_START_HOUR', 0, 0, 24),
    syncStopHour: read.int('SYNC_STOP_HOUR', 24, 0, 24),
  });

  if (read.problems.length > 0) {
    throw new ConfigError(`Invalid configuration: ${read.problems.join('; ')}`);
  }

  return config;
}

/** Fills unset variables from a .env file, if there is one; the real environment wins. */
export function loadDotEnv(path = '.env', env: NodeJS.ProcessEnv = process.env): void {
  if (!existsSync(path)) {
    return;
  }

  const values = parseEnv(readFileSync(path, 'utf8'));
  for (const [name, value] of Object.entries(values)) {
    env[name] ??= value;
  }
}

/**
 * The configuration of a command started from the shell (the server, `npm run migrate`): the
 * environment plus `.env`. A bad value ends the process with a message naming the variable.
 */
export function loadProcessConfig(): AppConfig {
  loadDotEnv();
  try {
    return loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
