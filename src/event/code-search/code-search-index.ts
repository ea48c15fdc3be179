import { CharTable, lettersOf } from '#src/event/code-search/char-table.js';
import { QueryMatcher } from '#src/event/code-search/code-matcher.js';
import {
  isAllLetters,
  isLetter,
  LETTER_A,
  LETTER_Z,
  normalizeCode,
  normalizeQuery,
} from '#src/event/code-search/code-normalizer.js';
import { CodePostings, KeyCosts, PostingList } from '#src/event/code-search/code-postings.js';
import {
  CodeMeta,
  CodeSearchResult,
  KIND_RANK,
  MATCH_KINDS,
  NO_MATCH,
  scoreOf,
} from '#src/event/code-search/code-search.types.js';
import { TimeOrder } from '#src/event/code-search/time-order.js';

export interface CodeSearchOptions {
  /** The clock deciding which events are upcoming; tests pin it. */
  now?: () => number;
}

interface Hit {
  id: number;
  rank: number;
}

// No code of 32 characters spells out longer than this, so a longer query cannot match.
const MAX_QUERY_LENGTH = 256;
const MIN_TYPO_QUERY_LENGTH = 4;
// Above this many candidate entries, candidates are checked in ranking order until the top is
// certain instead of all being checked and sorted.
const SCAN_THRESHOLD = 4000;
// Limitation: a typo query whose candidates are this many or more (short queries) is checked
// only against its soonest candidates, because checking all would take milliseconds.
const MAX_TYPO_CHECKS = 3000;
// Marking a list entry costs a few nanoseconds, checking a typo candidate about a microsecond:
// a side of typo candidates this small, or this many times smaller than the other side, is
// checked as it is rather than intersected with the other.
const SMALL_SIDE = 256;
// Three pieces of the longest readings (6 letters): cutting a typo side there keeps its keys.
const MAX_TYPO_SIDE = 18;
const MAX_SIDE_RATIO = 16;
const COMPACT_MIN_DEAD = 1024;
// Enough searches of each kind for the optimising compiler to take up every path.
const WARM_UP_CODES = 16;
const WARM_UP_ROUNDS = 3;
const INITIAL_CAPACITY = 1024;

/**
 * In-memory search over event codes (番号) by Chinese text, full pinyin, initials or a mix, with
 * every reading of polyphonic characters and one typo tolerated. Ranked exact, prefix,
 * substring, initials, fuzzy; ties by start time, soonest upcoming first, past events last.
 */
export class CodeSearchIndex {
  private readonly table = new CharTable();
  private postings = new CodePostings(this.table);
  private readonly codeText: string[] = [];
  private readonly eventId: number[] = [];
  private readonly startsAt: number[] = [];
  private readonly charStart: number[] = [];
  private readonly charCount: number[] = [];
  private readonly letterMask: number[] = [];
  private chars = new Int32Array(INITIAL_CAPACITY * 8);
  private charsUsed = 0;
  private alive = new Uint8Array(INITIAL_CAPACITY);
  private seen = new Uint32Array(INITIAL_CAPACITY);
  private epoch = 0;
  /** Scratch ids of the typo search, reused by every query. */
  private ids = new Int32Array(INITIAL_CAPACITY * 8);
  private idsUsed = 0;
  private readonly idByCode = new Map<string, number>();
  /** Codes by normalised text, for texts without a letter: such a query matches them alone. */
  private readonly codesByLiteral = new Map<string, string[]>();
  private deadCount = 0;
  private readonly order: TimeOrder;
  private readonly now: () => number;
  // A full collection frees the hidden class of a kind of object no live object has, and with
  // it the optimised code of every function that handled one (V8 holds both weakly): keeping
  // the last query's objects alive keeps the search compiled between queries.
  private lastMatcher: QueryMatcher | undefined;
  private lastKeys: KeyCosts | undefined;
  private lastHits: Hit[] = [];

  constructor(options: CodeSearchOptions = {}) {
    this.now = options.now ?? Date.now;
    this.order = new TimeOrder(this.startsAt, this.eventId, (id) => this.alive[id] === 1);
  }

  get size(): number {
    return this.idByCode.size;
  }

  has(code: string): boolean {
    return this.idByCode.has(code);
  }

