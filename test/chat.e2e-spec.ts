import { Injectable, Module } from '@nestjs/common';
import { XMLParser } from 'fast-xml-parser';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';

import { EventMediaEntity } from '#src/event/event.entity.js';
import { EventRepository } from '#src/event/event.repository.js';
import { IvrCommand, IvrCommandHandler } from '#src/ivr/ivr-command.js';
import { ChatReply, textReply } from '#src/ivr/ivr-reply.js';
import { UserRepository } from '#src/user/user.repository.js';
import { UserEntity } from '#src/user/user.entity.js';
import { WxDeliveryEntity } from '#src/wx-message/wx-delivery.entity.js';
import { WxDeliveryService } from '#src/wx-message/wx-delivery.service.js';
import {
  callbackSignature,
  decryptMessage,
  encryptMessage,
  messageSignature,
} from '#src/wechat/wechat-crypto.js';
import { inDays, publishBody } from './helpers/events.js';
import { signIn } from './helpers/sessions.js';
import { startTestApp, TestApp } from './helpers/test-app.js';
import { FakeWechat } from './fake-wechat/fake-wechat.js';

const TOKEN = 'chat-e2e-token';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const ACCOUNT = 'gh_e136c6e50636';
const BASE = 'https://qilaihi.example';
const COVER = 'https://qilaihi.example/static/cover.png';
const SLOW_MS = 900;

/** A deliberately slow command, to push a handler past the reply deadline. */
@IvrCommand({ triggers: ['!'], usage: '! — (test) a slow command' })
@Injectable()
class SlowCommand implements IvrCommandHandler {
  async handle(): Promise<ChatReply> {
    await sleep(SLOW_MS);

    return textReply('慢慢来，比较快');
  }
}

/** The same, marked pure: its reply is worked out before the delivery is recorded. */
@IvrCommand({ triggers: ['~'], usage: '~ — (test) a slow pure command', pure: true })
@Injectable()
class SlowPureCommand extends SlowCommand {}

let pureRuns = 0;

/** A pure command whose every run answers differently: only a stored reply repeats. */
@IvrCommand({ triggers: ['^'], usage: '^ — (test) count the runs', pure: true })
@Injectable()
class CountingPureCommand implements IvrCommandHandler {
  handle(): Promise<ChatReply> {
    pureRuns += 1;

    return Promise.resolve(textReply(`run ${pureRuns}`));
  }
}

let effectRuns = 0;

/** A command with a side effect (not pure): it must run once per delivery, whatever the retries. */
@IvrCommand({ triggers: ['%'], usage: '% — (test) a side effect' })
@Injectable()
class SideEffectCommand implements IvrCommandHandler {
  handle(): Promise<ChatReply> {
    effectRuns += 1;

    return Promise.resolve(textReply(`effect ${effectRuns}`));
  }
}

/** A pure command that throws before it has a reply: the handler's failure, at once. */
@IvrCommand({ triggers: ['&'], usage: '& — (test) fails at once', pure: true })
@Injectable()
class ThrowingCommand implements IvrCommandHandler {
  handle(): ChatReply {
    throw new Error('the test command failed at once');
  }
}

/** A command whose promise rejects: the handler's failure, later. */
@IvrCommand({ triggers: ['*'], usage: '* — (test) fails later' })
@Injectable()
class RejectingCommand implements IvrCommandHandler {
  async handle(): Promise<ChatReply> {
    await sleep(10);
    throw new Error('the test command failed later');
  }
}

@Module({
  providers: [
    SlowCommand,
    SlowPureCommand,
    CountingPureCommand,
    SideEffectCommand,
    ThrowingCommand,
    RejectingCommand,
  ],
})
class SlowCommandModule {}

const xmlReader = new XMLParser({ parseTagValue: false, processEntities: false });

