import { createHash, randomBytes, randomInt } from 'node:crypto';

import {
  callbackSignature,
  decryptMessage,
  encryptMessage,
  encryptReply,
  isFreshTimestamp,
  jssdkSignature,
  messageSignature,
  pkcs7Pad,
  pkcs7Unpad,
  verifyCallbackSignature,
  verifyMessageSignature,
} from '#src/wechat/wechat-crypto.js';
import { WechatException } from '#src/wechat/wechat.errors.js';

// Official sample key, token and app id of WeChat's message-encryption sample code
// (WXBizMsgCryptTest.java in Tencent's download; a verbatim copy is in the public repository
// Wyl015/wuyiling at work-test/src/main/resources/Utils/aes/WXBizMsgCryptTest.java).
const SAMPLE_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const SAMPLE_APP_ID = 'wxb11529c136998cb6';

describe('wechat-crypto', () => {
  describe('callbackSignature', () => {
    it('should sign the three values in the order a sort gives, whatever their order', () => {
      const values = ['token', '1410685589', 'nonce', 'Token', '', 'tok', '好', '1410685589'];
      const mismatches: string[] = [];
      for (const a of values) {
        for (const b of values) {
          for (const c of values) {
            const sorted = createHash('sha1').update([a, b, c].sort().join('')).digest('hex');
            if (callbackSignature(a, b, c) !== sorted) {
              mismatches.push(`${a}|${b}|${c}`);
            }
          }
        }
      }

      expect(mismatches).toEqual([]);
    });

    // Vector from wechatpy/wechatpy tests/test_utils.py (test_check_signature_should_ok).
    it('should match the published plain-mode signature vector', () => {
      expect(callbackSignature('test', '1410685589', 'test')).toBe(
        'f21891de399b4e33a1a93c9a7b8a8fffb5a443ff',
      );
      expect(
        verifyCallbackSignature(
          'test',
          '1410685589',
          'test',
          'f21891de399b4e33a1a93c9a7b8a8fffb5a443ff',
        ),
      ).toBe(true);
    });

    // wechatpy/wechatpy tests/test_utils.py (test_check_signature_should_fail): last digit changed.
    it('should refuse a signature that differs in one character or in length', () => {
      const wrong = 'f21891de399b4e33a1a93c9a7b8a8fffb5a443fe';

      expect(verifyCallbackSignature('test', '1410685589', 'test', wrong)).toBe(false);
      expect(verifyCallbackSignature('test', '1410685589', 'test', 'f218')).toBe(false);
      expect(verifyCallbackSignature('test', '1410685589', 'test', '')).toBe(false);
    });
  });

  describe('isFreshTimestamp', () => {
    it('should accept timestamps within five minutes and refuse older or later ones', () => {
      const now = 1_700_000_000_000;

      expect(isFreshTimestamp('1700000000', now)).toBe(true);
      expect(isFreshTimestamp(String(1_700_000_000 - 300), now)).toBe(true);
      expect(isFreshTimestamp(String(1_700_000_000 + 300), now)).toBe(true);
      expect(isFreshTimestamp(String(1_700_000_000 - 301), now)).toBe(false);
      expect(isFreshTimestamp(String(1_700_000_000 + 301), now)).toBe(false);
      expect(isFreshTimestamp('17e8', now)).toBe(false);
      expect(isFreshTimestamp('', now)).toBe(false);
    });
  });

  describe('encryptMessage', () => {
    // WXBizMsgCryptTest.testAesEncrypt / testAesEncrypt2 (official Java sample, copy cited above;
    // the same values appear in WxJava's WxCryptUtilTest): fixed random "aaaabbbbccccdddd".
    it('should produce the official ciphertext for a fixed random prefix', () => {
      const random = Buffer.from('aaaabbbbccccdddd');

      expect(encryptMessage(SAMPLE_KEY, SAMPLE_APP_ID, '我是中文abcd123', random)).toBe(
        'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
      );
      expect(encryptMessage(SAMPLE_KEY, SAMPLE_APP_ID, SAMPLE_REPLY_2, random)).toBe(
        SAMPLE_CIPHER_2,
      );
    });

    // wechatpy/wechatpy tests/test_crypto.py (commit 95743c7, test_encrypt_message): the same
    // scheme for WeCom, random "1234567890123456"; checks Encrypt and MsgSignature together.
    it('should produce the published encrypted and signed reply', () => {
      const reply = encryptReply({
        token: '123456',
        encodingAesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
        appId: 'wx49f0ab532d5d035a',
        message: WECHATPY_REPLY,
        timestamp: '1411525903',
        nonce: '461056294',
        random: Buffer.from('1234567890123456'),
      });

      expect(reply.encrypt).toBe(WECHATPY_ENCRYPT);
      expect(reply.msgSignature).toBe('407518b7649e86ef23978113f92d27afa9296533');
      expect(reply.xml).toBe(
        `<xml><Encrypt><![CDATA[${WECHATPY_ENCRYPT}]]></Encrypt>` +
          '<MsgSignature><![CDATA[407518b7649e86ef23978113f92d27afa9296533]]></MsgSignature>' +
          '<TimeStamp>1411525903</TimeStamp><Nonce><![CDATA[461056294]]></Nonce></xml>',
      );
    });
  });

  describe('decryptMessage', () => {
    // Official Python sample Sample.py (Tencent's download; verbatim copy in the public
    // repository charlesXu86/Chatbot_CN at Chatbot_Web/impl/weixin/Sample.py).
    it('should verify and decrypt the official sample message', () => {
      expect(
        verifyMessageSignature(
          'spamtest',
          '1409735669',
          '1320562132',
          PYTHON_SAMPLE_ENCRYPT,
          '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
        ),
      ).toBe(true);

      const { message, appId } = decryptMessage(SAMPLE_KEY, PYTHON_SAMPLE_ENCRYPT);

      expect(appId).toBe('wx2c2769f8efd9abc2');
      expect(message).toBe(
        '<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n' +
          '<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n' +
          '<CreateTime>1409735668</CreateTime>\n' +
          '<MsgType><![CDATA[text]]></MsgType>\n' +
          '<Content><![CDATA[abcdteT]]></Content>\n' +
          '<MsgId>6054768590064713728</MsgId>\n' +
          '</xml>',
      );
    });

    // wechatpy/wechatpy tests/test_crypto.py (commit 95743c7, test_decrypt_message).
    it('should verify and decrypt the wechatpy sample message', () => {
      expect(
        verifyMessageSignature(
          '123456',
          '1411525903',
          '461056294',
          WECHATPY_INCOMING,
          '74d92dfeb87ba7c714f89d98870ae5eb62dff26d',
        ),
      ).toBe(true);

      const { message, appId } = decryptMessage(
        'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
        WECHATPY_INCOMING,
      );

      expect(appId).toBe('wx49f0ab532d5d035a');
      expect(message).toContain('<Content><![CDATA[test]]></Content>');
      expect(message).toContain('<FromUserName><![CDATA[messense]]></FromUserName>');
    });

    it('should decrypt the official ciphertexts back to their plaintexts', () => {
      expect(decryptMessage(SAMPLE_KEY, SAMPLE_CIPHER_2)).toEqual({
        message: SAMPLE_REPLY_2,
        appId: SAMPLE_APP_ID,
      });
    });

    it('should refuse malformed ciphertext with a typed error', () => {
      const cases = ['', 'YWJj', 'AAAAAAAAAAAAAAAAAAAAAA==', randomBytes(48).toString('base64')];
      for (const text of cases) {
        expect(() => decryptMessage(SAMPLE_KEY, text)).toThrow(WechatException);
      }
    });
  });

  describe('round trip', () => {
    it('should decrypt whatever it encrypted, for random text with emoji and CJK', () => {
      for (let i = 0; i < 300; i += 1) {
        const message = randomText(randomInt(0, 200));
        const key = randomBytes(32).toString('base64').slice(0, 43);
        const appId = `wx${randomBytes(8).toString('hex')}`;

        const encrypted = encryptMessage(key, appId, message);

        expect(decryptMessage(key, encrypted)).toEqual({ message, appId });
      }
    });

    it('should pad every length to whole 32-byte blocks and strip it again', () => {
      for (let length = 0; length < 100; length += 1) {
        const data = randomBytes(length);
        const padded = pkcs7Pad(data);

        expect(padded.length % 32).toBe(0);
        expect(padded.length - length).toBeGreaterThanOrEqual(1);
        expect(pkcs7Unpad(padded).equals(data)).toBe(true);
      }
    });

    it('should sign a reply that verifies with msg_signature', () => {
      const reply = encryptReply({
        token: 'pamtest',
        encodingAesKey: SAMPLE_KEY,
        appId: SAMPLE_APP_ID,
        message: '<xml><Content><![CDATA[起来嗨🎉]]></Content></xml>',
      });

      expect(reply.msgSignature).toBe(
        messageSignature('pamtest', reply.timestamp, reply.nonce, reply.encrypt),
      );
      expect(decryptMessage(SAMPLE_KEY, reply.encrypt).message).toContain('起来嗨🎉');
    });
  });

  describe('jssdkSignature', () => {
    // WeChat JS-SDK doc, appendix 1 (签名算法) example; also the test vector of the public
    // repository kinisky564477/wechat at wx/utils_test.go (TestJsTicketSignature).
    it('should match the JS-SDK documentation example', () => {
      expect(
        jssdkSignature({
          ticket:
            'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
          nonceStr: 'Wm3WZYTPz0wzccnW',
          timestamp: 1414587457,
          url: 'http://mp.weixin.qq.com?params=value',
        }),
      ).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
    });

    it('should sign the URL without its fragment', () => {
      const base = { ticket: 't', nonceStr: 'n', timestamp: 1 };

      expect(jssdkSignature({ ...base, url: 'https://a.example/p?x=1#/route' })).toBe(
        jssdkSignature({ ...base, url: 'https://a.example/p?x=1' }),
      );
    });
  });
});

