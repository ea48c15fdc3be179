import { CodeSearchIndex } from '#src/event/code-search/code-search-index.js';
import { MatchKind } from '#src/event/code-search/code-search.types.js';

const NOW = Date.UTC(2025, 5, 1, 4, 0, 0);
const HOUR = 3_600_000;

/** Realistic codes, each with its start in hours from NOW (negative: already past). */
const FIXTURE_CODES: readonly (readonly [string, number])[] = [
  ['大王派我来巡山', 48],
  ['上山打老虎', 24],
  ['重庆火锅局', 30],
  ['长沙夜行', 72],
  ['音乐节快乐', 12],
  ['行走的力量', 96],
  ['银行家夜跑', 36],
  ['长城徒步', 60],
  ['重阳登高', 120],
  ['快乐星球', 6],
  ['乐山大佛一日游', 200],
  ['西湖夜游', 18],
  ['周末爬山', 20],
  ['桌游之夜', 26],
  ['狼人杀', 8],
  ['剧本杀新手局', 40],
  ['羽毛球约起', 44],
  ['篮球3v3', 50],
  ['足球周赛', 52],
  ['飞盘入门', 54],
  ['露营看星星', 56],
  ['徒步武功山', 58],
  ['骑行环湖', 62],
  ['夜跑俱乐部', 64],
  ['读书会第12期', 66],
  ['电影之夜', 68],
  ['摄影外拍', 70],
  ['咖啡品鉴', 74],
  ['烘焙小课堂', 76],
  ['手冲咖啡', 78],
  ['瑜伽晨练', 80],
  ['冥想放松', 82],
  ['密室逃脱', 84],
  ['K歌之王', 86],
  ['KTV狂欢', 88],
  ['吃火锅', 90],
  ['火锅自助', 92],
  ['烧烤派对', 94],
  ['海边日落', 98],
  ['东湖骑行', 100],
  ['武汉大学赏樱', 102],
  ['樱花节', 104],
  ['长江大桥夜景', 106],
  ['银行路跑团', 108],
  ['音乐会', 110],
  ['乐队排练', 112],
  ['重新出发', 114],
  ['调查问卷', 116],
  ['都市漫步', 118],
  ['行业交流会', 122],
  ['创业沙龙', 124],
  ['程序员聚会', 126],
  ['单身派对', 128],
  ['女生夜话', 130],
  ['绿色环保行', 132],
  ['旅行分享会', 134],
  ['Hello World', 136],
  ['abc123', 138],
  ['2024新年派对', 140],
  ['圣诞Party', 142],
  ['大王派我来巡山2', -48],
  ['巡山小分队', -2],
  ['山海经读书会', 150],
  ['长安十二时辰', 160],
  ['重庆森林', 170],
  ['乐乐的生日会', 180],
];

function fixtureIndex(): CodeSearchIndex {
  const index = new CodeSearchIndex({ now: () => NOW });
  FIXTURE_CODES.forEach(([code, hours], i) => {
    index.add(code, { id: i + 1, startsAt: NOW + hours * HOUR });
  });

  return index;
}

