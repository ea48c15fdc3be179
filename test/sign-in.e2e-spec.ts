import { DataSource } from 'typeorm';

import { jssdkSignature } from '#src/wechat/wechat-crypto.js';
import { FakeWechat } from './fake-wechat/fake-wechat.js';
import { publishBody } from './helpers/events.js';
import { signIn } from './helpers/sessions.js';
import { startTestApp, TestApp } from './helpers/test-app.js';

describe('Sign-in, JS-SDK signing and profiles (wx-web/…, user/…)', () => {
  let t: TestApp;
  let fake: FakeWechat;

  beforeAll(async () => {
    fake = await FakeWechat.start();
    t = await startTestApp({
      env: {
        ...fake.env(),
        SESSION_SECRET: 'sign-in-tests',
        PUBLIC_BASE_URL: 'http://qilaihi.me',
        WECHAT_API_TIMEOUT_MS: '500',
      },
    });
    fake.addUser({
      openid: 'o-carol',
      nickname: '卡萝尔😀',
      headimgurl: 'http://wx.qlogo.cn/carol.png',
      sex: 2,
      province: '湖北',
      city: '武汉',
      country: '中国',
    });
  });

  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  describe('wx-web/user/get', () => {
    it('should sign in silently with snsapi_base: an openid and a session', async () => {
      const code = fake.issueCode('o-dave');

      const { status, body } = await t.post('/api/v1/wx-web/user/get', { code });

      expect(status).toBe(200);
      expect(body.result.user).toMatchObject({ openid: 'o-dave', nickname: null, mobile: null });
      expect(typeof body.result.token).toBe('string');
      expect(fake.calls('sns/userinfo')).toBe(0);
      const me = await t.post(
        '/api/v1/user/info/get',
        {},
        { authorization: `Bearer ${body.result.token}` },
      );
      expect(me.body.result).toMatchObject({ openid: 'o-dave', tagprefs: [] });
    });

    it('should fetch the profile with snsapi_userinfo', async () => {
      const code = fake.issueCode('o-carol', 'snsapi_userinfo');

      const { body } = await t.post('/api/v1/wx-web/user/get', { code, scope: 'snsapi_userinfo' });

      expect(body.result.user).toMatchObject({
        openid: 'o-carol',
        nickname: '卡萝尔😀',
        avatar: 'http://wx.qlogo.cn/carol.png',
        // WeChat has sent sex and region empty since 2021; the fake does too.
        sex: null,
        city: null,
      });
      expect(fake.calls('sns/userinfo')).toBe(1);
    });

    it('should tell the page to start OAuth again when a code is reused', async () => {
      const code = fake.issueCode('o-erin');
      await t.post('/api/v1/wx-web/user/get', { code });

      const { status, body } = await t.post('/api/v1/wx-web/user/get', { code });

      expect(status).toBe(400);
      expect(body).toEqual({
        status: -1,
        msg: 'The sign-in code was already used or has expired; start WeChat sign-in (OAuth) again',
        code: 'OAUTH_CODE_INVALID',
      });
    });

    it('should refuse an unknown code the same way', async () => {
      const { status, body } = await t.post('/api/v1/wx-web/user/get', { code: 'made-up' });

      expect(status).toBe(400);
      expect(body.code).toBe('OAUTH_CODE_INVALID');
    });

    it('should answer 503 when WeChat does not answer', async () => {
      fake.hang('sns/oauth2/access_token');
      const code = fake.issueCode('o-frank');

      const { status, body } = await t.post('/api/v1/wx-web/user/get', { code });

      fake.unhang('sns/oauth2/access_token');
      expect(status).toBe(503);
      expect(body).toEqual({
        status: -1,
        msg: 'WeChat did not answer in time',
        code: 'WECHAT_UNAVAILABLE',
      });
    });

    it('should refuse a missing code', async () => {
      const { status, body } = await t.post('/api/v1/wx-web/user/get', { scope: 'snsapi_base' });

      expect(status).toBe(400);
      expect(body).toEqual({
        status: -1,
        msg: 'code must be the string WeChat put on the OAuth callback URL',
        code: 'VALIDATION_FAILED',
      });
    });
  });

  describe('wx-web/url/sign', () => {
    it('should sign a page of the account with the shared jsapi_ticket', async () => {
      const url = 'http://qilaihi.me/event?code=上山打老虎';

      const { status, body } = await t.post('/api/v1/wx-web/url/sign', { url: `${url}#share` });

      expect(status).toBe(200);
      const ticket = fake.ticketsIssued().at(-1) as string;
      expect(body.result.appId).toBe(fake.appId);
      expect(body.result.signature).toBe(
        jssdkSignature({
          ticket,
          nonceStr: body.result.nonceStr,
          timestamp: body.result.timestamp,
          url,
        }),
      );
    });

    it('should refuse to sign for another site', async () => {
      const { status, body } = await t.post('/api/v1/wx-web/url/sign', {
        url: 'https://evil.example/phish',
      });

      expect(status).toBe(403);
      expect(body).toEqual({
        status: -1,
        msg: "evil.example is not one of the account's JS-SDK domains",
        code: 'JSSDK_URL_NOT_ALLOWED',
      });
    });

    it('should refuse something that is not a URL', async () => {
      const { status, body } = await t.post('/api/v1/wx-web/url/sign', { url: 'qilaihi.me/x' });

      expect(status).toBe(400);
      expect(body.msg).toBe('url must be a full http(s) page URL');
    });
  });

  describe('user/info/update', () => {
    it('should require a session', async () => {
      const { status, body } = await t.post('/api/v1/user/info/update', { mobile: '13812345678' });

      expect(status).toBe(401);
      expect(body.code).toBe('SESSION_REQUIRED');
    });

    it('should refuse an expired session', async () => {
      const { SessionService } = await import('#src/session/session.service.js');
      const stale = t.app.get(SessionService).issue(1, 'o-dave', Date.now() - 8 * 24 * 3600 * 1000);

      const { status, body } = await t.post(
        '/api/v1/user/info/update',
        { mobile: '13812345678' },
        { authorization: `Bearer ${stale.token}` },
      );

      expect(status).toBe(401);
      expect(body).toEqual({
        status: -1,
        msg: 'Session has expired; sign in again',
        code: 'SESSION_EXPIRED',
      });
    });

    it('should change the mobile number and tag preferences, in either tagprefs form', async () => {
      const me = await signIn(t, 'o-gina');

      const asString = await t.post(
        '/api/v1/user/info/update',
        { openid: 'o-gina', mobile: 13912345678, tagprefs: '["亲子","爬山","麻将","撸串"]' },
        me,
      );
      const asArray = await t.post('/api/v1/user/info/update', { tagprefs: ['桌游'] }, me);

      expect(asString.body.result).toMatchObject({
        mobile: '13912345678',
        tagprefs: ['亲子', '爬山', '麻将', '撸串'],
      });
      expect(asArray.body.result.tagprefs).toEqual(['桌游']);
    });

    it('should refuse mass assignment, naming the fields, and leave the row unchanged', async () => {
      const me = await signIn(t, 'o-hank', { nickname: 'Hank' });
      const before = await t.post('/api/v1/user/info/get', {}, me);

      const { status, body } = await t.post(
        '/api/v1/user/info/update',
        {
          id: before.body.result.id,
          openid: 'o-hank',
          mobile: 13800000000,
          nickname: 'Admin',
          createdAt: '2000-01-01',
        },
        me,
      );

      expect(status).toBe(400);
      expect(body).toEqual({
        status: -1,
        msg: 'Unknown fields: nickname, createdAt',
        code: 'UNKNOWN_FIELD',
      });
      const rows: { nickname: string; mobile: string | null }[] = await t.app
        .get(DataSource)
        .query('SELECT nickname, mobile FROM user WHERE openid = ?', ['o-hank']);
      expect(rows).toEqual([{ nickname: 'Hank', mobile: null }]);
    });

    it('should refuse changing someone else', async () => {
      const me = await signIn(t, 'o-ivan');

      const byOpenid = await t.post(
        '/api/v1/user/info/update',
        { openid: 'o-gina', mobile: '13700000000' },
        me,
      );
      const byId = await t.post('/api/v1/user/info/update', { id: 1, mobile: '13700000000' }, me);

      expect(byOpenid.status).toBe(403);
      expect(byOpenid.body.code).toBe('NOT_YOURS');
      expect(byId.status).toBe(403);
      expect(byId.body.msg).toBe(
        'id is not the signed-in user; you can only change your own profile',
      );
    });

    it.each([
      [{ mobile: '1234' }, 'mobile must be an 11-digit mainland China number'],
      [{ mobile: '23812345678' }, 'mobile must be an 11-digit mainland China number'],
      [{ tagprefs: '不是数组' }, 'tagprefs must be a JSON array of tags, e.g. ["爬山","撸串"]'],
      [
        { tagprefs: Array.from({ length: 11 }, (_, i) => `t${i}`) },
        'tagprefs must have at most 10 tags',
      ],
      [
        { tagprefs: ['这个标签实在是太长了啊啊'] },
        'each tag in tagprefs must be 1 to 10 characters',
      ],
    ])('should refuse %j', async (change, msg) => {
      const me = await signIn(t, 'o-judy');

      const { status, body } = await t.post('/api/v1/user/info/update', change, me);

      expect(status).toBe(400);
      expect(body).toEqual({ status: -1, msg, code: 'VALIDATION_FAILED' });
    });
  });

  describe('user/info/get', () => {
    it('should show another person only their public profile, never their mobile', async () => {
      const gina = await signIn(t, 'o-gina');
      await t.post('/api/v1/user/info/update', { mobile: '13912345678' }, gina);
      const me = await signIn(t, 'o-kate');

      const asOther = await t.post('/api/v1/user/info/get', { openid: 'o-gina' }, me);
      const asGuest = await t.post('/api/v1/user/info/get', { openid: 'o-gina' });

      expect(asOther.body.result).toEqual({
        openid: 'o-gina',
        nickname: null,
        avatar: null,
        city: null,
        rating: { count: 0, average: null },
      });
      expect(asGuest.body.result).toEqual(asOther.body.result);
    });

    it('should answer an unknown openid with 404', async () => {
      const { status, body } = await t.post('/api/v1/user/info/get', { openid: 'o-nobody' });

      expect(status).toBe(404);
      expect(body).toEqual({
        status: -1,
        msg: 'No user has the openid "o-nobody"',
        code: 'USER_NOT_FOUND',
      });
    });
  });

  describe('user/star/list', () => {
    it('should require a session', async () => {
      const { status } = await t.post('/api/v1/user/star/list', {});

      expect(status).toBe(401);
    });

    it('should list the starred events, newest star first, paged', async () => {
      const organizer = await signIn(t, 'o-org');
      const fan = await signIn(t, 'o-fan');
      for (const code of ['星一', '星二', '星三']) {
        await t.post('/api/v1/event/publish', publishBody({ code, mediaids: [] }), organizer);
        await t.post('/api/v1/event/star', { code }, fan);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }

      const first = await t.post('/api/v1/user/star/list', { items_per_page: 2 }, fan);
      const second = await t.post(
        '/api/v1/user/star/list',
        { items_per_page: 2, page_number: 2 },
        fan,
      );

      expect(first.body.result.total).toBe(3);
      expect(first.body.result.items.map((e: { code: string }) => e.code)).toEqual([
        '星三',
        '星二',
      ]);
      expect(second.body.result.items.map((e: { code: string }) => e.code)).toEqual(['星一']);
      expect(first.body.result.items[0].starred).toBe(true);
    });
  });

  describe('logs', () => {
    it('should never contain a session token, an OAuth code or a full mobile number', async () => {
      const code = fake.issueCode('o-leo');
      const { body } = await t.post('/api/v1/wx-web/user/get', { code });
      const auth = { authorization: `Bearer ${body.result.token}` };
      await t.post('/api/v1/user/info/update', { mobile: '13698765432' }, auth);
      await t.post('/api/v1/user/info/update', { mobile: '13698765432', bad: 1 }, auth);

      const logs = t.logs.join('');

      expect(logs).toContain('signed in');
      expect(logs).not.toContain(body.result.token);
      expect(logs).not.toContain(code);
      expect(logs).not.toContain('13698765432');
    });
  });
});