const ALPHABET = [
  ...'abcXYZ019 <>&"\'\n\t',
  '起',
  '来',
  '嗨',
  'é',
  'ß',
  '🎉',
  '👩‍💻',
  '😀',
  '𠮷',
  '\u0000',
];

function randomText(length: number): string {
  return Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

const SAMPLE_REPLY_2 =
  '<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName>' +
  '<FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime>' +
  '<MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[' +
  'eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId>' +
  '<Title><![CDATA[testCallBackReplyVideo]]></Title>' +
  '<Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>';

const SAMPLE_CIPHER_2 =
  'jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkup' +
  'qcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvF' +
  'b3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04s' +
  'q7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9Oxch' +
  'WVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ' +
  '6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57c' +
  'ExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb';

const PYTHON_SAMPLE_ENCRYPT =
  'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PG' +
  'HQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6' +
  'tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp' +
  '3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhv' +
  'Ql+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=';

const WECHATPY_REPLY =
  '<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n' +
  '<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n' +
  '<ToUserName><![CDATA[messense]]></ToUserName>\n<AgentID>1</AgentID>\n' +
  '<CreateTime>1411525903</CreateTime>\n</xml>';

const WECHATPY_ENCRYPT =
  '9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGs' +
  'L8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSj' +
  'PUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJv' +
  'FurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFY' +
  'FMNMpatF9XiKzHo3';

const WECHATPY_INCOMING =
  'RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTy' +
  'eDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYy' +
  'olBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWO' +
  'MZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7ml' +
  'sl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=';
