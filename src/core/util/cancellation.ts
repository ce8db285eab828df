// Cancellation shows up as different errors depending on who noticed it first (AbortSignal,
// the openai SDK, a child process, the repair loop); callers only need to know it was one.
export function isCancellationError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'AbortError' || error.name === 'RepairCancelled' || error.name === 'APIUserAbortError') return true;
  if ((error as { kind?: string }).kind === 'cancelled') return true;
  return /\b(cancelled|canceled|aborted)\b/i.test(error.message) && !/timed? ?out/i.test(error.message);
}
