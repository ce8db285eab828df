// Input B: from a bug report in words. BM25 over the index finds code that shares the report's
// words; the graph expansion adds the code around the strongest hits; an LLM, when one is
// configured, may re-rank the top of the list.
import type { CodeIndex } from '../index/types';
import type { LlmClient } from '../llm/types';
import type { Logger } from '../ports';
import { expandAlongGraph, type ExpansionShares } from './graphExpansion';
import { rerankWithLlm } from './llmRerank';
import type { RankedSuspect } from './types';

export interface LocalizeQueryOptions {
  index: CodeIndex;
  query: string;
  limit?: number;
  /** Text hits that seed the expansion. */
  seeds?: number;
  shares?: ExpansionShares;
  llm?: LlmClient;
  /** Candidates the LLM sees (default 15). */
  llmCandidates?: number;
  signal?: AbortSignal;
  logger?: Logger;
}

export async function localizeQuery(options: LocalizeQueryOptions): Promise<RankedSuspect[]> {
  const { index } = options;
  const query = options.query.trim();
  if (!query) return [];
  const hits = index.search(query, options.seeds ?? 30);
  const best = hits[0]?.score ?? 0;
  if (best <= 0) return [];
  const seeds = hits.map((h) => ({ id: h.symbol.id, score: h.score / best }));
  const rankOf = new Map(hits.map((h, i) => [h.symbol.id, i + 1]));
  const expanded = expandAlongGraph(index, seeds, options.shares);
  let suspects: RankedSuspect[] = expanded.map((e) => {
    const reasons: string[] = [];
    if (e.own > 0) reasons.push(`text match #${rankOf.get(e.symbol.id)} for the report`);
    if (e.via && e.borrowed > 0) {
      const neighbour = index.symbol(e.via.id);
      reasons.push(`${e.via.relation} ${neighbour?.qualifiedName ?? e.via.id}${rankOf.has(e.via.id) ? ` (text match #${rankOf.get(e.via.id)})` : ''}`);
    }
    return {
      id: e.symbol.id,
      file: e.symbol.file,
      symbol: e.symbol.qualifiedName,
      startLine: e.symbol.startLine,
      endLine: e.symbol.endLine,
      score: Number(e.score.toFixed(6)),
      why: reasons.join('; '),
      signals: { trace: 0, spectrum: 0, calls: e.borrowed, lexical: e.own, assertion: 0, origin: 0 },
    };
  });
  if (options.llm) {
    suspects = await rerankWithLlm({ llm: options.llm, index, query, suspects, candidates: options.llmCandidates ?? 15, signal: options.signal, logger: options.logger });
  }
  return suspects.slice(0, options.limit ?? 20);
}
