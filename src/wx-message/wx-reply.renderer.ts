import { ChatReply, NewsArticle } from '#src/ivr/ivr-reply.js';

/** WeChat's limit on a passive text reply, in UTF-8 bytes. */
export const MAX_TEXT_BYTES = 2048;
const ELLIPSIS = '…';
/** Characters XML 1.0 does not allow at all; they would make the reply unreadable. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
// eslint-disable-next-line no-control-regex -- the same characters, tested without replacing
const XML_INVALID_ANY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export class InvalidReplyError extends Error {}

/** The sender and recipient of the message being answered. */
export interface ReplyAddress {
  /** The user's openid (the message's FromUserName). */
  fromUserName: string;
  /** The account (the message's ToUserName). */
  toUserName: string;
}

/**
 * Renders a reply as passive-reply XML (To/From swapped, CreateTime in seconds), after checking
 * it: one article with a title and URL, text within WeChat's byte limit. `none` → `success`.
 */
export function renderReply(reply: ChatReply, to: ReplyAddress, nowMs = Date.now()): string {
  if (reply.type === 'none') {
    return 'success';
  }

  const head =
    `<xml><ToUserName>${cdata(to.fromUserName)}</ToUserName>` +
    `<FromUserName>${cdata(to.toUserName)}</FromUserName>` +
    `<CreateTime>${Math.floor(nowMs / 1000)}</CreateTime>`;
  if (reply.type === 'text') {
    const content = truncateUtf8(reply.content, MAX_TEXT_BYTES);
    if (content.trim() === '') {
      throw new InvalidReplyError('text reply is empty');
    }

    return `${head}<MsgType>${cdata('text')}</MsgType><Content>${cdata(content)}</Content></xml>`;
  }

  return `${head}<MsgType>${cdata('news')}</MsgType>${articlesXml(reply.article)}</xml>`;
}

/** Rendered articles of frozen (cached, never changed) article objects. */
const renderedArticles = new WeakMap<Readonly<NewsArticle>, string>();

function articlesXml(given: Readonly<NewsArticle>): string {
  const rendered = renderedArticles.get(given);
  if (rendered !== undefined) {
    return rendered;
  }

  const article = checkedArticle(given);
  const xml =
    '<ArticleCount>1</ArticleCount><Articles><item>' +
    `<Title>${cdata(article.title)}</Title>` +
    `<Description>${cdata(article.description)}</Description>` +
    `<PicUrl>${cdata(article.picUrl)}</PicUrl>` +
    `<Url>${cdata(article.url)}</Url></item></Articles>`;
  if (Object.isFrozen(given)) {
    renderedArticles.set(given, xml);
  }

  return xml;
}

/** A CDATA section for any value: `]]>` split across two sections, invalid characters dropped. */
export function cdata(value: string): string {
  const valid = XML_INVALID_ANY.test(value) ? value.replace(XML_INVALID, '') : value;

  return `<![CDATA[${valid.includes(']]>') ? valid.replaceAll(']]>', ']]]]><![CDATA[>') : valid}]]>`;
}

/** Cuts a text to at most `maxBytes` of UTF-8 on a character boundary, marking the cut. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) {
    return text;
  }

  const budget = maxBytes - Buffer.byteLength(ELLIPSIS, 'utf8');
  let used = 0;
  let kept = '';
  for (const char of text) {
    used += Buffer.byteLength(char, 'utf8');
    if (used > budget) {
      break;
    }
    kept += char;
  }

  return kept + ELLIPSIS;
}

function checkedArticle(article: Readonly<NewsArticle>): NewsArticle {
  if (article.title.trim() === '' || article.url.trim() === '') {
    throw new InvalidReplyError('news article needs a title and a URL');
  }
  if (!/^https?:\/\//.test(article.url)) {
    throw new InvalidReplyError('news article URL must be http(s)');
  }

  return {
    ...article,
    title: truncateUtf8(article.title, 256),
    description: truncateUtf8(article.description, 1024),
  };
}
