import { isLetter, LETTER_A } from '#src/event/code-search/code-normalizer.js';
import { CharTable } from '#src/event/code-search/char-table.js';

const LETTERS = 26;
const ALT_KEY = 65536;
const UNIT_KEY = 65536;
// Above this many reading pairs a two-piece query falls back to the pair of first letters.
const MAX_PAIR_LOOKUPS = 48;
// Only typo candidates use keys with an infix, where a rarer key saves whole matcher runs.
const MAX_INFIX_PAIR_LOOKUPS = 256;
const PIECES_PER_KEY = 3;
const NO_LISTS: readonly PostingList[] = [];

export type PostingList = readonly number[];

/**
 * Per query: the lists behind each piece or pair of pieces, computed once. The typo search plans
 * every prefix and suffix of its query, which share most pieces, so it passes one to all plans.
 */
export class KeyCosts {
  private readonly known = new Map<string, readonly PostingList[] | undefined>();

  /**
   * Whether the first letters of two adjacent pieces may serve as a key. The typo search wants
   * them (every candidate costs a matcher run); the exact search does not, as a rarer key can
   * drop a short query's candidates under the scan threshold, so all get checked instead of
   * the first few in ranking order.
   */
  constructor(readonly headPairs = false) {}

  has(key: string): boolean {
    return this.known.has(key);
  }

  get(key: string): readonly PostingList[] | undefined {
    return this.known.get(key);
  }

  set(key: string, lists: readonly PostingList[] | undefined): readonly PostingList[] | undefined {
    this.known.set(key, lists);

    return lists;
  }
}

