// Reflexion-style memory: one line per failed attempt ("what was tried, why it failed"),
// repeated in later prompts so the model does not try the same thing twice.
import type { CandidateResult } from './types';

function firstLine(text: string, max = 160): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line.trim();
}

/** "changed `a > b` to `a >= b` in shop/cart.py" from a unified diff. */
export function describeChange(patch: string): string {
  const files = [...patch.matchAll(/^\+\+\+ b\/(.+)$/gm)].map((m) => m[1]);
  const removed = patch.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---')).map((l) => l.slice(1).trim()).filter(Boolean);
  const added = patch.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).map((l) => l.slice(1).trim()).filter(Boolean);
  const where = files.length ? ` in ${files.join(', ')}` : '';
  const quote = (lines: string[]) => lines.slice(0, 2).map((l) => `\`${l.length > 80 ? `${l.slice(0, 80)}…` : l}\``).join(' / ') + (lines.length > 2 ? ` (+${lines.length - 2} more)` : '');
  if (removed.length && added.length) return `changed ${quote(removed)} to ${quote(added)}${where}`;
  if (added.length) return `added ${quote(added)}${where}`;
  if (removed.length) return `removed ${quote(removed)}${where}`;
  return `made no change${where}`;
}

export function outcomeText(candidate: CandidateResult): string {
  switch (candidate.verdict) {
    case 'verified':
      return 'fixed the failing tests with no regressions';
    case 'rejected':
      return `could not be applied: ${firstLine(candidate.feedback)}`;
    case 'regressing':
      return `fixed the target but broke ${candidate.regressions.slice(0, 3).join(', ')}`;
    case 'error':
      return `tests could not run: ${firstLine(candidate.feedback)}`;
    case 'failing':
      return `${candidate.stillFailing.slice(0, 2).join(', ')} still failed: ${firstLine(candidate.feedback)}`;
  }
}

export function memoryLine(candidate: CandidateResult): string {
  if (candidate.verdict === 'rejected') return `Round ${candidate.round}: an answer ${outcomeText(candidate)}`;
  return `Round ${candidate.round}: ${describeChange(candidate.patch)} → ${outcomeText(candidate)}`;
}

/** Keeps the memory short: distinct lines, newest last, at most `max`. */
export function remember(memory: string[], candidates: CandidateResult[], max = 8): string[] {
  const lines = [...memory];
  for (const candidate of candidates) {
    if (candidate.verdict === 'verified') continue;
    const line = memoryLine(candidate);
    if (!lines.includes(line)) lines.push(line);
  }
  return lines.slice(-max);
}
