// Ranks implementation candidates by execution agreement (CodeT, B4, and `behaviour`: B4's
// posterior over pass-set groups refined by agreement on concrete outputs), after the hard filters
// (the user's existing tests) and with the user's answers to clarifying questions first.
import { logBeta, logSumExp, seededRandom } from './math';
import { b4Defaults, b4Scores, codetScores, passGroups, type PassGroup } from './scores';
import type { RankedGroup, Ranking, RankingInput, RankingMethodId, RankingOptions } from './types';

export const rankingMethods: readonly RankingMethodId[] = ['codet', 'codet-sqrt', 'b4', 'behaviour'];
export const defaultRankingMethod: RankingMethodId = 'behaviour';

export class RankingInputError extends Error {}

export function rankCandidates(input: RankingInput, options: RankingOptions = {}): Ranking {
  const method = options.method ?? defaultRankingMethod;
  if (!rankingMethods.includes(method)) throw new RankingInputError(`Unknown ranking method '${method}' (expected ${rankingMethods.join(', ')})`);
  const n = input.passes.length;
  const m = n ? input.passes[0].length : 0;
  checkShape('passes', input.passes, n, m);
  if (input.filters) checkShape('filters', input.filters, n);
  if (input.answered) checkShape('answered', input.answered, n);
  if (input.outputs) checkShape('outputs', input.outputs, n);

  const excluded: number[] = [];
  const survivors: number[] = [];
  for (let i = 0; i < n; i++) (input.filters?.[i].every(Boolean) ?? true ? survivors : excluded).push(i);

  const groups = passGroups(input.passes, survivors);
  const priors = { alpha: options.alpha ?? b4Defaults.alpha, beta0: options.beta0 ?? b4Defaults.beta0 };
  const scores =
    method === 'codet' ? codetScores(groups, false) : method === 'codet-sqrt' ? codetScores(groups, true) : b4Scores(groups, m, priors);

  const ranked: RankedGroup[] = [];
  groups.forEach((group, g) => {
    const parts = method === 'behaviour' && input.outputs ? splitByBehaviour(group, input.outputs, priors.alpha) : [{ members: group.members, logShare: 0 }];
    for (const part of parts) {
      for (const members of splitBy(part.members, (i) => answerKey(input.answered?.[i]))) {
        const answersFailed = input.answered ? input.answered[members[0]].filter((a) => !a).length : 0;
        ranked.push({
          members,
          score: scores[g] + part.logShare,
          testsPassed: passedColumns(group),
          answersFailed,
          agreeingCandidates: group.members.length,
          evidence: evidenceLine(method, group, members.length, survivors.length, m, answersFailed, input.answered?.[0]?.length ?? 0),
        });
      }
    }
  });
  ranked.sort((a, b) => a.answersFailed - b.answersFailed || b.score - a.score || a.members[0] - b.members[0]);
  const best = ranked[0];
  const top = best ? ranked.filter((g) => g.answersFailed === best.answersFailed && sameScore(g.score, best.score)).flatMap((g) => g.members) : [];
  return { method, groups: ranked, top: top.sort((a, b) => a - b), excluded, candidates: n, tests: m };
}

/** The candidate a seeded uniform draw picks among the top-ranked ones (undefined if none survived). */
export function pickCandidate(ranking: Ranking, seed: number): number | undefined {
  if (!ranking.top.length) return undefined;
  const random = seededRandom(seed);
  return ranking.top[Math.floor(random() * ranking.top.length)];
}

/** Expected value of `value(candidate)` for a pick uniform over the top-ranked candidates. */
export function expectedOverTop(ranking: Ranking, value: (candidate: number) => number): number {
  if (!ranking.top.length) return 0;
  return ranking.top.reduce((sum, i) => sum + value(i), 0) / ranking.top.length;
}

/**
 * `behaviour`: inside a pass-set group, candidates may still compute different things (on inputs
 * where the tests do not tell them apart, or where they fail in different ways). Exactly one
 * behaviour can be the correct one; with the same Beta(alpha, 1) self-consistency prior B4 puts on
 * candidates, the share of behaviour o within its group is B(|o|+alpha, |g|-|o|+1), normalised
 * over the group's behaviours. The group's B4 log posterior plus this log share ranks behaviours.
 */
function splitByBehaviour(group: PassGroup, outputs: string[][], alpha: number): { members: number[]; logShare: number }[] {
  const parts = splitBy(group.members, (i) => JSON.stringify(outputs[i]));
  const size = group.members.length;
  const weights = parts.map((p) => logBeta(p.length + alpha, size - p.length + 1));
  const total = logSumExp(weights);
  return parts.map((members, k) => ({ members, logShare: weights[k] - total }));
}

function splitBy(members: number[], key: (i: number) => string): number[][] {
  const parts = new Map<string, number[]>();
  for (const i of members) {
    const k = key(i);
    const part = parts.get(k);
    if (part) part.push(i);
    else parts.set(k, [i]);
  }
  return [...parts.values()];
}

function answerKey(answers: boolean[] | undefined): string {
  return answers ? answers.map((a) => (a ? '1' : '0')).join('') : '';
}

function passedColumns(group: PassGroup): number[] {
  const columns: number[] = [];
  group.vector.forEach((p, j) => p && columns.push(j));
  return columns;
}

function sameScore(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function evidenceLine(method: RankingMethodId, group: PassGroup, members: number, total: number, tests: number, answersFailed: number, answers: number): string {
  let line = `${group.members.length} of ${total} candidates agree: they pass the same ${group.passed} of ${tests} generated tests`;
  if (method === 'behaviour' && members !== group.members.length) line += `; ${members} of them compute the same outputs`;
  if (answers) line += `; ${answers - answersFailed} of ${answers} of your answers hold`;
  return line;
}

function checkShape(name: string, rows: unknown[][], n: number, width?: number): void {
  if (rows.length !== n) throw new RankingInputError(`${name} has ${rows.length} rows for ${n} candidates`);
  const expected = width ?? rows[0]?.length ?? 0;
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== expected) throw new RankingInputError(`${name}[${i}] has ${Array.isArray(row) ? row.length : 'no'} columns, expected ${expected}`);
  });
}