// [query, expected top code, its kind]
const TOP_RESULTS: readonly (readonly [string, string, MatchKind])[] = [
  // Chinese
  ['大王派我来巡山', '大王派我来巡山', 'exact'],
  ['大王', '大王派我来巡山', 'prefix'],
  ['巡山', '巡山小分队', 'prefix'],
  ['我来巡', '大王派我来巡山', 'substring'],
  ['上山', '上山打老虎', 'prefix'],
  ['火锅', '火锅自助', 'prefix'],
  ['锅局', '重庆火锅局', 'substring'],
  ['夜景', '长江大桥夜景', 'substring'],
  // full pinyin
  ['dawangpaiwolaixunshan', '大王派我来巡山', 'exact'],
  ['dawang', '大王派我来巡山', 'prefix'],
  ['xunshan', '巡山小分队', 'prefix'],
  ['laixunshan', '大王派我来巡山', 'substring'],
  ['huoguoju', '重庆火锅局', 'substring'],
  ['shangshan', '上山打老虎', 'prefix'],
  ['da wang pai', '大王派我来巡山', 'prefix'],
  ['dawangp', '大王派我来巡山', 'prefix'],
  // initials and mixes
  ['dwpwlxs', '大王派我来巡山', 'initials'],
  ['ssdlh', '上山打老虎', 'initials'],
  ['dawangpwlxs', '大王派我来巡山', 'initials'],
  ['dwangpwlxs', '大王派我来巡山', 'initials'],
  ['cqhgj', '重庆火锅局', 'initials'],
  ['zqhgj', '重庆火锅局', 'initials'],
  ['ylj', '音乐节快乐', 'initials'],
  // upper case and Latin codes
  ['DWPWLXS', '大王派我来巡山', 'initials'],
  ['DaWang', '大王派我来巡山', 'prefix'],
  ['HELLO WORLD', 'Hello World', 'exact'],
  ['hello', 'Hello World', 'prefix'],
  ['ktv', 'KTV狂欢', 'prefix'],
  ['Ktv狂欢', 'KTV狂欢', 'exact'],
  ['3v3', '篮球3v3', 'substring'],
  ['2024', '2024新年派对', 'prefix'],
  // polyphonic characters, each reading
  ['chongqing', '重庆火锅局', 'prefix'],
  ['zhongqing', '重庆火锅局', 'prefix'],
  ['changsha', '长沙夜行', 'prefix'],
  ['zhangsha', '长沙夜行', 'prefix'],
  ['yexing', '长沙夜行', 'substring'],
  ['yehang', '长沙夜行', 'substring'],
  ['yinhang', '银行家夜跑', 'prefix'],
  ['yinxing', '银行家夜跑', 'prefix'],
  ['yinyue', '音乐节快乐', 'prefix'],
  ['yinle', '音乐节快乐', 'prefix'],
  ['chongyang', '重阳登高', 'prefix'],
  ['dushi', '都市漫步', 'prefix'],
  ['doushi', '都市漫步', 'prefix'],
  ['tiaocha', '调查问卷', 'prefix'],
  ['shanshen', '单身派对', 'prefix'],
  ['lvse', '绿色环保行', 'prefix'],
  ['nvsheng', '女生夜话', 'prefix'],
  // one wrong, missing or extra letter
  ['dawangpaiwolaixunshna', '大王派我来巡山', 'fuzzy'],
  ['dawngpai', '大王派我来巡山', 'fuzzy'],
  ['dawangpaii', '大王派我来巡山', 'fuzzy'],
  ['xnshan', '大王派我来巡山', 'fuzzy'],
  ['dwpwlxx', '大王派我来巡山', 'fuzzy'],
  ['chongqimg', '重庆火锅局', 'fuzzy'],
  ['shangshab', '上山打老虎', 'fuzzy'],
  ['laohuu', '上山打老虎', 'fuzzy'],
  // a typo in the first or last syllable, a missing or extra letter at either end
  ['mushitaotuo', '密室逃脱', 'fuzzy'],
  ['shaokaopaidei', '烧烤派对', 'fuzzy'],
  ['chengxuyuanjuuhui', '程序员聚会', 'fuzzy'],
  ['chuangyeshalng', '创业沙龙', 'fuzzy'],
  ['uyingkanxing', '露营看星星', 'fuzzy'],
  ['xshaokao', '烧烤派对', 'fuzzy'],
  ['yujoa', '瑜伽晨练', 'fuzzy'],
  ['zqixing', '骑行环湖', 'fuzzy'],
];