  /** Adds a code, or replaces the entry of the same code (e.g. when its start time changed). */
  add(code: string, meta: CodeMeta): void {
    this.remove(code);
    const normalized = normalizeCode(code);
    const id = this.codeText.length;
    this.reserve(id, normalized.length);
    const start = this.charsUsed;
    let mask = 0;
    for (let j = 0; j < normalized.length; j++) {
      const char = this.table.idOf(normalized.charCodeAt(j));
      this.chars[start + j] = char;
      mask |= this.table.letterMask[char];
    }

    this.charsUsed += normalized.length;
    this.codeText.push(code);
    this.eventId.push(meta.id);
    this.startsAt.push(meta.startsAt);
    this.charStart.push(start);
    this.charCount.push(normalized.length);
    this.letterMask.push(mask);
    this.alive[id] = 1;
    this.idByCode.set(code, id);
    if (!hasLetter(normalized)) {
      const same = this.codesByLiteral.get(normalized);
      if (same === undefined) {
        this.codesByLiteral.set(normalized, [code]);
      } else {
        same.push(code);
      }
    }
    this.postings.add(id, this.chars, start, normalized.length);
    this.order.add(id);
  }

  remove(code: string): boolean {
    const id = this.idByCode.get(code);
    if (id === undefined) {
      return false;
    }

    this.alive[id] = 0;
    this.idByCode.delete(code);
    const literal = normalizeCode(code);
    const same = this.codesByLiteral.get(literal)?.filter((other) => other !== code) ?? [];
    if (same.length === 0) {
      this.codesByLiteral.delete(literal);
    } else {
      this.codesByLiteral.set(literal, same);
    }
    this.deadCount++;
    if (this.deadCount >= COMPACT_MIN_DEAD && this.deadCount * 4 > this.codeText.length) {
      this.compact();
    }

    return true;
  }

  clear(): void {
    this.idByCode.clear();
    this.compact();
  }

  /**
   * Runs searches of every kind (full pinyin, initials, typos, one or two letters, Chinese text)
   * built from the indexed codes, so that the optimising compiler has compiled every search path
   * before the first real query rather than during one. Call once the codes are loaded, as a
   * server does at start-up; it takes a few hundred milliseconds on 100,000 codes.
   */
  warmUp(): void {
    const ids = [...this.idByCode.values()];
    const step = Math.max(1, Math.floor(ids.length / WARM_UP_CODES));
    for (let round = 0; round < WARM_UP_ROUNDS; round++) {
      // One letter matches thousands of codes: the walk in ranking order, as weak as it gets.
      for (let letter = LETTER_A; letter <= LETTER_Z; letter++) {
        this.search(String.fromCharCode(letter));
      }
      for (let i = round; i < ids.length; i += step) {
        for (const query of this.warmUpQueries(ids[i], round)) {
          this.search(query);
        }
      }
    }
  }

  search(query: string, limit = 10): CodeSearchResult[] {
    const wanted = Math.floor(limit);
    const normalized = normalizeQuery(query);
    if (!(wanted >= 1) || normalized === '' || normalized.length > MAX_QUERY_LENGTH) {
      return [];
    }

    if (wanted === 1) {
      const only = this.soleLiteralMatch(normalized);
      if (only !== undefined) {
        return [this.toResult({ id: only, rank: KIND_RANK.exact })];
      }
    }

    const now = this.now();
    const matcher = new QueryMatcher(normalized, this.table);
    const lettersOnly = isAllLetters(normalized);
    const hits = this.findMatches(matcher, lettersOnly, wanted, now);
    if (hits.length < wanted && lettersOnly && normalized.length >= MIN_TYPO_QUERY_LENGTH) {
      hits.push(...this.findTypos(matcher, new Set(hits.map((hit) => hit.id)), wanted, now));
    }
    this.lastMatcher = matcher;
    this.lastHits = hits;

    return hits.slice(0, wanted).map((hit) => this.toResult(hit));
  }

  /**
   * The best match of a query without a letter, when one code alone spells it exactly (the
   * usual `#code`): each of its characters can only match itself, so that code is the one exact
   * hit, and an exact hit ranks first. Undefined when the full search must decide.
   */
  private soleLiteralMatch(normalized: string): number | undefined {
    const same = this.codesByLiteral.get(normalized);

    return same?.length === 1 ? this.idByCode.get(same[0]) : undefined;
  }

