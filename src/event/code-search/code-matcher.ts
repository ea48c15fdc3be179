import { KIND_RANK, NO_MATCH } from '#src/event/code-search/code-search.types.js';
import { CharTable } from '#src/event/code-search/char-table.js';

// Path flags per query position: did the path start at the code's first character, and was
// every piece so far typed in full (a whole reading or the character itself)? Bit 1 and bit 4
// mark the same paths with some piece shortened.
const ANY_FULL = 2;
const START_FULL = 8;
const FULL_BITS = ANY_FULL | START_FULL;
// Query positions 0..length fit the bits of a 32-bit integer up to this length.
const MAX_MASK_LENGTH = 30;

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
  private readonly typoSteps: (CharSteps | undefined)[] = [];

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
    return this.length <= MAX_MASK_LENGTH
      ? this.matchesWithTypoInMasks(chars, start, count)
      : this.matchesWithTypoInArrays(chars, start, count);
  }

  // The same walk as matchesWithTypoInArrays with the reached positions as bits of an integer:
  // several times faster, and the typo search runs it on hundreds of codes per query.
  private matchesWithTypoInMasks(chars: Int32Array, start: number, count: number): boolean {
    const queryEnd = 1 << this.length;
    let clean = 0;
    let typo = 0;
    for (let j = 0; j < count; j++) {
      const steps = this.stepsOf(chars[start + j]);
      let nextClean = 0;
      let nextTypo = 0;
      for (let rest = clean | 1; rest !== 0; rest &= rest - 1) {
        const p = lowestBit(rest);
        nextClean |= steps.exactMask(p);
        nextTypo |= steps.editedMask(p);
      }
      for (let rest = typo; rest !== 0; rest &= rest - 1) {
        nextTypo |= steps.exactMask(lowestBit(rest));
      }
      if (((nextClean | nextTypo) & queryEnd) !== 0) {
        return true;
      }
      clean = nextClean;
      typo = nextTypo;
    }

    return false;
  }

  private matchesWithTypoInArrays(chars: Int32Array, start: number, count: number): boolean {
    const end = this.length;
    let current = this.current;
    let next = this.next;
    let currentTypo = this.currentTypo;
    let nextTypo = this.nextTypo;
    // A loop, not fill(): a builtin call per array costs more than the whole check of a code.
    for (let p = 0; p <= end; p++) {
      current[p] = 0;
      next[p] = 0;
      currentTypo[p] = 0;
      nextTypo[p] = 0;
    }
    for (let j = 0; j < count; j++) {
      current[0] = 1;
      const steps = this.stepsOf(chars[start + j]);
      for (let p = 0; p <= end; p++) {
        if (p < end && current[p] !== 0) {
          if (mark(steps.exactEnds(p), end, next) || mark(steps.editedEnds(p), end, nextTypo)) {
            return true;
          }
        }
        if (currentTypo[p] !== 0 && mark(steps.exactEnds(p), end, nextTypo)) {
          return true;
        }
        // Position p is read for the last time: clear it for reuse as the next step's target.
        current[p] = 0;
        currentTypo[p] = 0;
      }
      [current, next] = [next, current];
      [currentTypo, nextTypo] = [nextTypo, currentTypo];
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

  // The typo search checks hundreds of codes drawn from a few hundred characters: each
  // character's steps from each query position are worked out once per query.
  private stepsOf(charId: number): CharSteps {
    let steps = this.typoSteps[charId];
    if (!steps) {
      steps = new CharSteps(this.alternativesOf(charId), this.length, (text, from, p) =>
        this.commonPrefix(text, from, p),
      );
      this.typoSteps[charId] = steps;
    }

    return steps;
  }

  private alternativesOf(charId: number): readonly string[] {
    const readings = this.table.readings[charId];

    return readings.length > 0 ? readings : [String.fromCharCode(this.table.unit[charId])];
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

type CommonPrefix = (text: string, from: number, p: number) => number;

/**
 * Where one character can take a match from query position p: the ends of its error-free
 * pieces, and of its pieces with exactly one wrong, missing or extra letter (the query's length
 * marks a match), each list computed on first use.
 */
class CharSteps {
  private readonly exact: (number[] | undefined)[] = [];
  private readonly edited: (number[] | undefined)[] = [];
  private readonly exactMasks: Int32Array;
  private readonly editedMasks: Int32Array;

  constructor(
    private readonly alternatives: readonly string[],
    private readonly length: number,
    private readonly commonPrefix: CommonPrefix,
  ) {
    // -1: not worked out yet (a mask of positions up to MAX_MASK_LENGTH is never negative).
    const size = length <= MAX_MASK_LENGTH ? length + 1 : 0;
    this.exactMasks = new Int32Array(size).fill(-1);
    this.editedMasks = new Int32Array(size).fill(-1);
  }

  exactMask(p: number): number {
    if (this.exactMasks[p] < 0) {
      this.exactMasks[p] = maskOf(this.exactEnds(p));
    }

    return this.exactMasks[p];
  }

  editedMask(p: number): number {
    if (this.editedMasks[p] < 0) {
      this.editedMasks[p] = maskOf(this.editedEnds(p));
    }

    return this.editedMasks[p];
  }

  exactEnds(p: number): readonly number[] {
    let ends = this.exact[p];
    if (!ends) {
      ends = [];
      for (const text of this.alternatives) {
        const common = this.commonPrefix(text, 0, p);
        for (let taken = 1; taken <= common; taken++) {
          addEnd(ends, p + taken);
        }
      }
      this.exact[p] = ends;
    }

    return ends;
  }

  editedEnds(p: number): readonly number[] {
    let ends = this.edited[p];
    if (!ends) {
      ends = [];
      for (const text of this.alternatives) {
        this.addEdited(text, p, ends);
      }
      this.edited[p] = ends;
    }

    return ends;
  }

  private addEdited(text: string, p: number, ends: number[]): void {
    const common = this.commonPrefix(text, 0, p);
    for (let at = 0; at <= common; at++) {
      const q = p + at;
      // A wrong letter: text[at] typed as query[q].
      if (at < text.length && q < this.length) {
        this.addAfterEdit(text, at + 1, q + 1, at + 1, ends);
      }
      // An extra letter: query[q] is not in the code.
      if (q < this.length) {
        this.addAfterEdit(text, at, q + 1, at, ends);
      }
      // A missing letter: text[at] was not typed.
      if (at < text.length) {
        this.addAfterEdit(text, at + 1, q, at + 1, ends);
      }
    }
  }

  private addAfterEdit(
    text: string,
    from: number,
    q: number,
    takenBefore: number,
    ends: number[],
  ): void {
    const common = this.commonPrefix(text, from, q);
    for (let more = 0; more <= common; more++) {
      // A character takes at least one letter of its reading.
      if (takenBefore + more > 0) {
        addEnd(ends, q + more);
      }
    }
  }
}

function maskOf(ends: readonly number[]): number {
  let mask = 0;
  for (const end of ends) {
    mask |= 1 << end;
  }

  return mask;
}

function lowestBit(mask: number): number {
  return 31 - Math.clz32(mask & -mask);
}

function addEnd(ends: number[], end: number): void {
  if (!ends.includes(end)) {
    ends.push(end);
  }
}

/** Marks the ends as reached; true when one is the end of the query. */
function mark(ends: readonly number[], queryEnd: number, marks: Uint8Array): boolean {
  for (const end of ends) {
    if (end === queryEnd) {
      return true;
    }
    marks[end] = 1;
  }

  return false;
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