interface Reply {
  status: number;
  text: string;
  ms: number;
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function signedQuery(extra: Record<string, string> = {}): URLSearchParams {
  const timestamp = String(now());
  const nonce = String(randomBytes(4).readUInt32BE(0));

  return new URLSearchParams({
    signature: callbackSignature(TOKEN, timestamp, nonce),
    timestamp,
    nonce,
    ...extra,
  });
}

/** POSTs a message as WeChat does: plain, or encrypted and signed (safe/compatible mode). */
async function send(
  url: string,
  xml: string,
  options: { encrypted?: boolean; appId?: string; contentType?: string | null } = {},
): Promise<Reply> {
  let query = signedQuery({ openid: 'ignored' });
  let body = xml;
  if (options.encrypted) {
    const encrypt = encryptMessage(AES_KEY, options.appId ?? '', xml);
    const timestamp = query.get('timestamp') as string;
    const nonce = query.get('nonce') as string;
    query = signedQuery({});
    query.set('timestamp', timestamp);
    query.set('nonce', nonce);
    query.set('signature', callbackSignature(TOKEN, timestamp, nonce));
    query.set('encrypt_type', 'aes');
    query.set('msg_signature', messageSignature(TOKEN, timestamp, nonce, encrypt));
    body = `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
  }
  const headers: Record<string, string> = {};
  if (options.contentType !== null) {
    headers['content-type'] = options.contentType ?? 'text/xml';
  }
  const started = performance.now();
  const response = await fetch(`${url}/wx?${query.toString()}`, { method: 'POST', headers, body });
  const text = await response.text();

  return { status: response.status, text, ms: performance.now() - started };
}

/** The reply's fields; an encrypted reply is checked and opened first. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed reply XML, checked by the assertions
function open(text: string, appId?: string): Record<string, any> {
  const outer = xmlReader.parse(text).xml;
  if (outer.Encrypt === undefined) {
    return outer;
  }
  expect(outer.MsgSignature).toBe(
    messageSignature(TOKEN, String(outer.TimeStamp), String(outer.Nonce), outer.Encrypt),
  );
  const inner = decryptMessage(AES_KEY, outer.Encrypt);
  expect(inner.appId).toBe(appId);

  return xmlReader.parse(inner.message).xml;
}

let serial = 1_000_000;
function msgId(): string {
  serial += 1;

  return `6${Date.now()}${serial}`;
}

/** Official-doc text message sample (mp.weixin.qq.com 接收普通消息; values as in its example). */
function textXml(from: string, content: string, id = msgId()): string {
  return `<xml>
  <ToUserName><![CDATA[${ACCOUNT}]]></ToUserName>
  <FromUserName><![CDATA[${from}]]></FromUserName>
  <CreateTime>${now()}</CreateTime>
  <MsgType><![CDATA[text]]></MsgType>
  <Content><![CDATA[${content}]]></Content>
  <MsgId>${id}</MsgId>
</xml>`;
}

let eventSerial = 0;
/**
 * Event samples after the official doc 接收事件推送 (mirrored in biangbiang/something
 * wechat/receive-event.md): subscribe with `qrscene_123123` and Ticket, SCAN, LOCATION with
 * Latitude 23.137466 / Longitude 113.352425 / Precision 119.385040, CLICK with EVENTKEY.
 * CreateTime varies so each sample is its own delivery.
 */
function eventXml(from: string, fields: string, createTime = now() - ++eventSerial): string {
  return `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName>
<FromUserName><![CDATA[${from}]]></FromUserName>
<CreateTime>${createTime}</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
${fields}
</xml>`;
}

describe('WeChat chat callback (wx-message, ivr)', () => {
  let fake: FakeWechat;
  let t: TestApp;
  let wuhanId: number;
  let users: UserRepository;

  beforeAll(async () => {
    fake = await FakeWechat.start();
    t = await startTestApp({
      env: {
        ...fake.env(),
        SESSION_SECRET: 'chat-tests',
        WECHAT_TOKEN: TOKEN,
        WECHAT_AES_KEY: AES_KEY,
        WECHAT_ENCRYPT_MODE: 'compatible',
        WECHAT_MENU_COMMANDS: 'RANDOM=?,RED=￥',
        WECHAT_REPLY_DEADLINE_MS: '300',
        PUBLIC_BASE_URL: BASE,
        DEFAULT_COVER_URL: COVER,
      },
      imports: [SlowCommandModule],
    });
    users = t.app.get(UserRepository);
    const organizer = await signIn(t, 'o-organizer', { city: '武汉' });
    const published = await t.post(
      '/api/v1/event/publish',
      publishBody({ code: 'Hike2026', time: inDays(3) }),
      organizer,
    );
    expect(published.status).toBe(200);
    const events = t.app.get(EventRepository);
    wuhanId = ((await events.findByCodeKey('hike2026')) as { id: number }).id;
    await events.storeQrCode(wuhanId, {
      scene: `evt_${wuhanId}`,
      ticket: 'TICKET',
      url: 'http://weixin.qq.com/q/x',
      expiresAt: null,
    });
    await t.app.get(DataSource).getRepository(EventMediaEntity).update(
      { eventId: wuhanId, position: 0 },
      {
        syncState: 'synced',
        publicUrl: 'https://cdn.qilaihi.example/m/1.jpg',
      },
    );
  });

  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  describe('GET (URL verification)', () => {
    it('should refuse a request with a wrong signature', async () => {
      const query = signedQuery({ echostr: 'hello' });
      query.set('signature', 'f'.repeat(40));

      const response = await fetch(`${t.url}/wx?${query.toString()}`);

      expect(response.status).toBe(403);
      expect(await response.text()).toBe('Signature does not match');
    });

    it('should echo echostr verbatim once the signature checks', async () => {
      const query = signedQuery({ echostr: '5837397520665436492' });

      const response = await fetch(`${t.url}/wx?${query.toString()}`);

      expect(response.status).toBe(200);
      expect(await response.text()).toBe('5837397520665436492');
    });
  });

  describe('POST security', () => {
    it('should refuse a message with a wrong signature', async () => {
      const query = signedQuery();
      query.set('signature', '0'.repeat(40));

      const response = await fetch(`${t.url}/wx?${query.toString()}`, {
        method: 'POST',
        body: textXml('o-mallory', '#Hike2026'),
      });

      expect(response.status).toBe(403);
    });

    it('should take a message without a content type, or as text/plain', async () => {
      const bare = await send(t.url, textXml('o-ctype', 'hi'), { contentType: null });
      const plain = await send(t.url, textXml('o-ctype', 'hi'), { contentType: 'text/plain' });

      expect(open(bare.text).MsgType).toBe('text');
      expect(open(plain.text).MsgType).toBe('text');
    });
  });

  describe('#code', () => {
    it.each([
      ['plain', false],
      ['encrypted', true],
    ])('should answer the best match with its news article (%s)', async (_mode, encrypted) => {
      const { status, text } = await send(t.url, textXml('o-code', '#hike2026'), {
        encrypted,
        appId: fake.appId,
      });

      expect(status).toBe(200);
      const reply = open(text, fake.appId);
      expect(reply).toMatchObject({
        ToUserName: 'o-code',
        FromUserName: ACCOUNT,
        MsgType: 'news',
        ArticleCount: '1',
      });
      expect(Math.abs(Number(reply.CreateTime) - now())).toBeLessThanOrEqual(2);
      const item = reply.Articles.item;
      expect(item.Title).toBe('东湖绿道徒步 #Hike2026');
      expect(item.Url).toBe(`${BASE}/event?code=Hike2026`);
      expect(item.PicUrl).toBe('https://cdn.qilaihi.example/m/1.jpg');
      expect(item.Description).toMatch(/^时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}\n地点：东湖风景区/);
      expect(item.Description).toContain('AA：68 元');
      expect(item.Description).toContain('剩余名额：4');
    });

    it('should fold a full-width ＃ and find a code by a prefix', async () => {
      const reply = open((await send(t.url, textXml('o-code', '  ＃hike  '))).text);

      expect(reply.Articles.item.Title).toBe('东湖绿道徒步 #Hike2026');
    });

    it('should explain the command for # alone', async () => {
      const reply = open((await send(t.url, textXml('o-code', '#'))).text);

      expect(reply.MsgType).toBe('text');
      expect(reply.Content).toContain('发送 # 加活动番号查找活动');
    });

    it('should say so, with close codes, when nothing matches', async () => {
      const reply = open((await send(t.url, textXml('o-code', '#Hxqzzzzzz'))).text);

      expect(reply.MsgType).toBe('text');
      expect(reply.Content).toBe('没有找到番号为「Hxqzzzzzz」的活动。相近的番号：#Hike2026');
    });

    it('should say there are no close codes either', async () => {
      const reply = open((await send(t.url, textXml('o-code', '#ⓩⓩⓩ'))).text);

      expect(reply.Content).toBe('没有找到番号为「ⓩⓩⓩ」的活动，也没有相近的番号。');
    });
  });

  describe('? (random event)', () => {
    it('should pick an event within 50 km of the last LOCATION', async () => {
      await send(
        t.url,
        eventXml(
          'o-near',
          '<Event><![CDATA[LOCATION]]></Event><Latitude>30.5928</Latitude><Longitude>114.3055</Longitude><Precision>119.385040</Precision>',
        ),
      );

      const reply = open((await send(t.url, textXml('o-near', '？'))).text);

      expect(reply.MsgType).toBe('news');
      expect(reply.Articles.item.Title).toBe('东湖绿道徒步 #Hike2026');
      expect(reply.Articles.item.Description).not.toContain('附近暂无活动');
    });

    it('should fall back to the profile city', async () => {
      await users.upsertByOpenid('o-city', { city: '武汉' });

      const reply = open((await send(t.url, textXml('o-city', '?'))).text);

      expect(reply.Articles.item.Description).not.toContain('附近暂无活动');
    });

    it('should recommend one from anywhere, saying so, when nothing is near', async () => {
      await users.upsertByOpenid('o-far', { city: '哈尔滨' });

      const reply = open((await send(t.url, textXml('o-far', '?'))).text);

      expect(reply.MsgType).toBe('news');
      expect(reply.Articles.item.Description).toMatch(/^附近暂无活动，为你推荐其他地方的活动：\n/);
    });
  });

  describe('$ (red packets)', () => {
    it.each(['$', '＄', '￥', '¥'])('should say none are available for %s', async (trigger) => {
      const reply = open((await send(t.url, textXml('o-red', trigger))).text);

      expect(reply.Content).toBe('红包口令暂时发完了，过段时间再来试试吧～');
    });
  });

  describe('anything else', () => {
    it('should answer the help text listing the commands', async () => {
      const reply = open((await send(t.url, textXml('o-help', '你好'))).text);

      expect(reply.MsgType).toBe('text');
      expect(reply.Content).toContain('#番号');
      expect(reply.Content).toContain('? — 随机推荐');
      expect(reply.Content).toContain('$ — 领取红包口令');
    });

    it('should answer an image or voice message with the help text', async () => {
      // Field values from wechatpy tests/test_messages.py (PicUrl, MediaId, Format, Recognition).
      const image = `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[o-media]]></FromUserName><CreateTime>${now()}</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://www.qq.com/1.png]]></PicUrl><MediaId><![CDATA[123456]]></MediaId><MsgId>${msgId()}</MsgId></xml>`;
      const voice = `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[o-media]]></FromUserName><CreateTime>${now()}</CreateTime><MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[123456]]></MediaId><Format><![CDATA[aac]]></Format><Recognition><![CDATA[test]]></Recognition><MsgId>${msgId()}</MsgId></xml>`;

      for (const xml of [image, voice]) {
        const reply = open((await send(t.url, xml)).text);
        expect(reply.Content).toContain('#番号');
      }
    });

    it('should answer an unknown menu event with success', async () => {
      // wechatpy tests/test_events.py test_location_select_event.
      const xml = eventXml(
        'o-menu',
        '<Event><![CDATA[location_select]]></Event><EventKey><![CDATA[6]]></EventKey><SendLocationInfo><Location_X><![CDATA[23]]></Location_X><Location_Y><![CDATA[113]]></Location_Y><Scale><![CDATA[15]]></Scale><Label><![CDATA[广州市海珠区客村艺苑路 106号]]></Label><Poiname><![CDATA[]]></Poiname></SendLocationInfo>',
      );

      expect((await send(t.url, xml)).text).toBe('success');
    });
  });

  describe('events', () => {
    it('should welcome a plain subscribe and mark the user subscribed', async () => {
      const { text } = await send(
        t.url,
        eventXml('o-sub', '<Event><![CDATA[subscribe]]></Event>'),
        { encrypted: true, appId: fake.appId },
      );

      const reply = open(text, fake.appId);
      expect(reply.Content).toMatch(/^欢迎关注起来嗨！/);
      expect(reply.Content).toContain('#番号');
      expect((await users.findByOpenid('o-sub'))?.subscribed).toBe(true);
    });

    it('should answer a QR subscribe with the event article', async () => {
      const xml = eventXml(
        'o-qr',
        `<Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[qrscene_evt_${wuhanId}]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket>`,
      );

      const reply = open((await send(t.url, xml)).text);

      expect(reply.Articles.item.Title).toBe('东湖绿道徒步 #Hike2026');
      expect((await users.findByOpenid('o-qr'))?.subscribed).toBe(true);
    });

    it('should answer a SCAN with the event article', async () => {
      const xml = eventXml(
        'o-qr',
        `<Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[evt_${wuhanId}]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket>`,
      );

      const reply = open(
        (await send(t.url, xml, { encrypted: true, appId: fake.appId })).text,
        fake.appId,
      );

      expect(reply.Articles.item.Url).toBe(`${BASE}/event?code=Hike2026`);
    });

    it('should answer a scan of an unknown scene with a text', async () => {
      const xml = eventXml(
        'o-qr',
        '<Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[evt_999999]]></EventKey>',
      );

      expect(open((await send(t.url, xml)).text).Content).toContain('已结束或不存在');
    });

    it('should mark an unsubscribe and answer success', async () => {
      const { text } = await send(
        t.url,
        eventXml('o-sub', '<Event><![CDATA[unsubscribe]]></Event>'),
      );

      expect(text).toBe('success');
      expect((await users.findByOpenid('o-sub'))?.subscribed).toBe(false);
    });

    it('should store a LOCATION and answer success', async () => {
      const xml = eventXml(
        'o-loc',
        '<Event><![CDATA[LOCATION]]></Event><Latitude>23.137466</Latitude><Longitude>113.352425</Longitude><Precision>119.385040</Precision>',
      );

      expect((await send(t.url, xml)).text).toBe('success');
      const user = (await users.findByOpenid('o-loc')) as UserEntity;
      expect([user.lastLatitude, user.lastLongitude]).toEqual([23.137466, 113.352425]);
    });

    it('should run the IVR command a CLICK key maps to', async () => {
      const red = eventXml(
        'o-click',
        '<Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[RED]]></EventKey>',
      );
      const unknown = eventXml(
        'o-click',
        '<Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[EVENTKEY]]></EventKey>',
      );
      const proto = eventXml(
        'o-click',
        '<Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[__proto__]]></EventKey>',
      );

      expect(open((await send(t.url, red)).text).Content).toContain('红包口令暂时发完了');
      expect(open((await send(t.url, unknown)).text).Content).toContain('#番号');
      expect(open((await send(t.url, proto)).text).Content).toContain('#番号');
    });
  });

  describe('retries', () => {
    it('should answer a delivery repeated in sequence with the same bytes, once', async () => {
      const xml = eventXml('o-seq', '<Event><![CDATA[subscribe]]></Event>');

      const replies = [];
      for (let i = 0; i < 3; i += 1) {
        replies.push((await send(t.url, xml, { encrypted: true, appId: fake.appId })).text);
      }

      expect(new Set(replies).size).toBe(1);
      expect(open(replies[0], fake.appId).Content).toMatch(/^欢迎关注/);
    });

    it('should answer a delivery repeated at once with the same bytes and one side effect', async () => {
      const xml = eventXml('o-burst', '<Event><![CDATA[subscribe]]></Event>');

      const replies = await Promise.all([1, 2, 3].map(() => send(t.url, xml)));

      expect(new Set(replies.map((r) => r.text)).size).toBe(1);
      expect(replies.every((r) => r.status === 200)).toBe(true);
      const count = await t.app
        .get(DataSource)
        .getRepository(UserEntity)
        .countBy({ openid: 'o-burst' });
      expect(count).toBe(1);
    });

    it('should answer the same delivery on two app instances with the same bytes', async () => {
      const second = await startTestApp({
        database: t.database,
        env: {
          ...fake.env(),
          WECHAT_TOKEN: TOKEN,
          WECHAT_AES_KEY: AES_KEY,
          WECHAT_ENCRYPT_MODE: 'compatible',
          PUBLIC_BASE_URL: BASE,
        },
        imports: [SlowCommandModule],
      });
      try {
        // `$` and `%` are recorded before they run; `^` (pure) runs on every arrival, recorded
        // after. `%` counts its runs: a side effect happens once.
        const effectsBefore = effectRuns;
        for (const [xml, expected] of [
          [textXml('o-twice', '$'), '红包口令'],
          [textXml('o-twice', '%'), 'effect '],
          [textXml('o-twice', '^'), 'run '],
        ] as const) {
          const replies = await Promise.all([
            send(t.url, xml),
            send(second.url, xml),
            send(t.url, xml),
            send(second.url, xml),
          ]);

          expect(new Set(replies.map((r) => r.text)).size).toBe(1);
          expect(open(replies[0].text).Content).toContain(expected);
          const records: { state: string }[] = await t.app
            .get(DataSource)
            .query('SELECT state FROM wx_delivery WHERE reply = ?', [replies[0].text]);
          expect(records).toEqual([{ state: 'done' }]);
        }
        expect(effectRuns - effectsBefore).toBe(1);
      } finally {
        await second.close();
      }
    });

    it('should serve two users whose messages share a MsgId', async () => {
      const id = msgId();

      const [a, b] = await Promise.all([
        send(t.url, textXml('o-share-a', '$', id)),
        send(t.url, textXml('o-share-b', '$', id)),
      ]);

      expect(open(a.text).ToUserName).toBe('o-share-a');
      expect(open(b.text).ToUserName).toBe('o-share-b');
    });
    it('should purge delivery records older than an hour', async () => {
      await send(t.url, textXml('o-purge', '$'));
      const records = t.app.get(DataSource).getRepository(WxDeliveryEntity);
      const before = await records.count();

      await t.app.get(WxDeliveryService).purge(new Date(Date.now() - 60_000));
      const kept = await records.count();
      await t.app.get(WxDeliveryService).purge(new Date(Date.now() + 2 * 3600 * 1000));

      expect(before).toBeGreaterThan(0);
      expect(kept).toBe(before);
      expect(await records.count()).toBe(0);
    });
  });

  describe('a failing handler', () => {
    it.each([
      ['throws at once', '&', 'o-throws'],
      ['rejects later', '*', 'o-rejects'],
    ])(
      'should answer success when the command %s, and its retry the same',
      async (_how, command, user) => {
        const xml = textXml(user, command);

        const first = await send(t.url, xml);
        const retry = await send(t.url, xml);

        expect(first.status).toBe(200);
        expect(first.text).toBe('success');
        expect(retry.status).toBe(200);
        expect(retry.text).toBe('success');
        const next = await send(t.url, textXml(user, '#Hike2026'));
        expect(next.text).toContain('<MsgType><![CDATA[news]]></MsgType>');
      },
    );
  });

  describe('the reply deadline', () => {
    it.each([
      ['recorded first', '!', 'o-slow'],
      ['pure', '~', 'o-slow-pure'],
    ])(
      'should answer success in time and send the slow reply as one 客服 message (%s)',
      async (_kind, command, user) => {
        const xml = textXml(user, command);

        const first = await send(t.url, xml);
        const retry = await send(t.url, xml);

        expect(first.text).toBe('success');
        expect(first.ms).toBeLessThan(5000);
        expect(retry.text).toBe('success');
        for (let i = 0; i < 50 && fake.sentMessages(user).length === 0; i += 1) {
          await sleep(50);
        }
        await sleep(200);
        expect(fake.sentMessages(user)).toEqual([
          { touser: user, msgtype: 'text', text: { content: '慢慢来，比较快' } },
        ]);
        const lastRetry = await send(t.url, xml);
        expect(lastRetry.text).toBe('success');
        expect(fake.sentMessages(user)).toHaveLength(1);
      },
    );
  });

  describe('attack bodies', () => {
    const wrap = (inner: string) =>
      `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[o-evil]]></FromUserName><CreateTime>${now()}</CreateTime><MsgType><![CDATA[text]]></MsgType>${inner}<MsgId>1</MsgId></xml>`;
    const attacks: [string, string][] = [
      [
        'an XXE DOCTYPE',
        `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${wrap('<Content>&xxe;</Content>')}`,
      ],
      [
        'a billion laughs',
        `<!doctype lolz [<!entity lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>${wrap('<Content>&lol2;</Content>')}`,
      ],
      ['100,000 entity references', wrap(`<Content>${'&lt;'.repeat(100_000)}</Content>`)],
      [
        'a __proto__ tag',
        wrap('<__proto__><polluted>yes</polluted></__proto__><Content>x</Content>'),
      ],
      [
        'a constructor tag',
        wrap('<constructor><prototype><polluted>yes</polluted></prototype></constructor>'),
      ],
      ['a 1 MB body', wrap(`<Content>${'a'.repeat(1024 * 1024)}</Content>`)],
      ['truncated XML', wrap('<Content>#Hike2026</Content>').slice(0, 120)],
      ['no XML at all', '{"MsgType":"text"}'],
      ['an empty body', ''],
    ];

    it.each(attacks)('should refuse %s with 400 at once', async (_name, body) => {
      const { status, ms } = await send(t.url, body);

      expect(status).toBe(400);
      expect(ms).toBeLessThan(100);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('should not grow the heap under many attacks', async () => {
      const gc = (globalThis as { gc?: () => void }).gc;
      const settle = async () => {
        gc?.();
        await sleep(50);
        gc?.();
      };
      for (const [, body] of attacks) {
        await send(t.url, body);
      }
      await settle();
      const before = process.memoryUsage().heapUsed;

      for (let round = 0; round < 20; round += 1) {
        await Promise.all(attacks.map(([, body]) => send(t.url, body)));
      }
      await settle();

      const grownMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
      expect(grownMb).toBeLessThan(gc === undefined ? 48 : 8);
    });
  });
});