  /** Queries a user could type for the code: readings, initials, a typo, a prefix, text. */
  private warmUpQueries(id: number, round: number): string[] {
    let full = '';
    let initials = '';
    for (let j = 0; j < this.charCount[id]; j++) {
      const char = this.chars[this.charStart[id] + j];
      const readings = this.table.readings[char];
      const text =
        readings.length > 0
          ? readings[round % readings.length]
          : String.fromCharCode(this.table.unit[char]);
      full += text;
      initials += text[0];
    }
    const middle = full.length >> 1;
    const code = this.codeText[id];

    return [
      full,
      full.slice(1 + (round % 3), 12),
      initials,
      full.slice(0, middle) + full.slice(middle + 1),
      full.slice(0, middle) + 'q' + full.slice(middle + 1),
      full.slice(0, 1 + (round % 2)),
      initials.slice(0, 2),
      code.slice(0, 2),
      code.slice(round % code.length, (round % code.length) + 1),
    ];
  }

  private findMatches(
    matcher: QueryMatcher,
    lettersOnly: boolean,
    wanted: number,
    now: number,
  ): Hit[] {
    const lists = new Set<PostingList>();
    if (lettersOnly) {
      this.lastKeys = new KeyCosts();
      this.postings.planLetters(matcher.query, lists, this.lastKeys);
    } else {
      lists.add(this.postings.planLiteral(matcher.query));
    }

    if (totalLength(lists) <= SCAN_THRESHOLD) {
      return this.checkAll(this.collect(lists), matcher, now);
    }

    return this.scanInOrder(lists, matcher, wanted, now);
  }

  // Broad queries (one or two letters) match thousands of codes: walk codes in tie-break order
  // and stop once the leading kinds hold `wanted` hits, since later codes can only rank lower.
  private scanInOrder(
    lists: Set<PostingList>,
    matcher: QueryMatcher,
    wanted: number,
    now: number,
  ): Hit[] {
    const short = this.mark(lists, matcher.length);
    const exact = this.checkAll(short, matcher, now).filter((hit) => hit.rank === KIND_RANK.exact);
    const byRank: Hit[][] = [exact, [], [], []];
    const strong = this.canMatchInFull(matcher.query);
    const queryMask = lettersOf(matcher.query);
    const ascending = this.order.ascendingIds();
    const firstUpcoming = this.order.firstUpcoming(now);
    const total = ascending.length;
    for (let rank = 0; rank < total && !settled(byRank, wanted, strong); rank++) {
      const id =
        rank < total - firstUpcoming
          ? ascending[firstUpcoming + rank]
          : ascending[total - 1 - rank];
      if (this.seen[id] !== this.epoch || this.alive[id] !== 1) {
        continue;
      }
      const found = this.matchRank(matcher, queryMask, id);
      if (found > KIND_RANK.exact && byRank[found].length < wanted) {
        byRank[found].push({ id, rank: found });
      }
    }

    return byRank.flat();
  }

  private findTypos(
    matcher: QueryMatcher,
    matched: Set<number>,
    wanted: number,
    now: number,
  ): Hit[] {
    const queryMask = lettersOf(matcher.query);
    const need = wanted - matched.size;
    const count = this.typoCandidates(matcher.query);
    // Sorted in ranking order, the first `need` candidates that match are the answer.
    this.order.sortInRankingOrder(this.ids, count, now);
    const maxChecks = count > SCAN_THRESHOLD ? MAX_TYPO_CHECKS : count;
    const hits: Hit[] = [];
    for (let i = 0; i < count && i < maxChecks && hits.length < need; i++) {
      const id = this.ids[i];
      if (
        !matched.has(id) &&
        bitCount(queryMask & ~this.letterMask[id]) <= 1 &&
        matcher.matchesWithTypo(this.chars, this.charStart[id], this.charCount[id])
      ) {
        hits.push({ id, rank: KIND_RANK.fuzzy });
      }
    }

    return hits;
  }

