// "Explain failure": the suspects and the model's account of why the test fails, no patch.
import { tokenCounterFor } from '../llm/tokens';
import type { LlmClient, TokenUsage } from '../llm/types';
import type { CodeIndex, LanguageId } from '../index/types';
import type { Host } from '../ports';
import type { FrameworkId, TestFailure } from '../testing/types';
import { gatherContext } from './context';
import { explainMessages } from './prompts';
import type { Suspect } from './types';

export interface ExplainRequest {
  failure: TestFailure;
  suspects: Suspect[];
  index: CodeIndex;
  llm: LlmClient;
  model: string;
  language: LanguageId;
  framework: FrameworkId;
  tokenBudget: number;
  readFile(relative: string): Promise<string>;
  /** Streamed text of the explanation as it arrives. */
  onText?: (textSoFar: string) => void;
}

export interface Explanation {
  text: string;
  tokens: TokenUsage;
  ms: number;
}

export async function explainFailure(request: ExplainRequest, host: Host): Promise<Explanation> {
  const context = await gatherContext(request.index, [request.failure], request.suspects, request.readFile);
  const reserve = Math.min(2048, Math.floor(request.tokenBudget / 4));
  const messages = explainMessages(context, {
    language: request.language,
    framework: request.framework,
    editFormat: '',
    budgetTokens: request.tokenBudget,
    reserveCompletion: reserve,
    counter: tokenCounterFor(request.model),
  });
  let streamed = '';
  const result = await request.llm.complete({
    messages,
    n: 1,
    temperature: 0.2,
    maxTokens: reserve,
    signal: host.signal,
    purpose: 'explain failure',
    onDelta: (_choice, text) => {
      streamed += text;
      request.onText?.(streamed);
    },
  });
  return { text: result.texts[0] ?? streamed, tokens: result.usage, ms: result.ms };
}

/** The explanation as a Markdown document: the failure, the ranked suspects, the model's account. */
export function explanationMarkdown(failure: TestFailure, suspects: Suspect[], explanation: string): string {
  const lines = [`# Why \`${failure.id}\` fails`, '', '```', failure.message.trim(), '```', ''];
  if (failure.expected !== undefined) lines.push(`Expected \`${failure.expected}\`, got \`${failure.actual ?? ''}\`.`, '');
  if (suspects.length) {
    lines.push('## Suspects', '');
    suspects.slice(0, 5).forEach((s, i) => lines.push(`${i + 1}. \`${s.symbol}\` — ${s.file}:${s.startLine} (${s.why})`));
    lines.push('');
  }
  lines.push('## Explanation', '', explanation.trim(), '');
  return lines.join('\n');
}
