/** Generated event codes for the benchmarks: deterministic for a seed, shaped like real ones. */

// About 500 of the most common characters, polyphonic ones (行长重乐都调还和…) included.
export const COMMON_CHARS = [
  ...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过',
  ...'子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体',
  ...'制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内',
  ...'数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提',
  ...'直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计',
  ...'别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研队南给色光门即保治北造百规热领',
  ...'七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安',
  ...'场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群',
  ...'广石记需段界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办',
  ...'青省列习响约支般史感劳便团往酸历市克何除消构称太准精值号率族维划选标写存候毛亲快效斯院查江型',
  ...'眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞乐虎巡夜游湖',
  ...'跑球约露营咖啡读书朋友聚餐唱歌舞蹈爬徒步骑狼杀剧本密室桌绿女旅略居去语雨鱼曲句',
];

/** A small seeded PRNG (mulberry32): the same figures for the same seed on every run. */
export function mulberry32(seed: number): () => number {
  let state = seed;

  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct codes of 4–10 common characters, drawn from `random`. */
export function generateCodes(count: number, random: () => number): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    const length = 4 + Math.floor(random() * 7);
    let code = '';
    for (let i = 0; i < length; i++) {
      // Squaring skews picks towards the most common characters, as real codes are.
      code += COMMON_CHARS[Math.floor(random() ** 2 * COMMON_CHARS.length)];
    }
    codes.add(code);
  }

  return [...codes];
}
