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
});
