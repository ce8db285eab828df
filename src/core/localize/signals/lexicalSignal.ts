// Lexical similarity: BM25 (the index's search) between what the failure says (test name,
// message, the failing line) and each candidate's name, docstring and body, scaled so the best
// match scores 1.
import type { CodeIndex } from '../../index/types';
import { isCandidate } from '../candidates';
import type { TestBody } from '../testBodies';
import type { ParsedFailure } from '../types';
import { lineOf, type SignalMap, type SourceTexts } from './signal';

const MAX_QUERY_CHARS = 2000;

/** Search text for a failure: the test's name, the first lines of the message, the failing line. */
export function failureQuery(failure: ParsedFailure, body: TestBody | undefined, sources: SourceTexts): string {
  const name = failure.testName ?? failure.id.split(/::| > /).pop() ?? '';
  const message = failure.message
    .split('\n')
    .slice(0, 6)
    .join(' ')
    // Object addresses and numbers say nothing about where the code is.
    .replace(/0x[0-9a-f]+/gi, ' ')
    .replace(/\b\d+(\.\d+)?\b/g, ' ');
  const line = body?.failingLine ? (lineOf(sources, body.file, body.failingLine) ?? '') : '';
  return [name, message, line, ...(failure.mentioned ?? [])].join(' ');
}

export function lexicalSignal(failures: ParsedFailure[], bodies: (TestBody | undefined)[], index: CodeIndex, sources: SourceTexts): SignalMap {
  const signal: SignalMap = new Map();
  const query = failures
    .map((f, i) => failureQuery(f, bodies[i], sources))
    .join(' ')
    .slice(0, MAX_QUERY_CHARS);
  if (!query.trim()) return signal;
  const hits = index.search(query, 200).filter((hit) => isCandidate(hit.symbol));
  const best = hits[0]?.score ?? 0;
  if (best <= 0) return signal;
  hits.forEach((hit, rank) => {
    signal.set(hit.symbol.id, { value: hit.score / best, note: `text match #${rank + 1}` });
  });
  return signal;
}
