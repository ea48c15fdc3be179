import { cityOfAddress, codeKey, codeProblem, normalizeCity } from '#src/event/event-code.js';

describe('event codes', () => {
  it('should compare Latin letters case-insensitively and ignore surrounding spaces', () => {
    expect(codeKey('  Hike2026 ')).toBe(codeKey('hIKE2026'));
    expect(codeKey('大王派我来巡山')).toBe('大王派我来巡山');
  });

  it.each([
    ['', 'code must be 1 to 32 characters'],
    ['一'.repeat(33), 'code must be 1 to 32 characters'],
    ['#hike', 'code must not start with a command character (# ＃ ? ？ $ ￥ ¥ ＄)'],
    ['？问', 'code must not start with a command character (# ＃ ? ？ $ ￥ ¥ ＄)'],
    ['a\u0007b', 'code must not contain control characters'],
  ])('should refuse %j', (code, problem) => {
    expect(codeProblem(code)).toBe(problem);
  });

  it('should count characters, not UTF-16 units', () => {
    expect(codeProblem('😀'.repeat(32))).toBeUndefined();
  });
});

describe(cityOfAddress.name, () => {
  it.each([
    ['湖北省武汉市武昌区', '武汉'],
    ['北京市朝阳区三里屯', '北京'],
    ['四川省成都市武侯区', '成都'],
    ['新疆维吾尔自治区乌鲁木齐市天山区', '乌鲁木齐'],
    ['东湖风景区', undefined],
  ])('should find the city of %s', (address, city) => {
    expect(cityOfAddress(address)).toBe(city);
  });

  it('should drop the 市 suffix of a city name', () => {
    expect(normalizeCity('武汉市')).toBe('武汉');
    expect(normalizeCity('沙市')).toBe('沙市');
  });
});
