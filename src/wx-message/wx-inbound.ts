import { XMLParser } from 'fast-xml-parser';

import { isWellFormedXml } from '#src/wx-message/xml-well-formed.js';

/** The largest callback body read at all (WeChat's messages are a few hundred bytes). */
export const MAX_BODY_BYTES = 64 * 1024;

/** DTDs and entity declarations are never legitimate in a WeChat message (XXE, entity bombs). */
const FORBIDDEN_MARKUP = /<!(?:DOCTYPE|ENTITY)/i;
/** Tags named after object internals: refused outright rather than parsed. */
const FORBIDDEN_TAG = /<\/?\s*(?:__proto__|constructor|prototype)\b/i;

/**
 * With entity processing off the parser never decodes, but by default builds a decoder (and its
 * entity tables) for every document; this one is shared and does nothing.
 */
const NO_ENTITIES = {
  setExternalEntities: () => undefined,
  addInputEntities: () => undefined,
  reset: () => undefined,
  decode: (text: string) => text,
  setXmlVersion: () => undefined,
};

const parser = new XMLParser({
  processEntities: false,
  entityDecoder: NO_ENTITIES,
  htmlEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  // No callbacks read tag paths, so none is turned into a string per tag (a seventh of a parse).
  jPath: false,
  // Nodes in document order, as parsed: the parser skips merging them into one object per
  // element (a fifth of a text message's parse); readFields does the little merging we need.
  preserveOrder: true,
});

/** One node of the parser's document-order output: a tag name (or `#text`) and its content. */
type OrderedNode = Record<string, unknown>;
const TEXT_NODE = '#text';

interface Common {
  toUserName: string;
  fromUserName: string;
  createTime: number;
}

export type InboundEvent =
  | { event: 'subscribe'; eventKey: string; ticket?: string }
  | { event: 'unsubscribe' }
  | { event: 'SCAN'; eventKey: string; ticket?: string }
  | { event: 'LOCATION'; latitude: number; longitude: number; precision: number }
  | { event: 'CLICK'; eventKey: string }
  | { event: 'VIEW'; eventKey: string }
  | { event: 'other'; name: string; eventKey: string };

export type InboundMessage = Common &
  (
    | { msgType: 'text'; msgId: string; content: string }
    | { msgType: 'image'; msgId: string; picUrl: string; mediaId: string }
    | { msgType: 'voice'; msgId: string; mediaId: string; format: string; recognition?: string }
    | { msgType: 'video' | 'shortvideo'; msgId: string; mediaId: string; thumbMediaId: string }
    | {
        msgType: 'location';
        msgId: string;
        latitude: number;
        longitude: number;
        scale: number;
        label: string;
      }
    | { msgType: 'link'; msgId: string; title: string; description: string; url: string }
    | ({ msgType: 'event' } & InboundEvent)
    | { msgType: 'other'; name: string; msgId: string }
  );

export type BodyProblem = 'too-large' | 'forbidden-markup' | 'malformed' | 'not-a-message';

export class InboundParseError extends Error {
  constructor(readonly problem: BodyProblem) {
    super(`callback body refused: ${problem}`);
  }
}

/** Cheap checks on the raw body, before any parsing or crypto. */
export function screenBody(body: string): void {
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) {
    throw new InboundParseError('too-large');
  }
  if (FORBIDDEN_MARKUP.test(body) || FORBIDDEN_TAG.test(body)) {
    throw new InboundParseError('forbidden-markup');
  }
}

export function assertWellFormed(xml: string): void {
  if (!isWellFormedXml(xml)) {
    throw new InboundParseError('malformed');
  }
}

/**
 * Validates and parses message XML into a typed message; only the known fields are read.
 * `screened`: the caller already ran screenBody on this very text.
 */
export function parseInbound(xml: string, screened = false): InboundMessage {
  if (!screened) {
    screenBody(xml);
  }
  assertWellFormed(xml);

  const fields = readFields(parser.parse(xml) as unknown);
  if (fields === undefined) {
    throw new InboundParseError('not-a-message');
  }
  const read = (name: string): string => fields.get(name) ?? '';
  const toUserName = read('ToUserName');
  const fromUserName = read('FromUserName');
  if (fromUserName === '' || toUserName === '') {
    throw new InboundParseError('not-a-message');
  }

  return typed({ toUserName, fromUserName, createTime: Number(read('CreateTime')) || 0 }, read);
}

