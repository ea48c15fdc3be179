import { isLetter, LETTER_A } from '#src/event/code-search/code-normalizer.js';
import { CharTable } from '#src/event/code-search/char-table.js';

const LETTERS = 26;
const ALT_KEY = 65536;
const UNIT_KEY = 65536;
// Above this many reading pairs a two-piece query falls back to the pair of first letters.
const MAX_PAIR_LOOKUPS = 48;
const PIECES_PER_KEY = 3;

export type PostingList = readonly number[];

/**
 * Inverted lists from features of consecutive characters to the internal ids of the codes that
 * have them. Every list only grows; the index skips ids of removed codes.
 */
export class CodePostings {
  /** Alternative id → codes with a character that has it. */
  private readonly byAlt: number[][] = [];
  /** Two adjacent characters' alternatives → codes. */
  private readonly byAltPair = new Map<number, number[]>();
  /** First letters of two or three adjacent characters → codes. */
  private readonly byHeads2: number[][] = [];
  private readonly byHeads3: number[][] = [];
  /** Non-letter unit (Han, digit, symbol), or two adjacent ones → codes. */
  private readonly byUnit = new Map<number, number[]>();
  private readonly byUnitPair = new Map<number, number[]>();

  constructor(private readonly table: CharTable) {}

  add(id: number, chars: Int32Array, start: number, count: number): void {
    const { altIds, unit } = this.table;
    for (let j = 0; j < count; j++) {
      const char = chars[start + j];
      for (const alt of altIds[char]) {
        append(listAt(this.byAlt, alt), id);
      }
      if (!isLetter(unit[char])) {
        append(listIn(this.byUnit, unit[char]), id);
      }
      if (j === 0) {
        continue;
      }
      const previous = chars[start + j - 1];
      this.addPairs(id, previous, char);
      if (j >= 2) {
        this.addHeadTriples(id, chars[start + j - 2], previous, char);
      }
    }
  }

  /** Lists whose union holds every code a letters-only query can match. */
  planLetters(query: string, into: Set<PostingList>): void {
    const finishable = this.finishable(query);
    if (finishable[0]) {
      this.walkForward(query, finishable, into, 0, '', []);
    }
  }

  /**
   * Lists whose union holds every code matching `query` with its `suffix` typed without error
   * but the piece the suffix starts in perhaps begun before it.
   */
  planSuffix(suffix: string, into: Set<PostingList>): void {
    this.walkBackward(suffix, into, suffix.length, []);
  }

  /** The shortest list every match of a query with non-letters must be in (undefined: none). */
  planLiteral(query: string): PostingList {
    let best: PostingList | undefined;
    for (let i = 0; i < query.length; i++) {
      const unit = query.charCodeAt(i);
      if (isLetter(unit)) {
        continue;
      }
      const nextUnit = query.charCodeAt(i + 1);
      const hasPair = i + 1 < query.length && !isLetter(nextUnit);
      const list = hasPair
        ? this.byUnitPair.get(unit * UNIT_KEY + nextUnit)
        : this.byUnit.get(unit);
      if (!list) {
        return [];
      }
      if (!best || list.length < best.length) {
        best = list;
      }
    }

    return best ?? [];
  }

  private addPairs(id: number, left: number, right: number): void {
    const { altIds, heads, unit } = this.table;
    for (const a of altIds[left]) {
      for (const b of altIds[right]) {
        append(listIn(this.byAltPair, a * ALT_KEY + b), id);
      }
    }
    for (const a of heads[left]) {
      for (const b of heads[right]) {
        append(listAt(this.byHeads2, a * LETTERS + b), id);
      }
    }
    if (!isLetter(unit[left]) && !isLetter(unit[right])) {
      append(listIn(this.byUnitPair, unit[left] * UNIT_KEY + unit[right]), id);
    }
  }

  private addHeadTriples(id: number, first: number, second: number, third: number): void {
    const { heads } = this.table;
    for (const a of heads[first]) {
      for (const b of heads[second]) {
        for (const c of heads[third]) {
          append(listAt(this.byHeads3, (a * LETTERS + b) * LETTERS + c), id);
        }
      }
    }
  }

