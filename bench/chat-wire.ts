// What the chat callback benchmark (bench/chat.bench.ts) and its two baseline servers share:
// the WeChat plain-mode signature, the request and reply shapes, and the generated event codes.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { generateCodes, mulberry32 } from './sample-codes.js';

/** One generated event, as seeded into MariaDB and as loaded into the baselines' Map. */
export interface BenchEvent {
  code: string;
  title: string;
}

/** Environment variables the orchestrator hands to the baseline servers. */
export const BASELINE_ENV = {
  port: 'BENCH_PORT',
  token: 'BENCH_WECHAT_TOKEN',
  eventsFile: 'BENCH_EVENTS_FILE',
} as const;

/** A baseline server prints this line once it listens. */
export const READY_LINE = 'bench server listening';

export const ACCOUNT_ID = 'gh_bench0000001';
export const NEWS_PIC_URL = 'https://qilaihi.me/static/cover.png';
export const NEWS_BASE_URL = 'https://qilaihi.me/e/';

/** `count` distinct codes of 4-10 common characters, the same for a given seed. */
export function generateEvents(count: number, seed: number): BenchEvent[] {
  return generateCodes(count, mulberry32(seed)).map((code, i) => ({
    code,
    title: `${code}的第${i + 1}场聚会`,
  }));
}

/** The key both baselines look a code up by: trimmed, Latin letters lower-cased. */
export function codeKey(code: string): string {
  return code.trim().toLowerCase();
}

/** sha1 of token, timestamp and nonce sorted and joined: WeChat's `signature` query field. */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

/** Constant-time check of a `signature` against the token; false on anything missing. */
export function signatureValid(
  token: string,
  signature: string | null,
  timestamp: string | null,
  nonce: string | null,
): boolean {
  if (signature === null || timestamp === null || nonce === null || signature.length !== 40) {
    return false;
  }
  const expected = Buffer.from(wechatSignature(token, timestamp, nonce));

  return timingSafeEqual(expected, Buffer.from(signature));
}

/** The query string of a signed plain-mode message delivery (without the openid). */
export function signedQuery(token: string, nowMs: number): string {
  const timestamp = String(Math.floor(nowMs / 1000));
  const nonce = String(100_000_000 + Math.floor(Math.random() * 900_000_000));

  return `signature=${wechatSignature(token, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`;
}

/** A text message as WeChat delivers it in plain mode. */
export function textMessageXml(openid: string, content: string, msgId: string): string {
  return (
    `<xml><ToUserName><![CDATA[${ACCOUNT_ID}]]></ToUserName>` +
    `<FromUserName><![CDATA[${openid}]]></FromUserName>` +
    `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime>` +
    `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content>` +
    `<MsgId>${msgId}</MsgId></xml>`
  );
}

/** The fixed-template one-article news reply of the bare baseline. */
export function newsReplyXml(
  toUser: string,
  fromUser: string,
  event: BenchEvent,
  nowS: number,
): string {
  return (
    `<xml><ToUserName><![CDATA[${toUser}]]></ToUserName>` +
    `<FromUserName><![CDATA[${fromUser}]]></FromUserName>` +
    `<CreateTime>${nowS}</CreateTime><MsgType><![CDATA[news]]></MsgType>` +
    `<ArticleCount>1</ArticleCount><Articles><item>` +
    `<Title><![CDATA[${event.title}]]></Title>` +
    `<Description><![CDATA[${newsDescription(event)}]]></Description>` +
    `<PicUrl><![CDATA[${NEWS_PIC_URL}]]></PicUrl>` +
    `<Url><![CDATA[${newsUrl(event)}]]></Url>` +
    `</item></Articles></xml>`
  );
}

export function newsDescription(event: BenchEvent): string {
  return `暗号 ${event.code} · 周六 14:00 · 人民公园 · AA 50 元 · 剩 8 个名额`;
}

export function newsUrl(event: BenchEvent): string {
  return NEWS_BASE_URL + encodeURIComponent(event.code);
}

/** What both baseline servers read at start: their token, port and the events by code. */
export function baselineSetup(): { token: string; port: number; byCode: Map<string, BenchEvent> } {
  const events = JSON.parse(
    readFileSync(process.env[BASELINE_ENV.eventsFile] ?? '', 'utf8'),
  ) as BenchEvent[];

  return {
    token: process.env[BASELINE_ENV.token] ?? '',
    port: Number(process.env[BASELINE_ENV.port]),
    byCode: new Map(events.map((event) => [codeKey(event.code), event])),
  };
}
