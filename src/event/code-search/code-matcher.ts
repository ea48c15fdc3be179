import { KIND_RANK, NO_MATCH } from '#src/event/code-search/code-search.types.js';
import { CharTable } from '#src/event/code-search/char-table.js';

// Path flags per query position: did the path start at the code's first character, and was
// every piece so far typed in full (a whole reading or the character itself)? Bit 1 and bit 4
// mark the same paths with some piece shortened.
const ANY_FULL = 2;
const START_FULL = 8;
const FULL_BITS = ANY_FULL | START_FULL;
// Query positions 0..length fit below the KNOWN bit of a 32-bit integer up to this length.
const MAX_MASK_LENGTH = 29;
const KNOWN = 1 << 30;
const NO_MASKS = new Int32Array(0);

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
  /** Per character, query position and kind (exact or edited): KNOWN | ends bits, 0 unknown. */
  // Always a typed array (empty until the typo search first needs it), so that every matcher has
  // the same hidden class: the index keeps one alive, and with it the optimised code.
  private stepMasks = NO_MASKS;
  private readonly stepEnds: Uint8Array;

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
    this.stepEnds = new Uint8Array(this.length + 1);
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
    return this.length <= MAX_MASK_LENGTH
      ? this.matchesWithTypoInMasks(chars, start, count)
      : this.matchesWithTypoInArrays(chars, start, count);
  }

  // The walk of matchesWithTypoInArrays with the reached positions as the bits of an integer and
  // each character's steps looked up: the typo search runs it on hundreds of codes a query.
  private matchesWithTypoInMasks(chars: Int32Array, start: number, count: number): boolean {
    const queryEnd = 1 << this.length;
    let clean = 0;
    let typo = 0;
    for (let j = 0; j < count; j++) {
      const charId = chars[start + j];
      let nextClean = 0;
      let nextTypo = 0;
      for (let rest = clean | 1; rest !== 0; rest &= rest - 1) {
        const p = lowestBit(rest);
        nextClean |= this.stepMask(charId, p, false);
        nextTypo |= this.stepMask(charId, p, true);
      }
      for (let rest = typo; rest !== 0; rest &= rest - 1) {
        nextTypo |= this.stepMask(charId, lowestBit(rest), false);
      }
      if (((nextClean | nextTypo) & queryEnd) !== 0) {
        return true;
      }
      clean = nextClean;
      typo = nextTypo;
    }

    return false;
  }

  /** Where the character takes a match from query position p, as bits; worked out once. */
  private stepMask(charId: number, p: number, edited: boolean): number {
    const slot = ((charId * (this.length + 1) + p) << 1) | (edited ? 1 : 0);
    if (this.stepMasks.length === 0) {
      this.stepMasks = new Int32Array(this.table.unit.length * (this.length + 1) * 2);
    }
    let mask = this.stepMasks[slot];
    if (mask === 0) {
      const ends = this.stepEnds;
      ends.fill(0);
      this.markSteps(charId, p, edited, ends);
      mask = KNOWN;
      for (let end = 0; end <= this.length; end++) {
        mask |= ends[end] << end;
      }
      this.stepMasks[slot] = mask;
    }

    return mask ^ KNOWN;
  }

  // Per character, reached positions (current) and those reached with the one edit spent
  // (currentTypo) lead to the next ones; reaching the query's end is a match.
  private matchesWithTypoInArrays(chars: Int32Array, start: number, count: number): boolean {
    const end = this.length;
    this.current.fill(0);
    this.currentTypo.fill(0);
    for (let j = 0; j < count; j++) {
      this.current[0] = 1;
      this.next.fill(0);
      this.nextTypo.fill(0);
      const charId = chars[start + j];
      for (let p = 0; p <= end; p++) {
        if (p < end && this.current[p] !== 0) {
          this.markSteps(charId, p, false, this.next);
          this.markSteps(charId, p, true, this.nextTypo);
        }
        if (this.currentTypo[p] !== 0) {
          this.markSteps(charId, p, false, this.nextTypo);
        }
      }
      if (this.next[end] !== 0 || this.nextTypo[end] !== 0) {
        return true;
      }
      [this.current, this.next] = [this.next, this.current];
      [this.currentTypo, this.nextTypo] = [this.nextTypo, this.currentTypo];
    }

    return false;
  }

  /**
   * Marks every end of a piece of the character's that starts at query position p: error-free
   * pieces, or (edited) pieces with exactly one wrong, missing or extra letter.
   */
  private markSteps(charId: number, p: number, edited: boolean, marks: Uint8Array): void {
    for (const text of this.alternativesOf(charId)) {
      const common = this.commonPrefix(text, 0, p);
      if (!edited) {
        for (let taken = 1; taken <= common; taken++) {
          marks[p + taken] = 1;
        }
        continue;
      }
      for (let at = 0; at <= common; at++) {
        const q = p + at;
        // A wrong letter: text[at] typed as query[q].
        if (at < text.length && q < this.length) {
          this.markAfterEdit(text, at + 1, q + 1, at + 1, marks);
        }
        // An extra letter: query[q] is not in the code.
        if (q < this.length) {
          this.markAfterEdit(text, at, q + 1, at, marks);
        }
        // A missing letter: text[at] was not typed.
        if (at < text.length) {
          this.markAfterEdit(text, at + 1, q, at + 1, marks);
        }
      }
    }
  }

  private markAfterEdit(
    text: string,
    from: number,
    q: number,
    takenBefore: number,
    marks: Uint8Array,
  ): void {
    const common = this.commonPrefix(text, from, q);
    for (let more = 0; more <= common; more++) {
      // A character takes at least one letter of its reading.
      if (takenBefore + more > 0) {
        marks[q + more] = 1;
      }
    }
  }

  private alternativesOf(charId: number): readonly string[] {
    const readings = this.table.readings[charId];

    return readings.length > 0 ? readings : [String.fromCharCode(this.table.unit[charId])];
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

function lowestBit(mask: number): number {
  return 31 - Math.clz32(mask & -mask);
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