function sizeOf(lists: readonly PostingList[]): number {
  let size = 0;
  for (const list of lists) {
    size += list.length;
  }

  return size;
}

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
  /** Per key of byHeads2 / byHeads3: the list in an array of one, so plans allocate none. */
  private readonly heads2Lists: (readonly PostingList[])[] = [];
  private readonly heads3Lists: (readonly PostingList[])[] = [];
  /** First letters of a plan's pieces and the next one's, reused by every plan. */
  private readonly headScratch: number[] = [];
  private readonly pieceScratch: string[] = [];
  private readonly forwardPieces: string[] = [];

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
  planLetters(query: string, into: Set<PostingList>, keys = new KeyCosts()): void {
    const finishable = this.finishable(query);
    if (finishable[0]) {
      this.walkForward(query, finishable, into, keys, 0, this.pieceScratch);
    }
  }

  /**
   * Lists whose union holds every code matching `query` with its `suffix` typed without error
   * but the piece the suffix starts in perhaps begun before it.
   */
  planSuffix(suffix: string, into: Set<PostingList>, keys = new KeyCosts()): void {
    this.walkBackward(suffix, into, keys, suffix.length, this.pieceScratch);
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

  // Each way to split the query into pieces (up to three, plus the next one's first letter)
  // implies several keys every matching code has; the rarest one is used for that split.
  private walkForward(
    query: string,
    finishable: boolean[],
    into: Set<PostingList>,
    keys: KeyCosts,
    p: number,
    pieces: string[],
  ): void {
    if (pieces.length === PIECES_PER_KEY || p === query.length) {
      const nextHead = p < query.length ? headAt(query, p) : undefined;
      for (const list of this.rarestKey(pieces, nextHead, keys)) {
        into.add(list);
      }

      return;
    }
    for (let end = p + 1; end <= query.length && end - p <= this.table.maxAltLength; end++) {
      const piece = query.slice(p, end);
      if (!this.table.isAltPrefix(piece)) {
        break;
      }
      if (finishable[end]) {
        pieces.push(piece);
        this.walkForward(query, finishable, into, keys, end, pieces);
        pieces.pop();
      }
    }
  }

  private rarestKey(
    pieces: readonly string[],
    nextHead: number | undefined,
    keys: KeyCosts,
    extra?: readonly PostingList[],
  ): readonly PostingList[] {
    const heads = this.headScratch;
    heads.length = 0;
    for (const piece of pieces) {
      heads.push(headAt(piece, 0));
    }
    if (nextHead !== undefined) {
      heads.push(nextHead);
    }
    // The first of the smallest wins: extra, then each piece and pair, then first letters.
    let best: readonly PostingList[] = extra ?? NO_LISTS;
    let bestSize = extra ? sizeOf(extra) : Infinity;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      const alts = keys.has(piece)
        ? keys.get(piece)
        : keys.set(piece, this.altLists(this.table.altsWithPrefix(piece)));
      if (alts && sizeOf(alts) < bestSize) {
        best = alts;
        bestSize = sizeOf(alts);
      }
      if (i + 1 < pieces.length) {
        const pairKey = `${piece} ${pieces[i + 1]}`;
        const pair = keys.has(pairKey)
          ? keys.get(pairKey)
          : keys.set(pairKey, this.pairLists(piece, pieces[i + 1]));
        if (pair && sizeOf(pair) < bestSize) {
          best = pair;
          bestSize = sizeOf(pair);
        }
      }
    }
    for (let width = keys.headPairs ? 2 : PIECES_PER_KEY; width <= PIECES_PER_KEY; width++) {
      for (let i = 0; i + width <= heads.length; i++) {
        const lists = this.headLists(heads, i, width);
        if (sizeOf(lists) < bestSize) {
          best = lists;
          bestSize = sizeOf(lists);
        }
      }
    }

    return best;
  }

  private altLists(alts: readonly number[]): PostingList[] {
    const lists: PostingList[] = [];
    for (const alt of alts) {
      const list = this.byAlt[alt];
      if (list) {
        lists.push(list);
      }
    }

    return lists;
  }

  // Too many reading pairs cost more lookups than they save: undefined marks them unusable.
  private pairLists(first: string, second: string): readonly PostingList[] | undefined {
    const left = this.table.altsWithPrefix(first);
    const right = this.table.altsWithPrefix(second);
    if (left.length * right.length > MAX_PAIR_LOOKUPS) {
      return undefined;
    }

    return this.pairListsOf(left, right);
  }

  private pairListsOf(left: readonly number[], right: readonly number[]): PostingList[] {
    const lists: PostingList[] = [];
    for (const a of left) {
      for (const b of right) {
        const list = this.byAltPair.get(a * ALT_KEY + b);
        if (list) {
          lists.push(list);
        }
      }
    }

    return lists;
  }

  // Like pairLists, with the first character's reading containing `infix` past its start.
  private infixPairLists(infix: string, second: string): readonly PostingList[] | undefined {
    const left = this.table.altsWithInfix(infix);
    const right = this.table.altsWithPrefix(second);
    if (left.length * right.length > MAX_INFIX_PAIR_LOOKUPS) {
      return undefined;
    }

    return this.pairListsOf(left, right);
  }

  private headLists(heads: readonly number[], from: number, width: number): readonly PostingList[] {
    let key = 0;
    for (let i = from; i < from + width; i++) {
      key = key * LETTERS + heads[i];
    }
    const list = width === 2 ? this.byHeads2[key] : this.byHeads3[key];
    const wrapped = width === 2 ? this.heads2Lists : this.heads3Lists;
    if (!list) {
      return NO_LISTS;
    }
    wrapped[key] ??= [list];

    return wrapped[key];
  }

  // piecesFromEnd is a stack shared down the walk: the pieces from the suffix's end backwards.
  private walkBackward(
    suffix: string,
    into: Set<PostingList>,
    keys: KeyCosts,
    end: number,
    piecesFromEnd: string[],
  ): void {
    const count = piecesFromEnd.length;
    const rest = suffix.slice(0, end);
    const restIsTail = rest === '' || this.table.altsWithInfix(rest).length > 0;
    if (count === PIECES_PER_KEY || (restIsTail && count > 0)) {
      const pieces = this.forwardPieces;
      pieces.length = 0;
      for (let i = count - 1; i >= 0; i--) {
        pieces.push(piecesFromEnd[i]);
      }
      // The rest ends what was typed for the character before the pieces: that pair is a key.
      let restPair: readonly PostingList[] | undefined;
      if (restIsTail && rest !== '') {
        const pairKey = `-${rest} ${pieces[0]}`;
        restPair = keys.has(pairKey)
          ? keys.get(pairKey)
          : keys.set(pairKey, this.infixPairLists(rest, pieces[0]));
      }
      for (const list of this.rarestKey(pieces, undefined, keys, restPair)) {
        into.add(list);
      }
    } else if (restIsTail && rest !== '') {
      this.addAlts(this.table.altsWithInfix(rest), into);
    }
    if (count === PIECES_PER_KEY) {
      return;
    }
    for (let start = end - 1; start >= 0 && end - start <= this.table.maxAltLength; start--) {
      const piece = suffix.slice(start, end);
      if (this.table.isAltPrefix(piece)) {
        piecesFromEnd.push(piece);
        this.walkBackward(suffix, into, keys, start, piecesFromEnd);
        piecesFromEnd.pop();
      }
    }
  }

  private addAlts(alts: readonly number[], into: Set<PostingList>): void {
    for (const alt of alts) {
      addIfAny(into, this.byAlt[alt]);
    }
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
