// Retry timing: exponential backoff with jitter, or the wait the server asked for.
import { LlmError } from './errors';

export interface RetryPolicy {
  /** First backoff step (doubles every retry). */
  baseDelayMs: number;
  /** Cap on one computed backoff. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails with the server's wait in the message. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

/**
 * Delay before retry number `attempt` (0-based). "Equal jitter": half the exponential step is
 * fixed, half random, so parallel clients spread out but never retry immediately.
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(step / 2 + random() * (step / 2));
}

/** The wait before the next try, honouring the server's Retry-After when it sent one. */
export function retryDelayMs(error: LlmError, attempt: number, policy: RetryPolicy, random?: () => number): number {
  const asked = error.details.retryAfterMs;
  if (asked !== undefined) return asked;
  return backoffDelayMs(attempt, policy, random);
}

/** Resolves after `ms`, or rejects with a cancellation LlmError as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LlmError('cancelled', 'The LLM request was cancelled.'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new LlmError('cancelled', 'The LLM request was cancelled.'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
