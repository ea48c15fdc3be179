/** How a query matched a code, best first. */
export type MatchKind = 'exact' | 'prefix' | 'substring' | 'initials' | 'fuzzy';

export const MATCH_KINDS: readonly MatchKind[] = [
  'exact',
  'prefix',
  'substring',
  'initials',
  'fuzzy',
];

/** Index of a kind in MATCH_KINDS; a lower rank sorts first. */
export const KIND_RANK = {
  exact: 0,
  prefix: 1,
  substring: 2,
  initials: 3,
  fuzzy: 4,
} as const satisfies Record<MatchKind, number>;

export const NO_MATCH = -1;

export interface CodeMeta {
  /** The event's database id. */
  id: number;
  /** The event's start time in epoch milliseconds. */
  startsAt: number;
}

export interface CodeSearchResult {
  code: string;
  id: number;
  /** 100 for exact down to 20 for fuzzy: results are ordered by score, then by start time. */
  score: number;
  kind: MatchKind;
}

export function scoreOf(rank: number): number {
  return 100 - 20 * rank;
}