  /**
   * Puts in this.ids, each once, the live ids of every code the query can match with one edit;
   * returns how many. For each position the edit may be at, the letters before it and the
   * letters after it are both typed without error, so the code must be in the candidates of
   * each: requiring both at once keeps the candidates to hundreds where half the query alone
   * leaves thousands.
   */
  private typoCandidates(query: string): number {
    this.idsUsed = 0;
    const keys = new KeyCosts(true);
    this.lastKeys = keys;
    const plans = new Map<string, Set<PostingList>>();
    let previous = '';
    for (let at = 0; at < query.length; at++) {
      // A plan keys on its first or last three pieces only, so beyond MAX_TYPO_SIDE letters a
      // side is cut short: long queries then plan each side once instead of once per position.
      const before = at > 0 ? query.slice(0, Math.min(at, MAX_TYPO_SIDE)) : undefined;
      const after =
        at + 1 < query.length
          ? query.slice(Math.max(at + 1, query.length - MAX_TYPO_SIDE))
          : undefined;
      const cut = `${before ?? ''} ${after ?? ''}`;
      if (cut === previous) {
        continue;
      }
      previous = cut;
      const first = before === undefined ? undefined : this.typoSide(before, true, plans, keys);
      const second = after === undefined ? undefined : this.typoSide(after, false, plans, keys);
      this.intersect(first, second);
    }

    return this.uniqueIds();
  }

  /** The lists of a side typed without error, the query's start or end, each planned once. */
  private typoSide(
    text: string,
    isStart: boolean,
    plans: Map<string, Set<PostingList>>,
    keys: KeyCosts,
  ): Set<PostingList> {
    const key = `${isStart ? '<' : '>'}${text}`;
    let lists = plans.get(key);
    if (!lists) {
      lists = new Set<PostingList>();
      if (isStart) {
        this.postings.planLetters(text, lists, keys);
      } else {
        this.postings.planSuffix(text, lists, keys);
      }
      plans.set(key, lists);
    }

    return lists;
  }

  /** Appends to this.ids the ids in the unions of both sides (or of the only one, or the rarer). */
  private intersect(
    first: Set<PostingList> | undefined,
    second: Set<PostingList> | undefined,
  ): void {
    const firstSize = first ? totalLength(first) : Infinity;
    const secondSize = second ? totalLength(second) : Infinity;
    const small = firstSize <= secondSize ? first : second;
    const large = firstSize <= secondSize ? second : first;
    if (!small) {
      return;
    }
    const smallSize = Math.min(firstSize, secondSize);
    const largeSize = Math.max(firstSize, secondSize);
    if (!large || smallSize <= SMALL_SIDE || largeSize > smallSize * MAX_SIDE_RATIO) {
      for (const list of small) {
        for (const id of list) {
          this.pushId(id);
        }
      }

      return;
    }
    const epoch = this.nextEpoch();
    for (const list of small) {
      for (const id of list) {
        this.seen[id] = epoch;
      }
    }
    for (const list of large) {
      for (const id of list) {
        if (this.seen[id] === epoch) {
          this.pushId(id);
        }
      }
    }
  }

  // The typo search gathers thousands of ids a query: a buffer kept across queries spares the
  // collector the growing arrays.
  private pushId(id: number): void {
    if (this.idsUsed === this.ids.length) {
      this.ids = grow(this.ids, this.ids.length * 2);
    }
    this.ids[this.idsUsed++] = id;
  }

  /** Keeps in this.ids the live ones, each once, marked as seen in the current epoch. */
  private uniqueIds(): number {
    const epoch = this.nextEpoch();
    let count = 0;
    for (let i = 0; i < this.idsUsed; i++) {
      const id = this.ids[i];
      if (this.seen[id] !== epoch) {
        this.seen[id] = epoch;
        if (this.alive[id] === 1) {
          this.ids[count++] = id;
        }
      }
    }
    this.idsUsed = count;

    return count;
  }

  private matchRank(matcher: QueryMatcher, queryMask: number, id: number): number {
    return (this.letterMask[id] & queryMask) === queryMask
      ? matcher.bestRank(this.chars, this.charStart[id], this.charCount[id])
      : NO_MATCH;
  }

  private checkAll(ids: number[], matcher: QueryMatcher, now: number): Hit[] {
    const queryMask = lettersOf(matcher.query);
    const hits: Hit[] = [];
    for (const id of ids) {
      const rank = this.matchRank(matcher, queryMask, id);
      if (rank !== NO_MATCH) {
        hits.push({ id, rank });
      }
    }

    return hits.sort((a, b) => a.rank - b.rank || this.order.compare(a.id, b.id, now));
  }

