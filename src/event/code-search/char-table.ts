import { isLetter, LETTER_A } from '#src/event/code-search/code-normalizer.js';
import { isHanUnit, readingsOf } from '#src/event/code-search/char-readings.js';

/**
 * Interns the characters (UTF-16 units) of all codes and the letter strings each can be typed
 * as ("alternatives": its pinyin readings, or itself for a Latin letter), so that per-code data
 * is a list of small integers and every reading is looked up once.
 */
export class CharTable {
  /** Per char id: the unit itself. */
  readonly unit: number[] = [];
  /** Per char id: pinyin readings (empty for non-Han characters). */
  readonly readings: (readonly string[])[] = [];
  /** Per char id: ids of its letter alternatives (readings, or the letter itself). */
  readonly altIds: number[][] = [];
  /** Per char id: distinct first letters of its alternatives, as 0–25. */
  readonly heads: number[][] = [];
  /** Per char id: bit set of every letter in its alternatives. */
  readonly letterMask: number[] = [];

  /** Per alternative id: its text. */
  readonly altText: string[] = [];
  private readonly altIdByText = new Map<string, number>();
  /** Every prefix of every alternative → ids of the alternatives starting with it. */
  private readonly altsByPrefix = new Map<string, number[]>();
  /** Every substring not at position 0 of every alternative → ids of those alternatives. */
  private readonly altsByInfix = new Map<string, number[]>();
  private readonly charIdByUnit = new Map<number, number>();
  maxAltLength = 1;

  idOf(unit: number): number {
    const known = this.charIdByUnit.get(unit);
    if (known !== undefined) {
      return known;
    }

    const id = this.unit.length;
    const readings = isHanUnit(unit) ? readingsOf(String.fromCharCode(unit)) : [];
    const alternatives = isLetter(unit) ? [String.fromCharCode(unit)] : readings;
    const altIds = alternatives.map((text) => this.internAlt(text));
    this.unit.push(unit);
    this.readings.push(readings);
    this.altIds.push(altIds);
    this.heads.push([...new Set(alternatives.map((text) => text.charCodeAt(0) - LETTER_A))]);
    this.letterMask.push(alternatives.reduce((mask, text) => mask | lettersOf(text), 0));
    this.charIdByUnit.set(unit, id);

    return id;
  }

  isAlternative(text: string): boolean {
    return this.altIdByText.has(text);
  }

  isAltPrefix(text: string): boolean {
    return this.altsByPrefix.has(text);
  }

  altsWithPrefix(prefix: string): readonly number[] {
    return this.altsByPrefix.get(prefix) ?? [];
  }

  altsWithInfix(infix: string): readonly number[] {
    return this.altsByInfix.get(infix) ?? [];
  }

  private internAlt(text: string): number {
    const known = this.altIdByText.get(text);
    if (known !== undefined) {
      return known;
    }

    const id = this.altText.length;
    this.altText.push(text);
    this.altIdByText.set(text, id);
    this.maxAltLength = Math.max(this.maxAltLength, text.length);
    for (let end = 1; end <= text.length; end++) {
      pushTo(this.altsByPrefix, text.slice(0, end), id);
      for (let start = 1; start < end; start++) {
        pushTo(this.altsByInfix, text.slice(start, end), id);
      }
    }

    return id;
  }
}

export function lettersOf(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (isLetter(unit)) {
      mask |= 1 << (unit - LETTER_A);
    }
  }

  return mask;
}

function pushTo(map: Map<string, number[]>, key: string, id: number): void {
  const list = map.get(key);
  if (!list) {
    map.set(key, [id]);
  } else if (!list.includes(id)) {
    list.push(id);
  }
}