  /** finishable[p]: query[p..] splits into pieces that each start some alternative. */
  private finishable(query: string): boolean[] {
    const finishable = new Array<boolean>(query.length + 1).fill(false);
    finishable[query.length] = true;
    for (let p = query.length - 1; p >= 0; p--) {
      for (let end = p + 1; end <= query.length && end - p <= this.table.maxAltLength; end++) {
        if (!this.table.isAltPrefix(query.slice(p, end))) {
          break;
        }
        if (finishable[end]) {
          finishable[p] = true;
          break;
        }
      }
    }

    return finishable;
  }

  // Keys come from the first three pieces of each way to split the query: a match must start
  // with three characters having those first letters (or, for shorter splits, those readings).
  private walkForward(
    query: string,
    finishable: boolean[],
    into: Set<PostingList>,
    p: number,
    firstPiece: string,
    headsSoFar: number[],
  ): void {
    if (headsSoFar.length === PIECES_PER_KEY - 1) {
      this.addHeads([...headsSoFar, headAt(query, p)], into);

      return;
    }
    for (let end = p + 1; end <= query.length && end - p <= this.table.maxAltLength; end++) {
      const piece = query.slice(p, end);
      if (!this.table.isAltPrefix(piece)) {
        break;
      }
      if (!finishable[end]) {
        continue;
      }
      const heads = [...headsSoFar, headAt(query, p)];
      if (end < query.length) {
        this.walkForward(query, finishable, into, end, firstPiece || piece, heads);
      } else {
        this.addPieces(firstPiece ? [firstPiece, piece] : [piece], into);
      }
    }
  }

  private walkBackward(
    suffix: string,
    into: Set<PostingList>,
    end: number,
    piecesFromEnd: string[],
  ): void {
    const pieces = [...piecesFromEnd].reverse();
    if (pieces.length === PIECES_PER_KEY) {
      this.addHeads(
        pieces.map((piece) => headAt(piece, 0)),
        into,
      );

      return;
    }
    const rest = suffix.slice(0, end);
    const restIsTail = rest === '' || this.table.altsWithInfix(rest).length > 0;
    if (restIsTail && pieces.length > 0) {
      this.addPieces(pieces, into);
    } else if (restIsTail && rest !== '') {
      this.addAlts(this.table.altsWithInfix(rest), into);
    }
    for (let start = end - 1; start >= 0 && end - start <= this.table.maxAltLength; start--) {
      const piece = suffix.slice(start, end);
      if (this.table.isAltPrefix(piece)) {
        this.walkBackward(suffix, into, start, [...piecesFromEnd, piece]);
      }
    }
  }

  private addPieces(pieces: readonly string[], into: Set<PostingList>): void {
    const first = this.table.altsWithPrefix(pieces[0]);
    if (pieces.length === 1) {
      this.addAlts(first, into);

      return;
    }
    const second = this.table.altsWithPrefix(pieces[1]);
    if (first.length * second.length > MAX_PAIR_LOOKUPS) {
      this.addHeads([headAt(pieces[0], 0), headAt(pieces[1], 0)], into);

      return;
    }
    for (const a of first) {
      for (const b of second) {
        addIfAny(into, this.byAltPair.get(a * ALT_KEY + b));
      }
    }
  }

  private addAlts(alts: readonly number[], into: Set<PostingList>): void {
    for (const alt of alts) {
      addIfAny(into, this.byAlt[alt]);
    }
  }

  private addHeads(heads: readonly number[], into: Set<PostingList>): void {
    const key = heads.reduce((sum, head) => sum * LETTERS + head, 0);
    addIfAny(into, heads.length === 2 ? this.byHeads2[key] : this.byHeads3[key]);
  }
}

function headAt(text: string, at: number): number {
  return text.charCodeAt(at) - LETTER_A;
}

function append(list: number[], id: number): void {
  // A code's ids arrive together, so a repeat is always the last element.
  if (list[list.length - 1] !== id) {
    list.push(id);
  }
}

function listAt(lists: number[][], key: number): number[] {
  lists[key] ??= [];

  return lists[key];
}

function listIn(lists: Map<number, number[]>, key: number): number[] {
  let list = lists.get(key);
  if (!list) {
    list = [];
    lists.set(key, list);
  }

  return list;
}

function addIfAny(into: Set<PostingList>, list: PostingList | undefined): void {
  if (list && list.length > 0) {
    into.add(list);
  }
}
