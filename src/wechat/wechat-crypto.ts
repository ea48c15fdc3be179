import { createCipheriv, createDecipheriv, hash, randomBytes, timingSafeEqual } from 'node:crypto';

import { WechatErrorCode, WechatException } from '#src/wechat/wechat.errors.js';

/** WeChat pads to a 32-byte block (PKCS#7 with k = 32), not AES's 16, so Node's padding is off. */
const PAD_BLOCK = 32;
const RANDOM_PREFIX = 16;
/** How far a callback's timestamp may be from now before the request is refused as a replay. */
export const CALLBACK_MAX_SKEW_S = 300;

export function sha1Hex(text: string): string {
  // The one-shot form: a third of createHash's cost, and this runs on every callback.
  return hash('sha1', text, 'hex');
}

/** Compares two hex digests in constant time; a different length is simply unequal. */
export function digestsEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given.toLowerCase(), 'utf8');

  return a.length === b.length && timingSafeEqual(a, b);
}

/** `signature` on every callback: sha1 of the sorted token, timestamp and nonce. */
export function callbackSignature(token: string, timestamp: string, nonce: string): string {
  return sha1Hex(sortedConcat(token, timestamp, nonce));
}

/**
 * Three strings joined in the order `[…].sort()` puts them (UTF-16 code units), without the
 * array: this runs on every callback.
 */
function sortedConcat(first: string, second: string, third: string): string {
  const low = first <= second ? first : second;
  const high = first <= second ? second : first;
  if (third >= high) {
    return low + high + third;
  }

  return third >= low ? low + third + high : third + low + high;
}

/** `msg_signature` in safe and compatible mode: the same, with the Encrypt payload included. */
export function messageSignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
): string {
  return sha1Hex([token, timestamp, nonce, encrypt].sort().join(''));
}

export function verifyCallbackSignature(
  token: string,
  timestamp: string,
  nonce: string,
  signature: string,
): boolean {
  return digestsEqual(callbackSignature(token, timestamp, nonce), signature);
}

export function verifyMessageSignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
  signature: string,
): boolean {
  return digestsEqual(messageSignature(token, timestamp, nonce, encrypt), signature);
}

/** True when `timestamp` (seconds) is a whole number within ±5 minutes of `nowMs`. */
export function isFreshTimestamp(timestamp: string, nowMs = Date.now()): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) {
    return false;
  }

  return Math.abs(Number(timestamp) - nowMs / 1000) <= CALLBACK_MAX_SKEW_S;
}

/** The 32-byte AES key of a 43-character EncodingAESKey. */
export function aesKeyOf(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (encodingAesKey.length !== 43 || key.length !== 32) {
    throw new Error('EncodingAESKey must be 43 characters of base64');
  }

  return key;
}

export function pkcs7Pad(data: Buffer, block = PAD_BLOCK): Buffer {
  const amount = block - (data.length % block);

  return Buffer.concat([data, Buffer.alloc(amount, amount)]);
}

export function pkcs7Unpad(data: Buffer, block = PAD_BLOCK): Buffer {
  const amount = data.length === 0 ? 0 : data[data.length - 1];
  if (amount < 1 || amount > block || amount > data.length) {
    throw badMessage('bad padding');
  }

  return data.subarray(0, data.length - amount);
}

/**
 * Encrypts a message the way WeChat does: AES-256-CBC (iv = the key's first 16 bytes) over
 * random(16) + uint32 big-endian length + message + app id, padded to 32 bytes; base64.
 */
export function encryptMessage(
  encodingAesKey: string,
  appId: string,
  message: string,
  random: Buffer = randomBytes(RANDOM_PREFIX),
): string {
  const key = aesKeyOf(encodingAesKey);
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const plain = pkcs7Pad(Buffer.concat([random, length, body, Buffer.from(appId, 'utf8')]));
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);

  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

export interface DecryptedMessage {
  message: string;
  appId: string;
}

/** Reverses `encryptMessage`; throws WECHAT_BAD_MESSAGE on anything malformed. */
export function decryptMessage(encodingAesKey: string, encrypted: string): DecryptedMessage {
  const key = aesKeyOf(encodingAesKey);
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) {
    throw badMessage('ciphertext is not whole AES blocks');
  }

  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = pkcs7Unpad(Buffer.concat([decipher.update(data), decipher.final()]));
  } catch (error) {
    throw error instanceof WechatException ? error : badMessage('cannot decrypt');
  }
  if (plain.length < RANDOM_PREFIX + 4) {
    throw badMessage('plaintext too short');
  }

  const length = plain.readUInt32BE(RANDOM_PREFIX);
  const start = RANDOM_PREFIX + 4;
  if (start + length > plain.length) {
    throw badMessage('length field out of range');
  }

  return {
    message: plain.subarray(start, start + length).toString('utf8'),
    appId: plain.subarray(start + length).toString('utf8'),
  };
}

export interface EncryptedReply {
  encrypt: string;
  msgSignature: string;
  timestamp: string;
  nonce: string;
  /** `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>`, ready to send. */
  xml: string;
}

/** Encrypts and signs a passive reply for safe/compatible mode. */
export function encryptReply(options: {
  token: string;
  encodingAesKey: string;
  appId: string;
  message: string;
  timestamp?: string;
  nonce?: string;
  random?: Buffer;
}): EncryptedReply {
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? String(randomBytes(4).readUInt32BE(0));
  const encrypt = encryptMessage(
    options.encodingAesKey,
    options.appId,
    options.message,
    options.random,
  );
  const msgSignature = messageSignature(options.token, timestamp, nonce, encrypt);
  const xml =
    `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt>` +
    `<MsgSignature><![CDATA[${msgSignature}]]></MsgSignature>` +
    `<TimeStamp>${timestamp}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`;

  return { encrypt, msgSignature, timestamp, nonce, xml };
}

/** The JS-SDK `wx.config` signature; the URL is signed without its `#…` fragment. */
export function jssdkSignature(options: {
  ticket: string;
  nonceStr: string;
  timestamp: number | string;
  url: string;
}): string {
  const url = options.url.split('#')[0];

  return sha1Hex(
    `jsapi_ticket=${options.ticket}&noncestr=${options.nonceStr}` +
      `&timestamp=${options.timestamp}&url=${url}`,
  );
}

function badMessage(reason: string): WechatException {
  return new WechatException(
    WechatErrorCode.BadMessage,
    `Encrypted message is malformed (${reason})`,
    400,
  );
}
