import { pinyin } from 'pinyin-pro';

// Readings pinyin-match's dictionary lists and pinyin-pro 3.29 does not; without them a query
// pinyin-match answers (e.g. `congzong` for 从众's old reading) would find nothing here.
const EXTRA_READINGS: Readonly<Record<string, readonly string[]>> = {
  呵: ['ke'],
  呙: ['wa', 'gua'],
  汩: ['yu'],
  伯: ['ba'],
  副: ['pi'],
  庳: ['bei'],
  臧: ['cang'],
  肜: ['chen'],
  粢: ['ci'],
  从: ['zong'],
  隶: ['dai'],
  栝: ['tian'],
  宁: ['zhu'],
  酿: ['nian'],
  睢: ['hui'],
  嗯: ['n'],
  佝: ['kou'],
  菀: ['yun'],
  呐: ['ne'],
  眭: ['gui'],
  唛: ['ma'],
};

const PLAIN_READING = /^[a-zü]+$/;
const U_AS_V_INITIALS = /^[jqxy]/;

// pinyin-pro costs tens of microseconds a call, so each character is asked once per process.
const cache = new Map<string, readonly string[]>();

export function isHanUnit(unit: number): boolean {
  return (
    (unit >= 0x3400 && unit <= 0x4dbf) ||
    (unit >= 0x4e00 && unit <= 0x9fff) ||
    (unit >= 0xf900 && unit <= 0xfaff)
  );
}

/** Every toneless reading of one Han character, with the spellings people type for ü. */
export function readingsOf(char: string): readonly string[] {
  const cached = cache.get(char);
  if (cached) {
    return cached;
  }

  const raw = pinyin(char, { multiple: true, type: 'array', toneType: 'none' });
  const readings = new Set<string>();
  for (const reading of [...raw, ...(EXTRA_READINGS[char] ?? [])]) {
    addSpellings(readings, reading.toLowerCase());
  }

  const result = [...readings];
  cache.set(char, result);

  return result;
}

function addSpellings(readings: Set<string>, reading: string): void {
  if (!PLAIN_READING.test(reading)) {
    return;
  }

  if (reading.includes('ü')) {
    readings.add(reading.replace('ü', 'v'));
    readings.add(reading.replace('ü', 'u'));

    return;
  }

  readings.add(reading);
  // ju/qu/xu/yu are ü sounds: pinyin-match also accepts jv, qv, xv, yv.
  if (U_AS_V_INITIALS.test(reading) && reading.includes('u')) {
    readings.add(reading.replace('u', 'v'));
  }
}
