import { cdata, renderReply, truncateUtf8 } from '#src/wx-message/wx-reply.renderer.js';

const TO = { fromUserName: 'o-user', toUserName: 'gh_account' };

describe('renderReply', () => {
  it('should swap To and From and give CreateTime in seconds', () => {
    const xml = renderReply({ type: 'text', content: 'hi' }, TO, 1_700_000_000_999);

    expect(xml).toBe(
      '<xml><ToUserName><![CDATA[o-user]]></ToUserName>' +
        '<FromUserName><![CDATA[gh_account]]></FromUserName><CreateTime>1700000000</CreateTime>' +
        '<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content></xml>',
    );
  });

  it('should render exactly one article', () => {
    const article = { title: 'T', description: 'D', url: 'https://x.example/e', picUrl: 'P' };

    const xml = renderReply({ type: 'news', article }, TO, 0);

    expect(xml.match(/<item>/g)).toHaveLength(1);
    expect(xml).toContain('<ArticleCount>1</ArticleCount>');
  });

  it('should refuse an article without a title or URL', () => {
    const article = { title: '', description: 'D', url: 'https://x.example', picUrl: 'P' };

    expect(() => renderReply({ type: 'news', article }, TO)).toThrow('title and a URL');
    expect(() =>
      renderReply({ type: 'news', article: { ...article, title: 'T', url: '' } }, TO),
    ).toThrow('title and a URL');
  });

  it('should render a frozen (cached) article the same every time, as an unfrozen one', () => {
    const fields = {
      title: 'T]]>',
      description: 'D\u0001',
      url: 'https://x.example/e',
      picUrl: 'P',
    };
    const frozen = Object.freeze({ ...fields });

    const first = renderReply({ type: 'news', article: frozen }, TO, 0);

    expect(renderReply({ type: 'news', article: frozen }, TO, 0)).toBe(first);
    expect(renderReply({ type: 'news', article: { ...fields } }, TO, 0)).toBe(first);
    expect(first).toContain('<Title><![CDATA[T]]]]><![CDATA[>]]></Title>');
    expect(first).toContain('<Description><![CDATA[D]]></Description>');
  });

  it('should refuse a frozen article without a URL every time', () => {
    const article = Object.freeze({ title: 'T', description: 'D', url: '', picUrl: 'P' });

    expect(() => renderReply({ type: 'news', article }, TO)).toThrow('title and a URL');
    expect(() => renderReply({ type: 'news', article }, TO)).toThrow('title and a URL');
  });

  it('should answer success for no reply', () => {
    expect(renderReply({ type: 'none' }, TO)).toBe('success');
  });
});

describe('cdata', () => {
  it('should split ]]> across two sections and drop invalid characters', () => {
    expect(cdata('a]]>b\u0000')).toBe('<![CDATA[a]]]]><![CDATA[>b]]>');
    expect(cdata('\uffffa\u0008')).toBe('<![CDATA[a]]>');
    expect(cdata(']]>]]>')).toBe('<![CDATA[]]]]><![CDATA[>]]]]><![CDATA[>]]>');
    expect(cdata('plain 文字')).toBe('<![CDATA[plain 文字]]>');
  });
});

describe('truncateUtf8', () => {
  it('should keep a text within the limit as is', () => {
    expect(truncateUtf8('好'.repeat(682), 2048)).toBe('好'.repeat(682));
  });

  it('should cut on a character boundary and mark the cut', () => {
    const cut = truncateUtf8('好'.repeat(1000), 2048);

    expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(2048);
    expect(cut.endsWith('好…')).toBe(true);
  });
});