/**
 * The text of each child element of the one `<xml>` root, by tag name. A child that holds
 * elements, or whose name appears twice, reads as empty: a field is one piece of text or absent.
 * Undefined when there is no single `<xml>` root.
 */
function readFields(parsed: unknown): Map<string, string> | undefined {
  let root: unknown[] | undefined;
  for (const node of Array.isArray(parsed) ? (parsed as OrderedNode[]) : []) {
    if (Object.hasOwn(node, 'xml')) {
      if (root !== undefined) {
        return undefined;
      }
      root = Array.isArray(node.xml) ? node.xml : [];
    }
  }
  if (root === undefined) {
    return undefined;
  }

  const fields = new Map<string, string>();
  for (const child of root as OrderedNode[]) {
    for (const name in child) {
      if (Object.hasOwn(child, name) && name !== TEXT_NODE) {
        fields.set(name, fields.has(name) ? '' : textOf(child[name]));
      }
    }
  }

  return fields;
}

/** An element's text: its text and CDATA nodes joined; empty if it holds an element. */
function textOf(content: unknown): string {
  let text = '';
  for (const node of Array.isArray(content) ? (content as OrderedNode[]) : []) {
    const value = Object.hasOwn(node, TEXT_NODE) ? node[TEXT_NODE] : undefined;
    if (typeof value !== 'string') {
      return '';
    }
    text += value;
  }

  return text;
}

function typed(common: Common, read: (name: string) => string): InboundMessage {
  const { toUserName, fromUserName, createTime } = common;
  const msgType = read('MsgType');
  const msgId = read('MsgId');
  switch (msgType) {
    case 'text':
      return { toUserName, fromUserName, createTime, msgType, msgId, content: read('Content') };
    case 'image':
      return {
        ...common,
        msgType,
        msgId,
        picUrl: read('PicUrl'),
        mediaId: read('MediaId'),
      };
    case 'voice': {
      const recognition = read('Recognition');

      return {
        ...common,
        msgType,
        msgId,
        mediaId: read('MediaId'),
        format: read('Format'),
        ...(recognition === '' ? {} : { recognition }),
      };
    }
    case 'video':
    case 'shortvideo':
      return {
        ...common,
        msgType,
        msgId,
        mediaId: read('MediaId'),
        thumbMediaId: read('ThumbMediaId'),
      };
    case 'location':
      return {
        ...common,
        msgType,
        msgId,
        latitude: Number(read('Location_X')),
        longitude: Number(read('Location_Y')),
        scale: Number(read('Scale')),
        label: read('Label'),
      };
    case 'link':
      return {
        ...common,
        msgType,
        msgId,
        title: read('Title'),
        description: read('Description'),
        url: read('Url'),
      };
    case 'event':
      return { ...common, msgType, ...typedEvent(read) };
    default:
      return { ...common, msgType: 'other', name: msgType, msgId };
  }
}

function typedEvent(read: (name: string) => string): InboundEvent {
  const event = read('Event');
  const eventKey = read('EventKey');
  const ticket = read('Ticket');
  const withTicket = ticket === '' ? {} : { ticket };
  // WeChat's samples spell the event names in either case (subscribe, SCAN, LOCATION, CLICK).
  switch (event.toLowerCase()) {
    case 'subscribe':
      return { event: 'subscribe', eventKey, ...withTicket };
    case 'unsubscribe':
      return { event: 'unsubscribe' };
    case 'scan':
      return { event: 'SCAN', eventKey, ...withTicket };
    case 'location':
      return {
        event: 'LOCATION',
        latitude: Number(read('Latitude')),
        longitude: Number(read('Longitude')),
        precision: Number(read('Precision')),
      };
    case 'click':
      return { event: 'CLICK', eventKey };
    case 'view':
      return { event: 'VIEW', eventKey };
    default:
      return { event: 'other', name: event, eventKey };
  }
}

/**
 * The dedup key of a delivery: FromUserName+MsgId for messages; FromUserName+CreateTime+Event+
 * EventKey for events (WeChat gives events no MsgId).
 */
export function deliveryKeyParts(message: InboundMessage): string[] {
  if (message.msgType !== 'event') {
    return ['m', message.fromUserName, message.msgId || `t${message.createTime}`];
  }
  const name = message.event === 'other' ? message.name : message.event;
  const key = 'eventKey' in message ? message.eventKey : '';

  return ['e', message.fromUserName, String(message.createTime), name, key];
}
