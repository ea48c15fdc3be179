import { existsSync } from 'node:fs';

import { freePort, MAIN_JS, spawnServer, waitForOk } from './helpers/spawn-server.js';

// These run the compiled server exactly as `npm start` does; `npm test` builds it first.
describe('Start-up and shutdown of node dist/main.js', () => {
  beforeAll(() => {
    expect(existsSync(MAIN_JS)).toBe(true);
  });

  it('should serve /health with no environment set and stop cleanly on SIGTERM', async () => {
    const port = await freePort();
    const server = spawnServer({ PORT: String(port) });

    const ms = await waitForOk(`http://127.0.0.1:${port}/health`, 15_000);
    server.child.kill('SIGTERM');
    const { code } = await server.exited;

    expect(ms).toBeLessThan(15_000);
    expect(code).toBe(0);
    const startLine = server
      .output()
      .split('\n')
      .find((line) => line.includes('qilaihi server started'));
    expect(JSON.parse(startLine ?? '{}')).toMatchObject({
      level: 'info',
      version: '0.1.0',
      database: expect.stringMatching(/^sqlite:.*qilaihi\.sqlite$/) as unknown,
      featuresOff: expect.arrayContaining([
        'WeChat API (WECHAT_APP_ID/WECHAT_APP_SECRET unset)',
      ]) as unknown,
    });
  });

  it('should exit at once naming PORT when it is not a number', async () => {
    const server = spawnServer({ PORT: 'abc' });

    const { code, ms } = await server.exited;

    expect(code).toBe(1);
    expect(ms).toBeLessThan(5_000);
    expect(server.output()).toContain(
      'Invalid configuration: PORT must be a whole number from 0 to 65535 (got "abc")',
    );
  });

  it('should give up on an unreachable database after the configured time, naming it', async () => {
    const server = spawnServer({
      DATABASE_URL: 'mysql://nobody@127.0.0.1:1/x',
      DB_CONNECT_TIMEOUT_S: '3',
      PORT: String(await freePort()),
    });

    const { code, ms } = await server.exited;

    expect(code).toBe(1);
    expect(ms).toBeGreaterThanOrEqual(2_000);
    expect(ms).toBeLessThan(10_000);
    expect(server.output()).toContain('Could not reach the database mysql://nobody@127.0.0.1:1/x');
  });

  it('should never print a database password', async () => {
    const server = spawnServer({
      DATABASE_URL: 'mysql://nobody:hunter2secret@127.0.0.1:1/x',
      DB_CONNECT_TIMEOUT_S: '1',
    });

    await server.exited;

    expect(server.output()).toContain('127.0.0.1:1/x');
    expect(server.output()).not.toContain('hunter2secret');
  });
});
