import { XMLValidator } from 'fast-xml-parser';

import { isWellFormedXml } from '#src/wx-message/xml-well-formed.js';

// WeChat's own shapes (接收普通消息, 接收事件推送, the safe-mode envelope) plus the markup a
// message could carry: a declaration, comments, references, attributes, empty elements.
const SAMPLES = [
  `<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[this is a test]]></Content><MsgId>1234567890123456</MsgId></xml>`,
  `<xml>
  <ToUserName><![CDATA[toUser]]></ToUserName>
  <FromUserName><![CDATA[FromUser]]></FromUserName>
  <CreateTime>123456789</CreateTime>
  <MsgType><![CDATA[event]]></MsgType>
  <Event><![CDATA[subscribe]]></Event>
  <EventKey><![CDATA[qrscene_123123]]></EventKey>
  <Ticket><![CDATA[TICKET]]></Ticket>
</xml>`,
  `<xml><ToUserName><![CDATA[gh_e136c6e50636]]></ToUserName><Encrypt><![CDATA[hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=]]></Encrypt></xml>`,
  `<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<xml a="1" b='two &amp; &#x4E00; &#20013;'><Empty/><Text>a &lt; b &gt; c</Text><Self x="y" /></xml>
<!-- after -->`,
];

const MARKUP_CHARS = ['<', '>', '&', '/', '"', "'", '=', '!', '?', ']', ' ', 'x', ';', '-'];

function mutations(sample: string): string[] {
  const variants: string[] = [];
  for (let i = 0; i <= sample.length; i++) {
    variants.push(sample.slice(0, i));
    variants.push(sample.slice(0, i) + sample.slice(i + 1));
    for (const char of MARKUP_CHARS) {
      variants.push(sample.slice(0, i) + char + sample.slice(i));
    }
  }

  return variants;
}

function validatorSays(xml: string): boolean {
  return XMLValidator.validate(xml) === true;
}

describe('isWellFormedXml', () => {
  it.each(SAMPLES.map((sample, i) => [i, sample]))(
    'should accept sample %i as the validator does',
    (_i, sample) => {
      expect(validatorSays(sample)).toBe(true);
      expect(isWellFormedXml(sample)).toBe(true);
    },
  );

  it.each([
    ['empty', ''],
    ['text only', 'hello'],
    ['truncated', '<xml><A><![CDATA[x]]></A'],
    ['unclosed root', '<xml><A>1</A>'],
    ['mismatched end tag', '<xml><A>1</B></xml>'],
    ['end tag with a longer name', '<xml><A>1</AB></xml>'],
    ['two roots', '<xml></xml><xml></xml>'],
    ['text after the root', '<xml></xml>tail'],
    ['stray <', '<xml><A>1 < 2</A></xml>'],
    ['bare &', '<xml><A>a & b</A></xml>'],
    ['unquoted attribute', '<xml a=1></xml>'],
    ['repeated attribute', '<xml a="1" a="2"></xml>'],
    ['attribute without a value', '<xml a></xml>'],
    ['< in an attribute', '<xml a="<"></xml>'],
    ['open CDATA', '<xml><A><![CDATA[x</A></xml>'],
    ['CDATA outside the root', '<![CDATA[x]]><xml/>'],
    ['open comment', '<xml><!-- x</xml>'],
    ['-- in a comment', '<xml><!-- a -- b --></xml>'],
    ['a declaration not first', '<xml><?xml version="1.0"?></xml>'],
    ['a bad tag name', '<xml><1a>x</1a></xml>'],
    ['a doctype', '<!DOCTYPE xml><xml/>'],
  ])('should refuse %s', (_name, xml) => {
    expect(isWellFormedXml(xml)).toBe(false);
  });

  it.each([
    ['& after the root', '<xml></xml>&'],
    ['--- closing a comment', '<xml><!-- x ---></xml>'],
    ['< in an attribute value', '<xml a="x<y"></xml>'],
    ['a bare & in an attribute value', '<xml a="x & y"></xml>'],
    ['an undeclared entity', '<xml><A>&nbsp;</A></xml>'],
    ['<! that is no comment or CDATA', '<xml><A><!![CDATA[x]]></A></xml>'],
    ['<? with no target', '<?? x?><xml/>'],
  ])('should refuse %s, which the validator lets through', (_name, xml) => {
    expect(validatorSays(xml)).toBe(true);
    expect(isWellFormedXml(xml)).toBe(false);
  });

  it('should refuse every mutation of the samples that the validator refuses', () => {
    let refusedByValidator = 0;
    let acceptedByBoth = 0;
    const letThrough: string[] = [];
    for (const sample of SAMPLES) {
      for (const variant of mutations(sample)) {
        const ours = isWellFormedXml(variant);
        if (!validatorSays(variant)) {
          refusedByValidator++;
          if (ours) {
            letThrough.push(variant);
          }
        } else if (ours) {
          acceptedByBoth++;
        }
      }
    }

    expect(letThrough).toEqual([]);
    // Guards against a vacuous pass: mutations break most samples and leave many intact.
    expect(refusedByValidator).toBeGreaterThan(5000);
    expect(acceptedByBoth).toBeGreaterThan(1000);
  });
});
