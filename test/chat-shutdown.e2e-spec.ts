import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

import { callbackSignature } from '#src/wechat/wechat-crypto.js';
import { publishBody } from './helpers/events.js';
import { signIn } from './helpers/sessions.js';
import { startTestApp } from './helpers/test-app.js';
import { createTestDatabase } from './helpers/test-database.js';

const TOKEN = 'shutdown-token';

function textMessage(from: string, content: string, msgId: string): string {
  return (
    `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[${from}]]>` +
    `</FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime>` +
    `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content>` +
    `<MsgId>${msgId}</MsgId></xml>`
  );
}

async function post(url: string, xml: string): Promise<string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(4).toString('hex');
  const query = new URLSearchParams({
    signature: callbackSignature(TOKEN, timestamp, nonce),
    timestamp,
    nonce,
  });
  const response = await fetch(`${url}/wx?${query.toString()}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: xml,
  });

  return response.text();
}

describe('Chat replies on shutdown', () => {
  it('should store every answered reply before the database closes', async () => {
    const database = await createTestDatabase();
    const env = { WECHAT_TOKEN: TOKEN, SESSION_SECRET: 'shutdown' };
    const first = await startTestApp({ database, env });
    await first.post(
      '/api/v1/event/publish',
      publishBody({ code: '关门前' }),
      await signIn(first, 'o-org'),
    );
    const ids = Array.from({ length: 40 }, (_, i) => String(9_000_000 + i));

    const replies = await Promise.all(
      ids.map((id) => post(first.url, textMessage(`o-user-${id}`, '#关门前', id))),
    );
    await first.close();

    const second = await startTestApp({ database, env });
    const rows: { state: string; reply: string }[] = await second.app
      .get(DataSource)
      .query('SELECT state, reply FROM wx_delivery ORDER BY created_at');
    await second.close();
    await database.drop();

    expect(replies.every((reply) => reply.includes('关门前'))).toBe(true);
    expect(rows).toHaveLength(40);
    expect(rows.every((row) => row.state === 'done')).toBe(true);
    expect(new Set(rows.map((row) => row.reply))).toEqual(new Set(replies));
  });
});
