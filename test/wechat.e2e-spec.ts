import { Readable } from 'node:stream';

import { WechatApiClient } from '#src/wechat/wechat-api.client.js';
import { WechatCredentialService } from '#src/wechat/wechat-credential.service.js';
import {
  WechatApiError,
  WechatException,
  WechatUnavailableError,
} from '#src/wechat/wechat.errors.js';
import { FakeWechat } from './fake-wechat/fake-wechat.js';
import { startTestApp, TestApp } from './helpers/test-app.js';

const FAST = {
  WECHAT_API_TIMEOUT_MS: '300',
  WECHAT_API_RETRY_BASE_MS: '10',
  WECHAT_TOKEN_CHECK_INTERVAL_MS: '60000',
};

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }

  return Buffer.concat(chunks);
}

describe('WeChat platform layer', () => {
  describe('without WECHAT_APP_ID and WECHAT_APP_SECRET', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp();
    });

    afterAll(async () => {
      await t.close();
    });

    it('should start and answer WeChat-backed calls with 503 WECHAT_NOT_CONFIGURED', async () => {
      const client = t.app.get(WechatApiClient);

      const errors = await Promise.all([
        failure(client.userInfo('o1')),
        failure(client.oauthExchange('code')),
        failure(client.jsapiTicket()),
        failure(client.createQrCode({ scene: 'evt_1' })),
      ]);

      for (const error of errors) {
        expect(error).toBeInstanceOf(WechatException);
        expect(error).toMatchObject({
          code: 'WECHAT_NOT_CONFIGURED',
          httpStatus: 503,
          message: 'WeChat app is not configured',
        });
      }
      expect((await fetch(`${t.url}/health`)).status).toBe(200);
    });
  });

  describe('against the fake WeChat', () => {
    let fake: FakeWechat;
    let t: TestApp;
    let client: WechatApiClient;

    beforeAll(async () => {
      fake = await FakeWechat.start();
      t = await startTestApp({ env: { ...fake.env(), ...FAST } });
      client = t.app.get(WechatApiClient);
    });

    afterAll(async () => {
      await t.close();
      await fake.close();
    });

    beforeEach(() => {
      fake.resetCalls();
      fake.clearFailures();
    });

    it('should fetch one stable token and reuse it for later calls', async () => {
      fake.addUser({
        openid: 'o_user',
        qr_scene_str: 'evt_42',
        subscribe_scene: 'ADD_SCENE_QR_CODE',
      });

      const first = await client.userInfo('o_user');
      await client.userInfo('o_user');
      await Promise.all([client.userInfo('o_user'), client.userInfo('o_other')]);

      expect(first).toMatchObject({ subscribe: 1, openid: 'o_user', qr_scene_str: 'evt_42' });
      expect(first).not.toHaveProperty('nickname');
      expect(fake.calls('stable_token')).toBeLessThanOrEqual(1);
      expect(fake.tokensIssued()).toHaveLength(1);
      expect(fake.callsTo('stable_token')[0]?.body).toMatchObject({
        grant_type: 'client_credential',
        appid: fake.appId,
        force_refresh: false,
      });
    });

    it('should succeed when WeChat answers -1 twice and then normally', async () => {
      await client.userInfo('o_user');
      fake.resetCalls();
      fake.failNext('cgi-bin/user/info', -1, 2);

      await expect(client.userInfo('o_user')).resolves.toMatchObject({ openid: 'o_user' });

      expect(fake.calls('cgi-bin/user/info')).toBe(3);
    });

    it('should read again when a GET loses its answer', async () => {
      await client.userInfo('o_user');
      fake.resetCalls();
      fake.loseAnswers('cgi-bin/user/info');

      await expect(client.userInfo('o_user')).resolves.toMatchObject({ openid: 'o_user' });

      expect(fake.calls('cgi-bin/user/info')).toBe(2);
    });

    it('should not send a 客服 message twice when its answer is lost', async () => {
      await client.userInfo('o_user');
      fake.loseAnswers('cgi-bin/message/custom/send');

      const error = await failure(
        client.sendCustomMessage('o_lost', { type: 'text', content: '只发一次' }),
      );

      expect(error).toBeInstanceOf(WechatUnavailableError);
      expect(error).toMatchObject({ reason: 'network' });
      expect(fake.sentMessages('o_lost')).toEqual([
        { touser: 'o_lost', msgtype: 'text', text: { content: '只发一次' } },
      ]);
    });

    it('should give up after the bounded retries with the typed -1 error', async () => {
      fake.failNext('cgi-bin/user/info', -1, 5);

      const error = await failure(client.userInfo('o_user'));

      expect(error).toBeInstanceOf(WechatApiError);
      expect(error).toMatchObject({
        errcode: -1,
        errmsg: 'system error',
        code: 'WECHAT_API_ERROR',
      });
      expect(fake.calls('cgi-bin/user/info')).toBe(3);
    });

    it('should fail after the timeout with a typed error while the server keeps serving', async () => {
      await client.userInfo('o_user');
      fake.hang('cgi-bin/user/info');
      const started = Date.now();

      const pending = failure(client.userInfo('o_user'));
      const health = await fetch(`${t.url}/health`);
      const error = await pending;
      const elapsed = Date.now() - started;
      fake.unhang('cgi-bin/user/info');

      expect(health.status).toBe(200);
      expect(error).toBeInstanceOf(WechatUnavailableError);
      expect(error).toMatchObject({
        code: 'WECHAT_UNAVAILABLE',
        httpStatus: 503,
        reason: 'timeout',
      });
      expect(elapsed).toBeGreaterThanOrEqual(290);
      expect(elapsed).toBeLessThan(3000);
      await expect(client.userInfo('o_user')).resolves.toMatchObject({ openid: 'o_user' });
    });

    it('should replace a rejected token with one forced refresh and retry the call once', async () => {
      await client.userInfo('o_user');
      const before = fake.forcedRefreshes();
      fake.revokeTokens();

      await expect(client.userInfo('o_user')).resolves.toMatchObject({ openid: 'o_user' });

      expect(fake.forcedRefreshes()).toBe(before + 1);
      expect(fake.calls('cgi-bin/user/info')).toBe(3);
    });

    it('should pass a non-token error through without refreshing', async () => {
      fake.failNext('cgi-bin/user/info', 40003);

      await expect(client.userInfo('bad')).rejects.toMatchObject({ errcode: 40003 });
      expect(fake.calls('stable_token')).toBe(0);
    });

    it('should exchange an OAuth code once, then answer 40163; unknown codes 40029', async () => {
      fake.addUser({ openid: 'o_oauth', nickname: '小明', unionid: 'u1' });
      const code = fake.issueCode('o_oauth', 'snsapi_userinfo');

      const token = await client.oauthExchange(code);
      const profile = await client.oauthUserInfo(token.accessToken, token.openid);
      const reused = await failure(client.oauthExchange(code));
      const unknown = await failure(client.oauthExchange('nope'));

      expect(token).toMatchObject({ openid: 'o_oauth', scope: 'snsapi_userinfo', unionid: 'u1' });
      expect(profile).toMatchObject({ openid: 'o_oauth', nickname: '小明' });
      expect(reused).toMatchObject({ errcode: 40163 });
      expect(unknown).toMatchObject({ errcode: 40029 });
    });

    it('should create temporary and permanent QR codes with scene_str', async () => {
      const temporary = await client.createQrCode({ scene: 'evt_42', expireSeconds: 600 });
      const permanent = await client.createQrCode({ scene: 'menu', permanent: true });

      expect(temporary.expireSeconds).toBe(600);
      expect(temporary.imageUrl).toBe(
        `https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=${encodeURIComponent(temporary.ticket)}`,
      );
      expect(permanent.expireSeconds).toBeUndefined();
      expect(fake.qrCodes().slice(-2)).toEqual([
        expect.objectContaining({
          actionName: 'QR_STR_SCENE',
          scene: 'evt_42',
          expireSeconds: 600,
        }),
        expect.objectContaining({ actionName: 'QR_LIMIT_STR_SCENE', scene: 'menu' }),
      ]);
    });

    it('should stream media bytes, answer 40007 for lost media, and give video URLs', async () => {
      const bytes = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01, 0x02, 0x03]);
      fake.addMedia('m1', bytes, 'image/jpeg');
      fake.addVideo('v1', 'http://example.com/v.mp4');

      const file = await client.downloadMedia('m1');
      const lost = await failure(client.downloadMedia('gone'));
      const video = await client.downloadMedia('v1');

      expect(file).toMatchObject({ kind: 'file', contentType: 'image/jpeg', fileName: 'm1.jpeg' });
      expect(file.kind === 'file' && (await readAll(file.stream)).equals(bytes)).toBe(true);
      expect(lost).toBeInstanceOf(WechatApiError);
      expect(lost).toMatchObject({ errcode: 40007, errmsg: 'invalid media_id' });
      expect(video).toEqual({ kind: 'video', videoUrl: 'http://example.com/v.mp4' });
    });

    it('should send 客服 text and news messages until the quota answers 45047', async () => {
      await client.sendCustomMessage('o_cs', { type: 'text', content: '你好 🎉' });
      await client.sendCustomMessage('o_cs', {
        type: 'news',
        article: {
          title: '活动',
          description: 'd',
          url: 'https://x.example/e?code=1',
          picUrl: 'p',
        },
      });
      for (let i = 0; i < 3; i += 1) {
        await client.sendCustomMessage('o_cs', { type: 'text', content: `#${i}` });
      }
      const over = await failure(client.sendCustomMessage('o_cs', { type: 'text', content: 'x' }));

      expect(fake.sentMessages('o_cs')[0]).toEqual({
        touser: 'o_cs',
        msgtype: 'text',
        text: { content: '你好 🎉' },
      });
      expect(fake.sentMessages('o_cs')[1]).toMatchObject({
        msgtype: 'news',
        news: { articles: [{ title: '活动', url: 'https://x.example/e?code=1', picurl: 'p' }] },
      });
      expect(over).toMatchObject({ errcode: 45047 });
    });

    it('should fetch the jsapi_ticket once and cache it', async () => {
      const first = await client.jsapiTicket();
      const second = await client.jsapiTicket();

      expect(second).toBe(first);
      expect(fake.calls('getticket')).toBe(1);
    });

    it('should refresh both credentials ahead of expiry from the scheduled job', async () => {
      const service = t.app.get(WechatCredentialService);

      await service.refreshDue();

      // Nothing is inside the refresh-ahead window (600 s of 7200 s), so nothing is fetched.
      expect(fake.calls('stable_token') + fake.calls('getticket')).toBe(0);
    });

    it('should never write a token or ticket into the logs', () => {
      const logs = t.logs.join('');

      for (const secret of [...fake.tokensIssued(), ...fake.ticketsIssued(), fake.secret]) {
        expect(logs).not.toContain(secret);
      }
    });
  });

  describe('with WeChat unreachable', () => {
    it('should retry a POST whose connection was refused: WeChat never saw it', async () => {
      const fake = await FakeWechat.start();
      const env = { ...fake.env(), ...FAST };
      await fake.close();
      const t = await startTestApp({ env });

      const error = await failure(
        t.app.get(WechatApiClient).sendCustomMessage('o1', { type: 'text', content: 'x' }),
      );
      await t.close();

      expect(error).toMatchObject({ code: 'WECHAT_UNAVAILABLE', reason: 'network' });
      const gaveUp = t.logs.filter((line) => line.includes('WeChat call failed after retries'));
      expect(gaveUp).toHaveLength(1);
      expect(gaveUp[0]).toContain('cgi-bin/stable_token');
      expect(gaveUp[0]).toMatch(/"tries":\s*3/);
    });

    it('should fail with a typed 503 after retrying network errors', async () => {
      const fake = await FakeWechat.start();
      const env = { ...fake.env(), ...FAST };
      await fake.close();
      const t = await startTestApp({ env });

      const error = await failure(t.app.get(WechatApiClient).userInfo('o1'));

      expect(error).toBeInstanceOf(WechatUnavailableError);
      expect(error).toMatchObject({
        code: 'WECHAT_UNAVAILABLE',
        httpStatus: 503,
        reason: 'network',
      });
      await t.close();
    });
  });
});