  /** The live ids in the lists, each once. */
  private collect(lists: Set<PostingList>): number[] {
    const epoch = this.nextEpoch();
    const ids: number[] = [];
    for (const list of lists) {
      for (const id of list) {
        if (this.seen[id] !== epoch) {
          this.seen[id] = epoch;
          if (this.alive[id] === 1) {
            ids.push(id);
          }
        }
      }
    }

    return ids;
  }

  /** Marks the lists' ids as seen; returns the live ones with at most maxChars characters. */
  private mark(lists: Set<PostingList>, maxChars: number): number[] {
    const epoch = this.nextEpoch();
    const short: number[] = [];
    for (const list of lists) {
      for (const id of list) {
        if (this.seen[id] !== epoch) {
          this.seen[id] = epoch;
          if (this.charCount[id] <= maxChars && this.alive[id] === 1) {
            short.push(id);
          }
        }
      }
    }

    return short;
  }

  /** Whether some split of the query types every piece but the last in full. */
  private canMatchInFull(query: string): boolean {
    if (!isAllLetters(query)) {
      return true;
    }

    const full = new Array<boolean>(query.length + 1).fill(false);
    full[query.length] = true;
    for (let p = query.length - 1; p >= 0; p--) {
      for (let end = p + 1; end <= query.length && !full[p]; end++) {
        const piece = query.slice(p, end);
        full[p] =
          end === query.length
            ? this.table.isAltPrefix(piece)
            : this.table.isAlternative(piece) && full[end];
      }
    }

    return full[0];
  }

  private nextEpoch(): number {
    this.epoch++;
    if (this.epoch === 0xffffffff) {
      this.seen.fill(0);
      this.epoch = 1;
    }

    return this.epoch;
  }

  private toResult(hit: Hit): CodeSearchResult {
    return {
      code: this.codeText[hit.id],
      id: this.eventId[hit.id],
      score: scoreOf(hit.rank),
      kind: MATCH_KINDS[hit.rank],
    };
  }

  private reserve(id: number, charCount: number): void {
    if (id >= this.alive.length) {
      this.alive = grow(this.alive, id * 2);
      this.seen = grow(this.seen, id * 2);
    }
    if (this.charsUsed + charCount > this.chars.length) {
      this.chars = grow(this.chars, (this.charsUsed + charCount) * 2);
    }
  }

  // Lists keep the ids of removed codes; once they are a quarter of all, rebuild without them.
  private compact(): void {
    const live = [...this.idByCode.values()].map((id) => ({
      code: this.codeText[id],
      meta: { id: this.eventId[id], startsAt: this.startsAt[id] },
    }));
    for (const list of [
      this.codeText,
      this.eventId,
      this.startsAt,
      this.charStart,
      this.charCount,
      this.letterMask,
    ]) {
      list.length = 0;
    }
    this.idByCode.clear();
    this.codesByLiteral.clear();
    this.postings = new CodePostings(this.table);
    this.order.clear();
    this.charsUsed = 0;
    this.alive.fill(0);
    this.deadCount = 0;
    for (const { code, meta } of live) {
      this.add(code, meta);
    }
  }
}

function hasLetter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (isLetter(text.charCodeAt(i))) {
      return true;
    }
  }

  return false;
}

/** Whether later codes in ranking order can no longer enter the top `wanted`. */
function settled(byRank: Hit[][], wanted: number, strong: boolean): boolean {
  return (
    byRank[KIND_RANK.exact].length + byRank[KIND_RANK.prefix].length >= wanted ||
    (!strong && byRank[KIND_RANK.initials].length >= wanted)
  );
}

function totalLength(lists: Set<PostingList>): number {
  let total = 0;
  for (const list of lists) {
    total += list.length;
  }

  return total;
}

function bitCount(mask: number): number {
  let count = 0;
  for (let rest = mask; rest !== 0; rest &= rest - 1) {
    count++;
  }

  return count;
}

function grow<T extends Int32Array | Uint8Array | Uint32Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(size);
  bigger.set(array);

  return bigger;
}
