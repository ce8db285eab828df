// Optional LLM re-ranking of the top candidates for a bug report. The model sees each
// candidate's signature and an excerpt of its code and answers with an ordered list of ids. A
// malformed or failed answer leaves the ranking as it was (and says so in the log).
import { readFileSync } from 'node:fs';
import Mustache from 'mustache';
import { z } from 'zod';
import type { CodeIndex } from '../index/types';
import type { LlmClient } from '../llm/types';
import type { Logger } from '../ports';
import { resourcePath } from '../resources';
import type { RankedSuspect } from './types';

const answerSchema = z.object({ ranking: z.array(z.string()).min(1) });

const MAX_CODE_LINES = 40;

export interface RerankOptions {
  llm: LlmClient;
  index: CodeIndex;
  query: string;
  suspects: RankedSuspect[];
  candidates: number;
  signal?: AbortSignal;
  logger?: Logger;
}

export function rerankPrompt(query: string, suspects: RankedSuspect[], index: CodeIndex): string {
  const template = readFileSync(resourcePath('localize', 'rerank-prompt.md'), 'utf8');
  const candidates = suspects.map((s) => {
    const lines = (index.sourceOf(s.id) ?? '').split('\n');
    const code = lines.length > MAX_CODE_LINES ? [...lines.slice(0, MAX_CODE_LINES), '…'].join('\n') : lines.join('\n');
    return { id: s.id, signature: index.symbol(s.id)?.signature ?? s.symbol, code };
  });
  return Mustache.render(template, { query, candidates }, {}, { escape: (value: unknown) => String(value) });
}

/** Extracts {"ranking": [...]} from a model's answer (bare JSON or inside a code fence). */
export function parseRanking(answer: string): string[] | undefined {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(answer);
  const candidates = [fenced?.[1], answer, /\{[\s\S]*\}/.exec(answer)?.[0]].filter((t): t is string => !!t);
  for (const text of candidates) {
    try {
      const parsed = answerSchema.safeParse(JSON.parse(text.trim()));
      if (parsed.success) return parsed.data.ranking;
    } catch {
      // try the next reading
    }
  }
  return undefined;
}

export async function rerankWithLlm(options: RerankOptions): Promise<RankedSuspect[]> {
  const top = options.suspects.slice(0, options.candidates);
  if (top.length < 2) return options.suspects;
  const prompt = rerankPrompt(options.query, top, options.index);
  let answer: string;
  try {
    const result = await options.llm.complete({ messages: [{ role: 'user', content: prompt }], temperature: 0, n: 1, signal: options.signal, purpose: 'localize: re-rank suspects' });
    answer = result.texts[0] ?? '';
  } catch (error) {
    options.logger?.warn(`Localize: LLM re-ranking failed, keeping the search ranking: ${error instanceof Error ? error.message : String(error)}`);
    return options.suspects;
  }
  const ranking = parseRanking(answer);
  const known = new Set(top.map((s) => s.id));
  const ordered = (ranking ?? []).filter((id, i, all) => known.has(id) && all.indexOf(id) === i);
  if (!ordered.length) {
    options.logger?.warn('Localize: the LLM answer named none of the candidates; keeping the search ranking');
    return options.suspects;
  }
  // Ranked candidates first, in the model's order, above everything it left out.
  const byId = new Map(top.map((s) => [s.id, s]));
  const ceiling = top[0].score + 1;
  const reranked = ordered.map((id, i) => {
    const suspect = byId.get(id)!;
    return { ...suspect, score: Number((ceiling + (ordered.length - i)).toFixed(6)), why: `LLM rank ${i + 1}; ${suspect.why}` };
  });
  const rest = options.suspects.filter((s) => !ordered.includes(s.id));
  return [...reranked, ...rest];
}
