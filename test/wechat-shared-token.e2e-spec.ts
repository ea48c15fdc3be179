import { setTimeout as sleep } from 'node:timers/promises';

import { WechatApiClient } from '#src/wechat/wechat-api.client.js';
import { FakeWechat } from './fake-wechat/fake-wechat.js';
import { startTestApp, TestApp } from './helpers/test-app.js';
import { createTestDatabase, TestDatabase, testDatabaseKind } from './helpers/test-database.js';

// Tokens live 3 s; each instance checks every 100 ms and refreshes when less than 1 s is left,
// and the fake issues a new token once less than 1.5 s is left: one cycle is about 2 s.
const TOKEN_TTL_S = 3;
const ENV = {
  WECHAT_TOKEN_REFRESH_AHEAD_S: '1',
  WECHAT_TOKEN_CHECK_INTERVAL_MS: '100',
  WECHAT_API_TIMEOUT_MS: '2000',
  WECHAT_API_RETRY_BASE_MS: '10',
  LOG_LEVEL: 'info',
};

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('condition not reached in time');
    }
    await sleep(10);
  }
}

// Several processes on one MySQL is what this proves, so it runs in `npm run test:mysql` (CI
// runs both); `npm test` stays runnable without a MariaDB server.
const describeOnMysql = testDatabaseKind() === 'mysql' ? describe : describe.skip;

describeOnMysql('WeChat access token shared by two instances on one MariaDB database', () => {
  let fake: FakeWechat;
  let database: TestDatabase;
  let apps: TestApp[];
  let clients: WechatApiClient[];

  beforeAll(async () => {
    fake = await FakeWechat.start({ tokenTtlS: TOKEN_TTL_S });
    fake.addUser({ openid: 'o_shared' });
    database = await createTestDatabase('mysql');
    const env = { ...fake.env(), ...ENV };
    apps = [await startTestApp({ env, database }), await startTestApp({ env, database })];
    clients = apps.map((app) => app.app.get(WechatApiClient));
  });

  afterAll(async () => {
    for (const app of apps) {
      await app.close();
    }
    await database.drop();
    await fake.close();
  });

  it('should fetch exactly one token per expiry cycle while both instances keep calling', async () => {
    const started = Date.now();
    let calls = 0;

    while (Date.now() - started < 4 * 2000 + 500) {
      await Promise.all(clients.map((client) => client.userInfo('o_shared')));
      calls += 2;
      await sleep(50);
    }

    const tokens = fake.tokensIssued();
    expect(tokens.length).toBeGreaterThanOrEqual(4);
    expect(fake.calls('stable_token')).toBe(tokens.length);
    expect(fake.forcedRefreshes()).toBe(0);
    expect(fake.calls('cgi-bin/user/info')).toBe(calls);
    expect(fake.calls('getticket')).toBe(fake.ticketsIssued().length);
    expect(fake.ticketsIssued().length).toBeGreaterThanOrEqual(3);
  });

  it('should force one refresh, not two, when both instances get 40001', async () => {
    // Right after a scheduled refresh, so no scheduled one interferes.
    const issued = fake.tokensIssued().length;
    await waitFor(() => fake.tokensIssued().length > issued, 3000);
    await Promise.all(clients.map((client) => client.userInfo('o_shared')));
    const forcedBefore = fake.forcedRefreshes();
    const fetchesBefore = fake.calls('stable_token');
    const userCallsBefore = fake.calls('cgi-bin/user/info');
    fake.revokeTokens();

    const answers = await Promise.all(
      [...clients, ...clients].map((client) => client.userInfo('o_shared')),
    );

    expect(answers.every((answer) => answer.openid === 'o_shared')).toBe(true);
    expect(fake.forcedRefreshes() - forcedBefore).toBe(1);
    expect(fake.calls('stable_token') - fetchesBefore).toBe(1);
    // Each call failed once with 40001 and was retried once.
    expect(fake.calls('cgi-bin/user/info') - userCallsBefore).toBe(8);
  });

  it('should never write a token into the logs of either instance', () => {
    const logs = apps.flatMap((app) => app.logs).join('');

    for (const token of [...fake.tokensIssued(), ...fake.ticketsIssued()]) {
      expect(logs).not.toContain(token);
    }
  });
});
