// Waiting for a UI that settles at its own pace: retry a check until it passes or time runs out,
// then fail with the last error (not a bare timeout), so a failure says what was never seen.
export interface EventuallyOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** What was being waited for, for the error message. */
  what?: string;
}

export async function eventually<T>(check: () => Promise<T> | T, options: EventuallyOptions = {}): Promise<T> {
  const { timeoutMs = 30_000, intervalMs = 250, what } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`Timed out after ${timeoutMs} ms${what ? ` waiting for ${what}` : ''}: ${reason}`, { cause: lastError });
}