describe('WeChat chat callback in safe mode, on an empty database', () => {
  let t: TestApp;
  const appId = 'wxsafe000000001';

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        WECHAT_TOKEN: TOKEN,
        WECHAT_AES_KEY: AES_KEY,
        WECHAT_APP_ID: appId,
        WECHAT_ENCRYPT_MODE: 'safe',
      },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('should refuse an unencrypted message', async () => {
    const { status } = await send(t.url, textXml('o-safe', '?'));

    expect(status).toBe(400);
  });

  it('should answer ? with a friendly text when there are no events at all', async () => {
    const { status, text } = await send(t.url, textXml('o-safe', '?'), { encrypted: true, appId });

    expect(status).toBe(200);
    expect(open(text, appId).Content).toBe(
      '现在还没有即将开始的活动，过几天再来看看，或者自己发起一个吧！',
    );
  });

  it('should answer #code with no match and no close codes', async () => {
    const { text } = await send(t.url, textXml('o-safe', '#abc'), { encrypted: true, appId });

    expect(open(text, appId).Content).toBe('没有找到番号为「abc」的活动，也没有相近的番号。');
  });
});

describe('WeChat chat callback without WECHAT_TOKEN', () => {
  it('should answer 503 (feature off)', async () => {
    const t = await startTestApp();
    try {
      const { status } = await send(t.url, textXml('o-off', '?'));
      const get = await fetch(`${t.url}/wx?${signedQuery({ echostr: 'x' }).toString()}`);

      expect(status).toBe(503);
      expect(get.status).toBe(503);
    } finally {
      await t.close();
    }
  });
});
