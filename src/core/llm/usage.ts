// Per-operation accounting: every LLM request of a fix (or a generation) is recorded so the
// result can report tokens and LLM time spent in total.
import type { CompletionRequest, CompletionResult, LlmClient, TokenUsage } from './types';

export interface UsageRecord {
  purpose?: string;
  model: string;
  prompt: number;
  completion: number;
  ms: number;
  /** HTTP requests behind this completion (retries and n-fallback included). */
  requests: number;
  estimated: boolean;
  answers: number;
  /** The request failed (time is still spent; tokens unknown, counted as 0). */
  failed?: boolean;
}

export interface UsageTotals extends TokenUsage {
  ms: number;
  requests: number;
  completions: number;
  failures: number;
  /** True when at least one record was counted locally rather than reported by the server. */
  estimated: boolean;
}

export class UsageMeter {
  private readonly entries: UsageRecord[] = [];

  record(entry: UsageRecord): void {
    this.entries.push(entry);
  }

  recordResult(result: CompletionResult, purpose?: string): void {
    this.record({
      purpose,
      model: result.model,
      prompt: result.usage.prompt,
      completion: result.usage.completion,
      ms: result.ms,
      requests: result.requests ?? 1,
      estimated: result.usageEstimated ?? false,
      answers: result.texts.length,
    });
  }

  records(): readonly UsageRecord[] {
    return this.entries;
  }

  totals(): UsageTotals {
    const totals: UsageTotals = { prompt: 0, completion: 0, ms: 0, requests: 0, completions: 0, failures: 0, estimated: false };
    for (const e of this.entries) {
      totals.prompt += e.prompt;
      totals.completion += e.completion;
      totals.ms += e.ms;
      totals.requests += e.requests;
      if (e.failed) totals.failures += 1;
      else totals.completions += 1;
      totals.estimated ||= e.estimated;
    }
    return totals;
  }
}

/** A client that records every completion in `meter`, failed ones with their time only. */
export function meteredClient(client: LlmClient, meter: UsageMeter, model = ''): LlmClient {
  return {
    async complete(request: CompletionRequest) {
      const started = performance.now();
      try {
        const result = await client.complete(request);
        meter.recordResult(result, request.purpose);
        return result;
      } catch (error) {
        const ms = Math.round(performance.now() - started);
        meter.record({ purpose: request.purpose, model, prompt: 0, completion: 0, ms, requests: 1, estimated: false, answers: 0, failed: true });
        throw error;
      }
    },
  };
}