describe(CodeSearchIndex.name, () => {
  const index = fixtureIndex();

  describe('search', () => {
    it.each(TOP_RESULTS)('should rank %s first as %s (%s)', (query, code, kind) => {
      const [top] = index.search(query);

      expect(top).toMatchObject({ code, kind });
    });

    it.each(['zzzz', 'qqqqqqq', '不存在的活动', 'xyzxyzxyz', '   '])(
      'should find nothing for %p',
      (query) => {
        expect(index.search(query)).toEqual([]);
      },
    );

    it('should rank exact, prefix, substring, initials, then fuzzy', () => {
      const kinds = index.search('shan', 50).map((result) => result.kind);

      expect(kinds).toEqual([...kinds].sort((a, b) => rankOf(a) - rankOf(b)));
    });

    it('should break ties by start time, upcoming first and past events last', () => {
      const codes = index.search('巡山', 10).map((result) => result.code);

      expect(codes).toEqual(['巡山小分队', '大王派我来巡山', '大王派我来巡山2']);
      expect(index.search('大王派我', 10).map((result) => result.code)).toEqual([
        '大王派我来巡山',
        '大王派我来巡山2',
      ]);
    });

    it('should return the event id and a score per kind', () => {
      expect(index.search('dwpwlxs')[0]).toEqual({
        code: '大王派我来巡山',
        id: 1,
        score: 40,
        kind: 'initials',
      });
    });

    it('should find a code by a query of over 29 letters with a typo', () => {
      const own = fixtureIndex();
      own.add('中华人民共和国国家博物馆', { id: 99, startsAt: NOW + HOUR });

      expect(own.search('zhonghuarenmingongheguoguojiabowugun')[0]).toMatchObject({
        code: '中华人民共和国国家博物馆',
        kind: 'fuzzy',
      });
    });

    it('should honour the limit', () => {
      expect(index.search('s', 3)).toHaveLength(3);
      expect(index.search('s', 0)).toEqual([]);
    });
  });

  describe('add and remove', () => {
    it('should stop finding a removed code and find its replacement', () => {
      const own = fixtureIndex();

      expect(own.remove('上山打老虎')).toBe(true);
      expect(own.remove('上山打老虎')).toBe(false);
      expect(own.search('ssdlh')).toEqual([]);

      own.add('上山打老鼠', { id: 99, startsAt: NOW + HOUR });

      expect(own.search('ssdlh')[0]).toMatchObject({ code: '上山打老鼠', id: 99 });
    });

    it('should move a re-added code to its new start time', () => {
      const own = fixtureIndex();
      own.add('大王派我来巡山2', { id: 61, startsAt: NOW + HOUR });

      expect(own.search('来巡山')[0].code).toBe('大王派我来巡山2');
      expect(own.size).toBe(FIXTURE_CODES.length);
    });

    it('should stay correct after many removals compact the index', () => {
      const own = new CodeSearchIndex({ now: () => NOW });
      for (let i = 0; i < 3000; i++) {
        own.add(`活动${i}`, { id: i, startsAt: NOW + i });
      }
      for (let i = 0; i < 2990; i++) {
        own.remove(`活动${i}`);
      }

      expect(own.size).toBe(10);
      expect(own.search('huodong', 50).map((result) => result.id)).toEqual([
        2990, 2991, 2992, 2993, 2994, 2995, 2996, 2997, 2998, 2999,
      ]);
    });
  });

  describe('typos among thousands of candidates', () => {
    it('should list them soonest upcoming first, then the latest past', () => {
      const many = new CodeSearchIndex({ now: () => NOW });
      const startOf = (i: number): number => NOW + (((i * 37) % 100) - 50) * HOUR;
      for (let i = 0; i < 5000; i++) {
        many.add(`活动${i}`, { id: i, startsAt: startOf(i) });
      }
      const ascending = Array.from({ length: 5000 }, (_, i) => i).sort(
        (a, b) => startOf(a) - startOf(b) || a - b,
      );
      const ranking = [
        ...ascending.filter((i) => startOf(i) >= NOW),
        ...ascending.filter((i) => startOf(i) < NOW).reverse(),
      ];

      const top = many.search('huodng');
      // Past 4,000 candidates, only the 3,000 first in ranking order are checked.
      const all = many.search('huodng', 5000);

      expect(top.map((result) => result.kind)).toEqual(Array(10).fill('fuzzy'));
      expect(top.map((result) => result.id)).toEqual(ranking.slice(0, 10));
      expect(all.map((result) => result.id)).toEqual(ranking.slice(0, 3000));
    });
  });

  describe('warmUp', () => {
    it('should leave every result as it was', () => {
      const warmed = fixtureIndex();
      const queries = [...TOP_RESULTS.map(([query]) => query), 'z', '夜', 'yujoa', 'cs'];
      const before = queries.map((query) => warmed.search(query, 50));

      warmed.warmUp();

      expect(queries.map((query) => warmed.search(query, 50))).toEqual(before);
    });

    it('should do nothing on an empty index', () => {
      const empty = new CodeSearchIndex();

      empty.warmUp();

      expect(empty.size).toBe(0);
      expect(empty.search('a')).toEqual([]);
    });
  });
});

function rankOf(kind: MatchKind): number {
  return ['exact', 'prefix', 'substring', 'initials', 'fuzzy'].indexOf(kind);
}
