import { XMLParser } from 'fast-xml-parser';

import { InboundParseError, parseInbound } from '#src/wx-message/wx-inbound.js';

// The official doc's text-message sample (mp.weixin.qq.com 接收普通消息).
const TEXT = `<xml>
  <ToUserName><![CDATA[toUser]]></ToUserName>
  <FromUserName><![CDATA[fromUser]]></FromUserName>
  <CreateTime>1348831860</CreateTime>
  <MsgType><![CDATA[text]]></MsgType>
  <Content><![CDATA[this is a test]]></Content>
  <MsgId>1234567890123456</MsgId>
</xml>`;

function problemOf(xml: string): string | undefined {
  try {
    parseInbound(xml);
  } catch (error) {
    return (error as InboundParseError).problem;
  }

  return undefined;
}

describe('parseInbound', () => {
  it('should read a text message into its typed shape', () => {
    expect(parseInbound(TEXT)).toEqual({
      toUserName: 'toUser',
      fromUserName: 'fromUser',
      createTime: 1348831860,
      msgType: 'text',
      msgId: '1234567890123456',
      content: 'this is a test',
    });
  });

  it('should read a QR subscribe event (doc sample: qrscene_123123, TICKET)', () => {
    const xml =
      '<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[FromUser]]></FromUserName>' +
      '<CreateTime>123456789</CreateTime><MsgType><![CDATA[event]]></MsgType>' +
      '<Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[qrscene_123123]]></EventKey>' +
      '<Ticket><![CDATA[TICKET]]></Ticket></xml>';

    expect(parseInbound(xml)).toMatchObject({
      msgType: 'event',
      event: 'subscribe',
      eventKey: 'qrscene_123123',
      ticket: 'TICKET',
    });
  });

  it('should keep entity references as text rather than expanding them', () => {
    const xml = TEXT.replace('this is a test', ']]><![CDATA[&amp;&lt;');

    expect(parseInbound(xml)).toMatchObject({ content: '&amp;&lt;' });
  });

  it.each([
    ['<!DOCTYPE xml><xml/>', 'forbidden-markup'],
    ['<xml><!ENTITY a "b"></xml>', 'forbidden-markup'],
    [TEXT.replace('<Content>', '<__proto__>x</__proto__><Content>'), 'forbidden-markup'],
    [TEXT.slice(0, 80), 'malformed'],
    ['<xml><a></xml>', 'malformed'],
    ['<other/>', 'not-a-message'],
    [`<xml>${'a'.repeat(70_000)}</xml>`, 'too-large'],
  ])('should refuse %#', (xml, problem) => {
    expect(problemOf(xml)).toBe(problem);
  });

  it('should read a field given twice, or holding elements, as empty', () => {
    const xml = TEXT.replace(
      '<MsgId>1234567890123456</MsgId>',
      '<MsgId>1</MsgId><MsgId>2</MsgId><MsgType2>x</MsgType2>',
    ).replace('<![CDATA[this is a test]]>', 'a<b>c</b>d');

    expect(parseInbound(xml)).toMatchObject({ msgType: 'text', msgId: '', content: '' });
  });

  it('should join the text and CDATA pieces of a field', () => {
    const xml = TEXT.replace('<![CDATA[this is a test]]>', ' #大王 <![CDATA[派我]]> 来巡山 ');

    expect(parseInbound(xml)).toMatchObject({ content: '#大王派我来巡山' });
  });

  // The parser runs in document-order mode; its merged-object mode (one property per tag, a
  // repeated tag as an array, an element with children as an object) is the reference.
  it('should read every field as the merged-object parse does, over generated messages', () => {
    const reference = new XMLParser({
      processEntities: false,
      htmlEntities: false,
      ignoreAttributes: true,
      ignoreDeclaration: true,
      parseTagValue: false,
      trimValues: true,
    });
    const pieces = [
      '<ToUserName><![CDATA[gh_1]]></ToUserName>',
      '<FromUserName><![CDATA[o_1]]></FromUserName>',
      '<FromUserName>o_2</FromUserName>',
      '<MsgType><![CDATA[text]]></MsgType>',
      '<MsgType>event</MsgType>',
      '<Content><![CDATA[#a]]><![CDATA[b]]></Content>',
      '<Content> x <![CDATA[ y ]]> z </Content>',
      '<Content><i>nested</i></Content>',
      '<Content/>',
      '<MsgId>42</MsgId>',
      '<CreateTime>1348831860</CreateTime>',
      '<Event>CLICK</Event>',
      '<EventKey><![CDATA[menu]]></EventKey>',
      '<!-- note -->',
      ' text between ',
    ];
    const fields = ['ToUserName', 'FromUserName', 'MsgType', 'Content', 'MsgId', 'Event'];
    let seed = 7;
    const next = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;

      return seed % below;
    };
    let compared = 0;
    for (let round = 0; round < 400; round++) {
      // Most rounds start with both addresses, so most get past the address check.
      const head = next(5) === 0 ? '' : `${pieces[0]}${pieces[1]}`;
      const body = Array.from({ length: 1 + next(6) }, () => pieces[next(pieces.length)]).join('');
      const xml = `<xml>${head}${body}</xml>`;
      const merged = (reference.parse(xml) as { xml: Record<string, unknown> | string }).xml;
      const expected = (name: string) => {
        const value = typeof merged === 'object' ? merged[name] : undefined;

        return typeof value === 'string' ? value : '';
      };
      if (expected('ToUserName') === '' || expected('FromUserName') === '') {
        expect(problemOf(xml)).toBe('not-a-message');
        continue;
      }
      const message = parseInbound(xml) as unknown as Record<string, unknown>;
      const seen = {
        ToUserName: message.toUserName,
        FromUserName: message.fromUserName,
        MsgType: message.msgType === 'other' ? message.name : message.msgType,
        ...(message.msgType === 'text' ? { Content: message.content } : {}),
        ...('msgId' in message ? { MsgId: message.msgId } : {}),
        ...(message.msgType === 'event' && message.event === 'other'
          ? { Event: message.name }
          : {}),
      };
      const wanted = Object.fromEntries(
        fields.filter((name) => name in seen).map((name) => [name, expected(name)]),
      );
      expect(seen).toEqual(wanted);
      compared += 1;
    }
    expect(compared).toBeGreaterThan(100);
  });
});
