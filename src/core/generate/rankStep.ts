// Builds the ranking's input from what ran (generated checks, probe values, the user's tests,
// the user's answers) and reads the winner and alternatives off its groups. Identical answers
// count once per answer, as samples do in CodeT: agreement between samples is evidence.
import { rankCandidates } from './ranking/rank';
import type { RankedGroup, Ranking, RankingOptions } from './ranking/types';
import type { ProbeOutcome } from './clarify/question';
import type { ExistingTests } from './existingTests';
import type { CandidateExecution, ExistingTestVerdict, GeneratedCheck, ImplementationCandidate } from './types';
import type { TestRunResult } from '../testing/types';

export interface RankMatrix {
  candidates: ImplementationCandidate[];
  checks: GeneratedCheck[];
  /** Probe calls, evaluated as checks `p1`, `p2`, ... */
  probes: string[];
  executions: CandidateExecution[];
  existing: ExistingTests;
  verdicts: Map<string, { verdict: ExistingTestVerdict; run: TestRunResult }>;
  /** Per candidate: does it agree with each answer the user gave? */
  answered: boolean[][];
}

export interface RankedView {
  method: string;
  ranking: Ranking;
  winner?: ImplementationCandidate;
  winnerGroup?: RankedGroup;
  /** The best group without the winner. */
  runnerUp?: RankedGroup;
  /** Representatives of the other groups, best first. */
  alternatives: ImplementationCandidate[];
  /** Candidates of each ranked group (best first). */
  groups: { group: RankedGroup; members: ImplementationCandidate[] }[];
  /** True when no candidate passed the user's tests and the ranking ignored them. */
  filtersRelaxed: boolean;
  groupOf(candidateId: string): number | undefined;
  groupSize(candidateId: string): number;
}

/** The kind of an error message ("ValueError: empty" -> "ValueError"): candidates that raise the same kind agree. */
export function errorKind(message: string | undefined): string {
  const head = (message ?? '').split(':')[0]!.trim();
  return /^[\w.$]+$/.test(head) ? head : 'error';
}

/** What a candidate did on a probe: its value, a timeout, or the kind of error it raised. */
export function probeOutcome(execution: CandidateExecution | undefined, probeIndex: number): ProbeOutcome {
  const id = `p${probeIndex + 1}`;
  if (!execution) return { status: 'error', text: 'not run' };
  if (execution.loadError) return { status: 'error', text: 'not loaded' };
  const status = execution.checks[id];
  if (status === 'pass' && execution.values?.[id] !== undefined) return { status: 'value', text: execution.values[id]! };
  if (status === 'timeout') return { status: 'timeout', text: 'timeout' };
  // Candidates that raise the same kind of error agree, whatever their messages say.
  return { status: 'error', text: errorKind(execution.messages?.[id]) };
}

/** A probe's value for a candidate as the ranking compares it: its rendering, or `error: <kind>`. */
export function probeOutput(execution: CandidateExecution | undefined, probeIndex: number): string {
  const outcome = probeOutcome(execution, probeIndex);
  return outcome.status === 'value' ? outcome.text : `error: ${outcome.text}`;
}

export function rankMatrix(matrix: RankMatrix, options: RankingOptions = {}): RankedView {
  const { candidates, checks, probes, executions, existing, verdicts, answered } = matrix;
  const rows: number[] = [];
  candidates.forEach((c, i) => {
    for (let k = 0; k <= c.duplicates; k++) rows.push(i);
  });
  const execOf = (i: number) => executions.find((e) => e.candidateId === candidates[i]!.id);
  const passes = rows.map((i) => checks.map((c) => execOf(i)?.checks[c.id] === 'pass'));
  const loads = (i: number) => !execOf(i)?.loadError;
  const existingPass = (i: number) => {
    const v = verdicts.get(candidates[i]!.id)?.verdict;
    return existing.tests.map((t) => !!v && v.passed.includes(t.id));
  };
  const strict = rows.map((i) => [loads(i), ...existingPass(i)]);
  const anyPasses = strict.some((f) => f.every(Boolean));
  const filters = anyPasses ? strict : rows.map((i) => [loads(i)]);
  const outputs = probes.length ? rows.map((i) => probes.map((_, p) => probeOutput(execOf(i), p))) : undefined;
  const hasAnswers = answered.some((a) => a.length > 0);
  const ranking = rankCandidates(
    { passes, filters, ...(outputs ? { outputs } : {}), ...(hasAnswers ? { answered: rows.map((i) => answered[i]!) } : {}) },
    options,
  );

  const candidateOfRow = (row: number) => candidates[rows[row]!]!;
  const groups = ranking.groups.map((group) => ({ group, members: [...new Set(group.members.map(candidateOfRow))] }));
  const pick = (members: ImplementationCandidate[]) =>
    [...members].sort((a, b) => b.duplicates - a.duplicates || a.code.length - b.code.length || a.id.localeCompare(b.id))[0];
  const topMembers = [...new Set(ranking.top.map(candidateOfRow))];
  const winner = topMembers.length ? pick(topMembers) : undefined;
  const winnerGroupIndex = winner ? groups.findIndex((g) => g.members.includes(winner)) : -1;
  const winnerGroup = winnerGroupIndex >= 0 ? groups[winnerGroupIndex]!.group : undefined;
  const others = groups.filter((_, i) => i !== winnerGroupIndex);
  const alternatives = others.map((g) => pick(g.members)).filter((c): c is ImplementationCandidate => !!c && loads(candidates.indexOf(c)));
  return {
    method: ranking.method,
    ranking,
    ...(winner ? { winner } : {}),
    ...(winnerGroup ? { winnerGroup } : {}),
    ...(others[0] ? { runnerUp: others[0].group } : {}),
    alternatives,
    groups,
    filtersRelaxed: !anyPasses && existing.tests.length > 0,
    groupOf: (id) => {
      const index = groups.findIndex((g) => g.members.some((m) => m.id === id));
      return index >= 0 ? index : undefined;
    },
    groupSize: (id) => groups.find((g) => g.members.some((m) => m.id === id))?.group.agreeingCandidates ?? 0,
  };
}
