import { Injectable, Logger } from '@nestjs/common';

import { AppConfig, WechatEncryptMode } from '#src/config/app-config.js';
import {
  decryptMessage,
  encryptReply,
  isFreshTimestamp,
  verifyCallbackSignature,
  verifyMessageSignature,
} from '#src/wechat/wechat-crypto.js';
import { WechatErrorCode, WechatException } from '#src/wechat/wechat.errors.js';

/** The query WeChat puts on every callback request. */
export interface CallbackQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
  openid?: string;
  encrypt_type?: string;
  msg_signature?: string;
}

export interface OpenedMessage {
  /** The message XML, decrypted when it came encrypted. */
  xml: string;
  /** Whether it came encrypted; the reply must then be encrypted too. */
  encrypted: boolean;
}

const ENCRYPT_ELEMENT = /<Encrypt>\s*(?:<!\[CDATA\[([^\]]*)\]\]>|([^<]*))\s*<\/Encrypt>/;

/**
 * Checks that a callback comes from WeChat and opens or seals its body, in the mode set by
 * WECHAT_ENCRYPT_MODE: `plain` (no encryption), `compatible` (either; replies in kind) or
 * `safe` (encrypted only). The callback controller calls it on every GET and POST.
 */
@Injectable()
export class WechatCallbackVerifier {
  private readonly logger = new Logger(WechatCallbackVerifier.name);

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.wechatToken !== undefined;
  }

  get mode(): WechatEncryptMode {
    return this.config.wechatEncryptMode;
  }

  /** URL verification (GET): the `echostr` to send back verbatim, once the signature checks. */
  verifyUrl(query: CallbackQuery, nowMs = Date.now()): string {
    this.verifyRequest(query, nowMs);

    return query.echostr ?? '';
  }

  /** Checks `signature` (constant time) and the timestamp's freshness; throws when either fails. */
  verifyRequest(query: CallbackQuery, nowMs = Date.now()): void {
    const token = this.tokenOrFail();
    const { signature, timestamp, nonce } = query;
    if (signature === undefined || timestamp === undefined || nonce === undefined) {
      throw refused(WechatErrorCode.BadSignature, 'signature, timestamp and nonce are required');
    }
    if (!verifyCallbackSignature(token, timestamp, nonce, signature)) {
      this.logger.debug({ msg: 'callback signature mismatch', timestamp });
      throw refused(WechatErrorCode.BadSignature, 'Signature does not match');
    }
    if (!isFreshTimestamp(timestamp, nowMs)) {
      this.logger.debug({ msg: 'callback timestamp out of range', timestamp });
      throw refused(WechatErrorCode.StaleTimestamp, 'Timestamp is more than 5 minutes from now');
    }
  }

  /** Verifies a POST and returns its message XML, decrypted if it came encrypted. */
  openMessage(query: CallbackQuery, body: string, nowMs = Date.now()): OpenedMessage {
    this.verifyRequest(query, nowMs);
    const encrypted = query.encrypt_type?.toLowerCase() === 'aes';
    if (!encrypted) {
      if (this.mode === 'safe') {
        throw refused(WechatErrorCode.BadMessage, 'Unencrypted messages are refused in safe mode');
      }

      return { xml: body, encrypted: false };
    }
    if (this.mode === 'plain') {
      throw refused(WechatErrorCode.BadMessage, 'Encrypted messages need WECHAT_AES_KEY');
    }

    return { xml: this.decrypt(query, body), encrypted: true };
  }

  /**
   * The reply to send for a message: encrypted and signed if the message came encrypted, else
   * as is. An empty reply (or `success`) stays as is: it only tells WeChat to stop retrying.
   */
  sealReply(opened: Pick<OpenedMessage, 'encrypted'>, replyXml: string): string {
    if (!opened.encrypted || replyXml === '' || replyXml === 'success') {
      return replyXml;
    }

    const { aesKey, appId } = this.encryptionOrFail();

    return encryptReply({
      token: this.tokenOrFail(),
      encodingAesKey: aesKey,
      appId,
      message: replyXml,
    }).xml;
  }

  private decrypt(query: CallbackQuery, body: string): string {
    const { aesKey, appId } = this.encryptionOrFail();
    const match = ENCRYPT_ELEMENT.exec(body);
    const encrypt = (match?.[1] ?? match?.[2] ?? '').trim();
    const { timestamp = '', nonce = '', msg_signature: msgSignature } = query;
    if (encrypt === '' || msgSignature === undefined) {
      throw refused(WechatErrorCode.BadMessage, 'Encrypted message lacks Encrypt or msg_signature');
    }
    if (!verifyMessageSignature(this.tokenOrFail(), timestamp, nonce, encrypt, msgSignature)) {
      throw refused(WechatErrorCode.BadSignature, 'Message signature does not match');
    }

    const message = decryptMessage(aesKey, encrypt);
    if (message.appId !== appId) {
      this.logger.debug({ msg: 'decrypted message for another app', appId: message.appId });
      throw refused(WechatErrorCode.AppIdMismatch, 'Message is for another app');
    }

    return message.message;
  }

  private tokenOrFail(): string {
    if (this.config.wechatToken === undefined) {
      throw new WechatException(
        WechatErrorCode.CallbackNotConfigured,
        'WeChat callback is not configured',
        503,
      );
    }

    return this.config.wechatToken;
  }

  private encryptionOrFail(): { aesKey: string; appId: string } {
    const { wechatAesKey: aesKey, wechatAppId: appId } = this.config;
    if (aesKey === undefined || appId === undefined) {
      throw refused(WechatErrorCode.BadMessage, 'Encrypted messages need WECHAT_AES_KEY');
    }

    return { aesKey, appId };
  }
}

function refused(code: WechatErrorCode, message: string): WechatException {
  const status = code === WechatErrorCode.BadMessage ? 400 : 403;

  return new WechatException(code, message, status);
}
