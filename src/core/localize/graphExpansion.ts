// LocAgent-style expansion of text hits along the code graph: a function that a strong hit calls,
// is called by, contains or belongs to gets a share of the hit's score, so code that matches the
// words of a bug report pulls in the code around it that does not.
import type { CodeIndex, CodeSymbol, EdgeKind } from '../index/types';
import { isCandidate } from './candidates';

export interface ExpansionShares {
  /** Share passed from a hit to what it calls. */
  calls: number;
  /** Share passed from a hit to its callers. */
  calledBy: number;
  /** Share passed from a class or module hit to its members. */
  contains: number;
  /** Share passed from a member hit to its siblings (through their container). */
  sibling: number;
  /** Share passed along imports (a module hit to what it imports, and back). */
  imports: number;
}

export const defaultShares: ExpansionShares = { calls: 0.4, calledBy: 0.25, contains: 0.5, sibling: 0.1, imports: 0.1 };

export interface ExpandedScore {
  symbol: CodeSymbol;
  /** The symbol's own text score (0..1). */
  own: number;
  /** What neighbours passed on (0..1 after capping). */
  borrowed: number;
  score: number;
  /** Strongest neighbour that passed something on, and how they are related. */
  via?: { id: string; relation: string };
}

interface Seed {
  id: string;
  score: number;
}

/**
 * Scores every candidate from the seeds' text scores (0..1) plus the shares they pass along
 * one hop of the graph (two hops for containers: module -> class -> method).
 */
export function expandAlongGraph(index: CodeIndex, seeds: Seed[], shares: ExpansionShares = defaultShares): ExpandedScore[] {
  const own = new Map(seeds.map((s) => [s.id, s.score]));
  const borrowed = new Map<string, { value: number; via?: { id: string; relation: string; value: number } }>();
  const give = (to: string, value: number, from: string, relation: string) => {
    if (value <= 0 || to === from) return;
    const acc = borrowed.get(to) ?? { value: 0 };
    acc.value += value;
    if (!acc.via || value > acc.via.value) acc.via = { id: from, relation, value };
    borrowed.set(to, acc);
  };
  const edges = (id: string, kind: EdgeKind, dir: 'from' | 'to') => (dir === 'from' ? index.edgesFrom(id, kind) : index.edgesTo(id, kind));
  for (const seed of seeds) {
    const symbol = index.symbol(seed.id);
    for (const e of edges(seed.id, 'calls', 'from')) give(e.to, seed.score * shares.calls * e.confidence, seed.id, 'called by');
    for (const e of edges(seed.id, 'calls', 'to')) give(e.from, seed.score * shares.calledBy * e.confidence, seed.id, 'calls');
    if (!symbol || symbol.kind === 'module' || symbol.kind === 'class') {
      // Members of a matching class or module; for a module, the methods of its classes too.
      for (const e of edges(seed.id, 'contains', 'from')) {
        give(e.to, seed.score * shares.contains, seed.id, 'member of');
        for (const inner of edges(e.to, 'contains', 'from')) give(inner.to, seed.score * shares.contains * 0.5, seed.id, 'member of');
      }
      for (const e of edges(seed.id, 'imports', 'from')) give(e.to, seed.score * shares.imports * e.confidence, seed.id, 'imported by');
      for (const e of edges(seed.id, 'imports', 'to')) give(e.from, seed.score * shares.imports * e.confidence, seed.id, 'imports');
    } else if (symbol.parentId) {
      for (const e of edges(symbol.parentId, 'contains', 'from')) give(e.to, seed.score * shares.sibling, seed.id, 'next to');
    }
  }
  const ids = new Set([...own.keys(), ...borrowed.keys()]);
  const result: ExpandedScore[] = [];
  for (const id of ids) {
    const symbol = index.symbol(id);
    if (!symbol || !isCandidate(symbol)) continue;
    const mine = own.get(id) ?? 0;
    const lent = Math.min(1, borrowed.get(id)?.value ?? 0);
    const via = borrowed.get(id)?.via;
    result.push({ symbol, own: mine, borrowed: lent, score: mine + lent * (1 - mine) * 0.999, via: via ? { id: via.id, relation: via.relation } : undefined });
  }
  return result.sort((a, b) => b.score - a.score || a.symbol.id.localeCompare(b.symbol.id));
}
