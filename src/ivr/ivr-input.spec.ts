import { leadingTrigger, normalizeInput, splitTrigger } from '#src/ivr/ivr-input.js';
import { pickWeighted } from '#src/ivr/random-event.command.js';

describe('normalizeInput', () => {
  it('should fold full-width forms and trim', () => {
    expect(normalizeInput('\u3000＃Ｈｉｋｅ２０２６ ')).toBe('#Hike2026');
    expect(normalizeInput('？')).toBe('?');
    expect(normalizeInput('＄')).toBe('$');
  });

  it('should keep the yuan and yen signs', () => {
    expect(normalizeInput('￥')).toBe('￥');
    expect(normalizeInput('¥')).toBe('¥');
  });

  it('should change only the full-width block and the ideographic space, texts with none or some', () => {
    // Each side of both ranges' edges, a CJK text, an astral character, spaces around.
    const pieces = [
      '\uff00',
      '\uff01',
      '\uff5e',
      '\uff5f',
      '\u3000',
      '\u2fff',
      '东湖',
      '😀',
      ' ',
      'a#',
    ];
    const folded: Record<string, string> = { '\uff01': '!', '\uff5e': '~', '\u3000': ' ' };
    for (const first of pieces) {
      for (const second of pieces) {
        const text = ` ${first}${second}x `;
        const expected = ` ${folded[first] ?? first}${folded[second] ?? second}x `.trim();

        expect(normalizeInput(text)).toBe(expected);
      }
    }
  });
});

describe('splitTrigger', () => {
  it('should split the first character from the trimmed rest', () => {
    expect(splitTrigger('# 大王派我来巡山 ')).toEqual({ trigger: '#', argument: '大王派我来巡山' });
    expect(splitTrigger('')).toEqual({ trigger: '', argument: '' });
    expect(splitTrigger('😀x')).toEqual({ trigger: '😀', argument: 'x' });
  });
});

describe('leadingTrigger', () => {
  it.each([
    ['#code'],
    ['  \u3000＃Ｈｉｋｅ'],
    ['\t\n ？ near'],
    ['\u00a0\u2003$'],
    ['￥'],
    ['😀x'],
    [''],
    ['\u3000 \u3000'],
    ['\ufeff#'],
  ])('should name the trigger normalisation gives %j', (text) => {
    expect(leadingTrigger(text)).toBe(splitTrigger(normalizeInput(text)).trigger);
  });
});

describe('pickWeighted', () => {
  const candidates = [
    { id: 1, tag: '户外' },
    { id: 2, tag: '桌游' },
  ];

  it('should give a preferred tag three tickets', () => {
    const picks = [0, 1, 2, 3].map((ticket) =>
      pickWeighted(candidates, new Set(['户外']), () => ticket),
    );

    expect(picks).toEqual([1, 1, 1, 2]);
  });
});
