import { Logger } from '@nestjs/common';

import { loadConfig } from '#src/config/app-config.js';
import { WechatCallbackVerifier } from '#src/wechat/wechat-callback.verifier.js';
import { callbackSignature, encryptReply } from '#src/wechat/wechat-crypto.js';
import { WechatException } from '#src/wechat/wechat.errors.js';

const TOKEN = 'pamtest';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APP_ID = 'wxb11529c136998cb6';
const NOW = 1_700_000_000_000;
const TIMESTAMP = String(NOW / 1000);

function verifier(env: Record<string, string>): WechatCallbackVerifier {
  return new WechatCallbackVerifier(loadConfig({ WECHAT_TOKEN: TOKEN, ...env }));
}

function signed(timestamp = TIMESTAMP, nonce = '12345') {
  return { timestamp, nonce, signature: callbackSignature(TOKEN, timestamp, nonce) };
}

function incoming(xml: string, appId = APP_ID) {
  const sealed = encryptReply({
    token: TOKEN,
    encodingAesKey: AES_KEY,
    appId,
    message: xml,
    timestamp: TIMESTAMP,
    nonce: '777',
  });
  const query = {
    ...signed(TIMESTAMP, '777'),
    encrypt_type: 'aes',
    msg_signature: sealed.msgSignature,
  };
  const body = `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[${sealed.encrypt}]]></Encrypt></xml>`;

  return { query, body };
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof WechatException ? error.code : 'OTHER';
  }

  return undefined;
}

describe(WechatCallbackVerifier.name, () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  describe('verifyUrl', () => {
    it('should return echostr verbatim once the signature checks', () => {
      const echostr = 'abc+/= 起来';

      expect(verifier({}).verifyUrl({ ...signed(), echostr }, NOW)).toBe(echostr);
    });

    it('should refuse a wrong signature, a missing one and a stale timestamp', () => {
      const v = verifier({});
      const old = String(NOW / 1000 - 301);

      expect(codeOf(() => v.verifyUrl({ ...signed(), signature: 'x'.repeat(40) }, NOW))).toBe(
        'WECHAT_BAD_SIGNATURE',
      );
      expect(codeOf(() => v.verifyUrl({ timestamp: TIMESTAMP, nonce: '1' }, NOW))).toBe(
        'WECHAT_BAD_SIGNATURE',
      );
      expect(codeOf(() => v.verifyUrl(signed(old), NOW))).toBe('WECHAT_STALE_TIMESTAMP');
    });

    it('should answer 503 when no callback token is configured', () => {
      const v = new WechatCallbackVerifier(loadConfig({}));

      expect(codeOf(() => v.verifyUrl(signed(), NOW))).toBe('WECHAT_CALLBACK_NOT_CONFIGURED');
    });
  });

  describe('openMessage', () => {
    const env = { WECHAT_AES_KEY: AES_KEY, WECHAT_APP_ID: APP_ID };
    const xml = '<xml><Content><![CDATA[你好 🎉]]></Content></xml>';

    it('should pass plain messages through in plain mode', () => {
      expect(verifier({}).openMessage(signed(), xml, NOW)).toEqual({ xml, encrypted: false });
    });

    it('should decrypt an encrypted message and seal the reply in kind', () => {
      const v = verifier(env);
      const { query, body } = incoming(xml);

      const opened = v.openMessage(query, body, NOW);
      const reply = v.sealReply(opened, '<xml><Content>ok</Content></xml>');

      expect(opened).toEqual({ xml, encrypted: true });
      expect(reply).toMatch(/^<xml><Encrypt><!\[CDATA\[.+\]\]><\/Encrypt><MsgSignature>/);
      expect(v.sealReply({ encrypted: false }, '<xml/>')).toBe('<xml/>');
      expect(v.sealReply(opened, 'success')).toBe('success');
    });

    it('should accept both forms in compatible mode and only encrypted ones in safe mode', () => {
      const compatible = verifier(env);
      const safe = verifier({ ...env, WECHAT_ENCRYPT_MODE: 'safe' });

      expect(compatible.mode).toBe('compatible');
      expect(compatible.openMessage(signed(), xml, NOW).encrypted).toBe(false);
      expect(codeOf(() => safe.openMessage(signed(), xml, NOW))).toBe('WECHAT_BAD_MESSAGE');
      const { query, body } = incoming(xml);
      expect(safe.openMessage(query, body, NOW).xml).toBe(xml);
    });

    it('should refuse a wrong msg_signature and a message for another app', () => {
      const v = verifier(env);
      const { query, body } = incoming(xml);
      const other = incoming(xml, 'wx0000000000000000');

      expect(
        codeOf(() => v.openMessage({ ...query, msg_signature: '0'.repeat(40) }, body, NOW)),
      ).toBe('WECHAT_BAD_SIGNATURE');
      expect(codeOf(() => v.openMessage(other.query, other.body, NOW))).toBe(
        'WECHAT_APPID_MISMATCH',
      );
    });

    it('should refuse encrypted messages when no key is configured', () => {
      const { query, body } = incoming(xml);

      expect(codeOf(() => verifier({}).openMessage(query, body, NOW))).toBe('WECHAT_BAD_MESSAGE');
    });
  });
});
