// "Fix All Failing Tests in File": failures whose top suspects overlap are probably one bug and
// are repaired together; the others get their own repair.
import type { TestFailure } from '../testing/types';
import type { Suspect } from './types';

export interface FailureGroup {
  failures: TestFailure[];
  /** The suspect the group shares (the best-ranked one they have in common), if any. */
  shared?: Suspect;
}

const key = (s: Suspect) => `${s.file}#${s.symbol}`;

/**
 * Greedy union of failures by their top-`depth` suspects (union-find over shared suspects).
 * Groups come out in the order of their first failure.
 */
export function groupBySuspect(failures: TestFailure[], suspectsOf: Map<string, Suspect[]>, depth = 2): FailureGroup[] {
  const parent = failures.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const owner = new Map<string, number>();
  failures.forEach((failure, i) => {
    for (const suspect of (suspectsOf.get(failure.id) ?? []).slice(0, depth)) {
      const k = key(suspect);
      const j = owner.get(k);
      if (j === undefined) owner.set(k, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, TestFailure[]>();
  failures.forEach((failure, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), failure]);
  });
  return [...groups.values()].map((members) => {
    const tops = members.map((f) => (suspectsOf.get(f.id) ?? []).slice(0, depth).map(key));
    const common = tops.reduce((acc, list) => acc.filter((k) => list.includes(k)));
    const shared = common.length ? (suspectsOf.get(members[0].id) ?? []).find((s) => key(s) === common[0]) : undefined;
    return { failures: members, shared };
  });
}
