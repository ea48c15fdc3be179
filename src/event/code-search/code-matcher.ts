import { KIND_RANK, NO_MATCH } from '#src/event/code-search/code-search.types.js';
import { CharTable } from '#src/event/code-search/char-table.js';

// Path flags per query position: did the path start at the code's first character, and was
// every piece so far typed in full (a whole reading or the character itself)? Bit 1 and bit 4
// mark the same paths with some piece shortened.
const ANY_FULL = 2;
const START_FULL = 8;
const FULL_BITS = ANY_FULL | START_FULL;

/**
 * Decides how one query matches one code. A match is a run of consecutive characters of the
 * code, each consuming the next piece of the query: the character itself, or a non-empty
 * prefix of one of its readings. This accepts everything pinyin-match does (full readings with
 * a partial last one, one initial per character, the literal text) plus any mix of them.
 */
export class QueryMatcher {
  readonly length: number;
  private readonly units: Int32Array;
  private current: Uint8Array;
  private next: Uint8Array;
  private currentTypo: Uint8Array;
  private nextTypo: Uint8Array;

  constructor(
    readonly query: string,
    private readonly table: CharTable,
  ) {
    this.length = query.length;
    this.units = Int32Array.from(query, (_char, i) => query.charCodeAt(i));
    this.current = new Uint8Array(this.length + 1);
    this.next = new Uint8Array(this.length + 1);
    this.currentTypo = new Uint8Array(this.length + 1);
    this.nextTypo = new Uint8Array(this.length + 1);
  }

  /** The best kind rank (exact … initials) of the code's characters, or NO_MATCH. */
  bestRank(chars: Int32Array, start: number, count: number): number {
    let best = NO_MATCH;
    this.current.fill(0);
    for (let j = 0; j < count; j++) {
      this.current[0] |= j === 0 ? START_FULL : ANY_FULL;
      this.next.fill(0);
      const found = this.advance(chars[start + j], j === count - 1);
      if (found !== NO_MATCH && (best === NO_MATCH || found < best)) {
        best = found;
        if (best === KIND_RANK.exact) {
          return best;
        }
      }
      [this.current, this.next] = [this.next, this.current];
    }

    return best;
  }

  /** Whether the query matches with one wrong, missing or extra letter. */
  matchesWithTypo(chars: Int32Array, start: number, count: number): boolean {
    this.current.fill(0);
    this.currentTypo.fill(0);
    for (let j = 0; j < count; j++) {
      this.current[0] = 1;
      this.next.fill(0);
      this.nextTypo.fill(0);
      if (this.advanceWithTypo(chars[start + j])) {
        return true;
      }
      [this.current, this.next] = [this.next, this.current];
      [this.currentTypo, this.nextTypo] = [this.nextTypo, this.currentTypo];
    }

    return false;
  }

  private advance(charId: number, isLastChar: boolean): number {
    const literal = this.table.unit[charId];
    const readings = this.table.readings[charId];
    let best = NO_MATCH;
    for (let p = 0; p < this.length; p++) {
      const flags = this.current[p];
      if (flags === 0) {
        continue;
      }
      if (this.units[p] === literal) {
        best = better(best, this.consume(flags, p + 1, true, isLastChar));
      }
      for (const reading of readings) {
        const common = this.commonPrefix(reading, 0, p);
        for (let taken = 1; taken <= common; taken++) {
          const full = taken === reading.length;
          best = better(best, this.consume(flags, p + taken, full, isLastChar));
        }
      }
    }

    return best;
  }

  private consume(flags: number, end: number, full: boolean, isLastChar: boolean): number {
    if (end === this.length) {
      return rankOf(flags, full && isLastChar);
    }
    this.next[end] |= full ? flags : shorten(flags);

    return NO_MATCH;
  }

  private advanceWithTypo(charId: number): boolean {
    const alternatives = this.alternativesOf(charId);
    for (let p = 0; p <= this.length; p++) {
      const clean = p < this.length && this.current[p] !== 0;
      const typo = this.currentTypo[p] !== 0;
      if (!clean && !typo) {
        continue;
      }
      for (const text of alternatives) {
        if (typo && this.exactPieces(text, p, this.nextTypo)) {
          return true;
        }
        if (clean && (this.exactPieces(text, p, this.next) || this.piecesWithOneEdit(text, p))) {
          return true;
        }
      }
    }

    return false;
  }

  private alternativesOf(charId: number): readonly string[] {
    const readings = this.table.readings[charId];

    return readings.length > 0 ? readings : [String.fromCharCode(this.table.unit[charId])];
  }

  /** Marks every end of an error-free piece of `text` from p; true when one ends the query. */
  private exactPieces(text: string, p: number, marks: Uint8Array): boolean {
    const common = this.commonPrefix(text, 0, p);
    for (let taken = 1; taken <= common; taken++) {
      if (p + taken === this.length) {
        return true;
      }
      marks[p + taken] = 1;
    }

    return false;
  }

  /** Marks every end of a piece of `text` from p that needs exactly one edit. */
  private piecesWithOneEdit(text: string, p: number): boolean {
    const common = this.commonPrefix(text, 0, p);
    for (let at = 0; at <= common; at++) {
      const q = p + at;
      // A wrong letter: text[at] typed as query[q].
      if (at < text.length && q < this.length && this.markAfterEdit(text, at + 1, q + 1, at + 1)) {
        return true;
      }
      // An extra letter: query[q] is not in the code.
      if (q < this.length && this.markAfterEdit(text, at, q + 1, at)) {
        return true;
      }
      // A missing letter: text[at] was not typed.
      if (at < text.length && this.markAfterEdit(text, at + 1, q, at + 1)) {
        return true;
      }
    }

    return false;
  }

  private markAfterEdit(text: string, from: number, q: number, takenBefore: number): boolean {
    const common = this.commonPrefix(text, from, q);
    for (let more = 0; more <= common; more++) {
      if (takenBefore + more === 0) {
        continue;
      }
      const end = q + more;
      if (end === this.length) {
        return true;
      }
      this.nextTypo[end] = 1;
    }

    return false;
  }

  private commonPrefix(text: string, from: number, p: number): number {
    let n = 0;
    while (
      from + n < text.length &&
      p + n < this.length &&
      text.charCodeAt(from + n) === this.units[p + n]
    ) {
      n++;
    }

    return n;
  }
}

function shorten(flags: number): number {
  return (flags & ~FULL_BITS) | ((flags & FULL_BITS) >> 1);
}

function rankOf(flags: number, wholeCodeInFull: boolean): number {
  if (flags & START_FULL) {
    return wholeCodeInFull ? KIND_RANK.exact : KIND_RANK.prefix;
  }
  if (flags & ANY_FULL) {
    return KIND_RANK.substring;
  }

  return KIND_RANK.initials;
}

function better(best: number, found: number): number {
  if (found === NO_MATCH) {
    return best;
  }

  return best === NO_MATCH || found < best ? found : best;
}
