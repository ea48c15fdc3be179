import { ConfigError, loadConfig } from '#src/config/app-config.js';

describe(loadConfig.name, () => {
  it('should apply the documented defaults to an empty environment', () => {
    const config = loadConfig({});

    expect(config).toMatchObject({
      port: 8080,
      dataDir: './data',
      dbPoolSize: 20,
      dbIdleTimeoutS: 60,
      dbConnectTimeoutS: 10,
      logLevel: 'info',
      logFormat: 'json',
      publicBaseUrl: 'http://localhost:8080',
      wechatCallbackPath: '/wx',
      wechatApiBaseUrl: 'https://api.weixin.qq.com',
      wechatJssdkDomains: ['localhost'],
      placeProvider: 'offline',
      mediaStore: 'local',
      mediaUrlPrefix: 'http://localhost:8080/media/',
      ftpPort: 21,
      ftpTls: false,
      syncStartHour: 0,
      syncStopHour: 24,
    });
    expect(config.databaseKind).toBe('sqlite');
    expect(config.wechatApiEnabled).toBe(false);
  });

  it('should name the variable when a value is wrong', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(
      new ConfigError(
        'Invalid configuration: PORT must be a whole number from 0 to 65535 (got "abc")',
      ),
    );
  });

  it('should report every bad variable at once', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'loud', MEDIA_STORE: 'ftp', DB_POOL_SIZE: '0' })).toThrow(
      'Invalid configuration: FTP_HOST must be set when MEDIA_STORE=ftp; ' +
        'DB_POOL_SIZE must be a whole number from 1 to 1000 (got "0"); ' +
        'LOG_LEVEL must be one of debug, info, warn, error (got "loud")',
    );
  });

  it('should refuse a database URL that is not MySQL, without echoing its password', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:pw@h/db' })).toThrow(
      'DATABASE_URL must be a mysql: or mariadb: URL (got "postgres://***@h/db")',
    );
  });

  it('should refuse an EncodingAESKey that is not 43 base64 characters', () => {
    expect(() => loadConfig({ WECHAT_AES_KEY: 'short' })).toThrow('WECHAT_AES_KEY must be 43');
  });

  it('should list the optional features that are off, with the reason', () => {
    const config = loadConfig({ WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's', ADMIN_TOKEN: 't' });

    expect(config.disabledFeatures()).toEqual([
      'WeChat callback (WECHAT_TOKEN unset)',
      'lasting sessions (SESSION_SECRET unset: sessions end on restart)',
      'map place search (PLACE_PROVIDER=offline: searching known places and cities)',
    ]);
  });

  it('should take the JS-SDK domain from PUBLIC_BASE_URL', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://qilaihi.me/' })).toMatchObject({
      publicBaseUrl: 'https://qilaihi.me',
      wechatJssdkDomains: ['qilaihi.me'],
    });
  });
});
