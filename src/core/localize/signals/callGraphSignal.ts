// Call distance from the failing tests: what a test calls directly scores 1, what those call
// 1/2, then 1/4..., times the confidence of each call edge. Helpers in test files are part of the
// test, so their calls count as the test's own.
import type { CodeIndex, CodeEdge } from '../../index/types';
import { isCandidate } from '../candidates';
import { isTestFile } from '../../testing/testFiles';
import type { TestBody } from '../testBodies';
import type { SignalMap } from './signal';

export const MAX_CALL_DEPTH = 4;

/** Call edges made from inside a test body (any symbol of the test file, or its module scope). */
export function callsFromBody(index: CodeIndex, body: TestBody): CodeEdge[] {
  const froms = new Set<string>([body.file, ...index.symbolsInFile(body.file).map((s) => s.id)]);
  const edges: CodeEdge[] = [];
  for (const from of froms) {
    for (const edge of index.edgesFrom(from, 'calls')) {
      const inside = edge.line !== undefined ? edge.line >= body.startLine && edge.line <= body.endLine : from === body.symbol?.id;
      if (inside) edges.push(edge);
    }
  }
  return edges;
}

/** Best closeness (0..1) and depth of every symbol reachable from one test body. */
export function reachFromTest(index: CodeIndex, body: TestBody): Map<string, { value: number; depth: number }> {
  const reached = new Map<string, { value: number; depth: number }>();
  let frontier: { id: string; value: number }[] = [];
  const visitHelpers = new Set<string>();
  const start = (edges: CodeEdge[], depth: number, weight: number) => {
    for (const edge of edges) {
      const target = index.symbol(edge.to);
      if (!target) continue;
      const value = weight * edge.confidence;
      if (isTestFile(target.file)) {
        // A helper of the test (a factory, a fixture builder): its calls are the test's calls.
        if (!visitHelpers.has(target.id)) {
          visitHelpers.add(target.id);
          start(index.edgesFrom(target.id, 'calls'), depth, value);
        }
        continue;
      }
      const previous = reached.get(target.id);
      if (!previous || value > previous.value) {
        reached.set(target.id, { value, depth });
        frontier.push({ id: target.id, value });
      }
    }
  };
  start(callsFromBody(index, body), 1, 1);
  for (let depth = 2; depth <= MAX_CALL_DEPTH && frontier.length; depth++) {
    const current = frontier;
    frontier = [];
    for (const { id, value } of current) start(index.edgesFrom(id, 'calls'), depth, value * 0.5);
  }
  return reached;
}

export function callGraphSignal(index: CodeIndex, bodies: TestBody[]): SignalMap {
  const signal: SignalMap = new Map();
  if (!bodies.length) return signal;
  const totals = new Map<string, { sum: number; depth: number; tests: number }>();
  for (const body of bodies) {
    for (const [id, { value, depth }] of reachFromTest(index, body)) {
      const symbol = index.symbol(id);
      if (!symbol || !isCandidate(symbol)) continue;
      const acc = totals.get(id) ?? { sum: 0, depth, tests: 0 };
      acc.sum += value;
      acc.depth = Math.min(acc.depth, depth);
      acc.tests += 1;
      totals.set(id, acc);
    }
  }
  for (const [id, acc] of totals) {
    const how = acc.depth === 1 ? 'called by the test' : `${acc.depth} calls from the test`;
    const spread = bodies.length > 1 ? ` (${acc.tests}/${bodies.length} failing tests)` : '';
    signal.set(id, { value: acc.sum / bodies.length, note: how + spread });
  }
  return signal;
}
