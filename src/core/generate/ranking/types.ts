// Contract of the ranking of implementation candidates by execution agreement: the generation
// flow gives the pass matrix (candidates x generated tests) and gets back groups, best first.

export type RankingMethodId = 'codet' | 'codet-sqrt' | 'b4' | 'behaviour';

export interface RankingInput {
  /** passes[i][j]: candidate i passes generated test j. Duplicate tests may appear as separate columns. */
  passes: boolean[][];
  /**
   * The user's existing tests, as hard filters: filters[i][k] is candidate i passing existing test k.
   * A candidate failing any of them is out of the ranking.
   */
  filters?: boolean[][];
  /**
   * Tests the user answered (clarifying questions): answered[i][k] is candidate i passing answer k.
   * They outrank everything else: candidates failing fewer answers always come first.
   */
  answered?: boolean[][];
  /**
   * Behaviour of each candidate on concrete inputs (probes): outputs[i][p] is a rendering of the
   * value (or of the error) candidate i produced on input p. Used by the `behaviour` method to split
   * a group whose members pass the same tests but compute different things.
   */
  outputs?: string[][];
}

export interface RankedGroup {
  /** Candidate indexes, ascending. */
  members: number[];
  /** Method-specific score: higher is better (B4 and behaviour: log posterior, up to a constant). */
  score: number;
  /** Generated tests (column indexes) every member passes. */
  testsPassed: number[];
  /** Answered tests the members fail (0 when there are none). */
  answersFailed: number;
  /** Size of the pass-set group this group belongs to (equals members.length except for `behaviour`). */
  agreeingCandidates: number;
  /** One line for the editor: "group of 12 of 40 candidates agreeing, passes 9 of 15 generated tests". */
  evidence: string;
}

export interface Ranking {
  method: RankingMethodId;
  /** Best first; ties have equal `score` and `answersFailed`. Excluded candidates are in no group. */
  groups: RankedGroup[];
  /** Candidates sharing the best rank: the pick is uniform among them. */
  top: number[];
  /** Candidates removed by the hard filters. */
  excluded: number[];
  /** Number of candidates considered (before filtering). */
  candidates: number;
  tests: number;
}

export interface RankingOptions {
  method?: RankingMethodId;
  /** B4 / behaviour prior on candidate and test correctness (the B4 paper's alpha). */
  alpha?: number;
  /** B4 / behaviour prior against an incorrect candidate passing an incorrect test (the B4 paper's beta0). */
  beta0?: number;
}
