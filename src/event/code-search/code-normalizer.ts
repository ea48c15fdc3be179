// Both sides are normalised exactly as pinyin-match does (lower case, accents stripped through
// NFD), so that everything it finds we find too; whitespace is dropped on both sides.
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const WHITESPACE = /\s+/g;
const V_SYLLABLES = ['lü', 'lüe', 'nü', 'nüe'];

export const LETTER_A = 97;
export const LETTER_Z = 122;

export function isLetter(unit: number): boolean {
  return unit >= LETTER_A && unit <= LETTER_Z;
}

export function normalizeCode(code: string): string {
  return code.toLowerCase().normalize('NFD').replace(COMBINING_MARKS, '').replace(WHITESPACE, '');
}

export function normalizeQuery(query: string): string {
  let key = query.replace(WHITESPACE, '').toLowerCase();
  // pinyin-match types lü/nü as lv/nv (only the first occurrence); every other ü loses its dots.
  if (V_SYLLABLES.some((syllable) => key.includes(syllable))) {
    key = key.replace('ü', 'v');
  }

  return key.normalize('NFD').replace(COMBINING_MARKS, '');
}

export function isAllLetters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (!isLetter(text.charCodeAt(i))) {
      return false;
    }
  }

  return true;
}
