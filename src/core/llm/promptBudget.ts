// Builds chat messages from prioritised sections so that prompt + reserved answer tokens fit the
// token budget. When they do not, the least relevant section is shrunk first: trimmed (keeping
// its head or its tail, whole lines, with a note of what was cut) or dropped, then the next one.
// Required sections (the task itself, the failing test) are never touched.
import type { TokenCounter } from './tokens';
import type { ChatMessage } from './types';

export type TrimMode = 'drop' | 'keep-head' | 'keep-tail';

export interface PromptSection {
  /** Stable name for the report ("failing-test", "suspect:shop/cart.py#Cart.total"). */
  id: string;
  text: string;
  /** Higher is more relevant; the lowest is shrunk first (ties: the one added last). */
  priority: number;
  /** Never trimmed or dropped; the build fails if the required sections alone do not fit. */
  required?: boolean;
  /** How to shrink it (default 'drop'): a stack trace keeps its tail, code keeps its head. */
  trim?: TrimMode;
  /** Below this many tokens a trimmed section is not worth keeping: it is dropped instead. */
  minTokens?: number;
}

export interface BuiltPrompt {
  messages: ChatMessage[];
  promptTokens: number;
  /** Tokens left for the answer (at least the reserve asked for). */
  maxCompletionTokens: number;
  included: string[];
  trimmed: { id: string; fromTokens: number; toTokens: number }[];
  dropped: string[];
}

export class PromptBudgetError extends Error {
  constructor(
    readonly needed: number,
    readonly budget: number,
    readonly reserved: number,
  ) {
    super(
      `The prompt needs ${needed} tokens even after dropping all optional context, but "selfdebug.tokenBudget" is ${budget} ` +
        `(${reserved} of it kept for the answer). Raise "selfdebug.tokenBudget" if the model's context allows it.`,
    );
    this.name = 'PromptBudgetError';
  }
}

interface Slot {
  section: PromptSection;
  message: number;
  order: number;
  text: string;
  dropped: boolean;
  trimmedFrom?: number;
}

const DEFAULT_MIN_TOKENS = 48;
const SEPARATOR = '\n\n';

export class PromptBuilder {
  private readonly slots: Slot[] = [];
  private readonly roles: ChatMessage['role'][] = [];

  constructor(private readonly counter: TokenCounter) {}

  /** Starts a new message; following sections are joined into it with blank lines. */
  message(role: ChatMessage['role']): this {
    this.roles.push(role);
    return this;
  }

  add(section: PromptSection): this {
    if (this.roles.length === 0) this.roles.push('user');
    this.slots.push({ section, message: this.roles.length - 1, order: this.slots.length, text: section.text, dropped: false });
    return this;
  }

  /**
   * Messages that fit `tokenBudget` with `reserveCompletion` tokens left for the answer.
   * Throws PromptBudgetError when the required sections alone are too big.
   */
  build(options: { tokenBudget: number; reserveCompletion: number }): BuiltPrompt {
    const { tokenBudget, reserveCompletion } = options;
    const limit = tokenBudget - reserveCompletion;
    for (const slot of this.slots) {
      slot.text = slot.section.text;
      slot.dropped = false;
      slot.trimmedFrom = undefined;
    }
    // Shrinking works on per-section counts (each text counted once); the exact count of the
    // assembled messages decides when to stop, so the result always fits.
    let total = this.estimate();
    for (;;) {
      if (total <= limit) {
        const exact = this.count();
        if (exact <= limit) {
          total = exact;
          break;
        }
        total = exact;
      }
      const victim = this.leastRelevant();
      if (!victim) throw new PromptBudgetError(this.count() + reserveCompletion, tokenBudget, reserveCompletion);
      const own = this.tokens(victim.text);
      const target = own - (total - limit);
      const mode = victim.section.trim ?? 'drop';
      if (mode !== 'drop' && target >= (victim.section.minTokens ?? DEFAULT_MIN_TOKENS)) {
        victim.trimmedFrom ??= this.tokens(victim.section.text);
        const shorter = trimToTokens(victim.section.text, target, mode, this.counter);
        // No progress possible (one huge line): drop instead of looping.
        if (shorter.length >= victim.text.length) victim.dropped = true;
        else victim.text = shorter;
      } else {
        victim.dropped = true;
      }
      total = this.estimate();
    }
    const messages = this.assemble();
    return {
      messages,
      promptTokens: total,
      maxCompletionTokens: tokenBudget - total,
      included: this.slots.filter((s) => !s.dropped).map((s) => s.section.id),
      trimmed: this.slots
        .filter((s) => !s.dropped && s.trimmedFrom !== undefined)
        .map((s) => ({ id: s.section.id, fromTokens: s.trimmedFrom!, toTokens: this.tokens(s.text) })),
      dropped: this.slots.filter((s) => s.dropped).map((s) => s.section.id),
    };
  }

  private leastRelevant(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.slots) {
      if (slot.dropped || slot.section.required) continue;
      if (!best || slot.section.priority < best.section.priority || (slot.section.priority === best.section.priority && slot.order > best.order)) best = slot;
    }
    return best;
  }

  private assemble(): ChatMessage[] {
    const messages: ChatMessage[] = [];
    this.roles.forEach((role, index) => {
      const parts = this.slots.filter((s) => s.message === index && !s.dropped && s.text.trim() !== '').map((s) => s.text);
      if (parts.length) messages.push({ role, content: parts.join(SEPARATOR) });
    });
    return messages;
  }

  private count(): number {
    return this.counter.countMessages(this.assemble());
  }

  private readonly counts = new Map<string, number>();

  private tokens(text: string): number {
    let n = this.counts.get(text);
    if (n === undefined) {
      n = this.counter.count(text);
      this.counts.set(text, n);
    }
    return n;
  }

  /** Sum of the included sections' own counts plus separators and chat framing. */
  private estimate(): number {
    const separator = this.tokens(SEPARATOR);
    const framing = this.counter.countMessages([]);
    let total = framing;
    this.roles.forEach((_, index) => {
      const parts = this.slots.filter((s) => s.message === index && !s.dropped && s.text.trim() !== '');
      if (parts.length === 0) return;
      total += this.counter.countMessages([{ role: 'user', content: '' }]) - framing;
      for (const part of parts) total += this.tokens(part.text);
      total += separator * (parts.length - 1);
    });
    return total;
  }
}

/**
 * Cuts `text` to about `maxTokens`, by whole lines, keeping its head or its tail, and says how
 * many lines were left out so the model knows the context is partial.
 */
export function trimToTokens(text: string, maxTokens: number, mode: 'keep-head' | 'keep-tail', counter: TokenCounter): string {
  if (counter.count(text) <= maxTokens) return text;
  const lines = text.split('\n');
  const note = (omitted: number) => `… (${omitted} line${omitted === 1 ? '' : 's'} omitted)`;
  const build = (keep: number) => {
    const omitted = lines.length - keep;
    return mode === 'keep-head' ? [...lines.slice(0, keep), note(omitted)].join('\n') : [note(omitted), ...lines.slice(lines.length - keep)].join('\n');
  };
  // Binary search for the most lines that fit with the note.
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (counter.count(build(mid)) <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  if (lo > 0) return build(lo);
  // Not even one whole line fits: cut inside the first (or last) line.
  const budget = Math.max(0, maxTokens - counter.count(note(lines.length)) - 1);
  if (mode === 'keep-head') return `${counter.truncate(lines[0] ?? '', budget)}\n${note(lines.length - 1)}`;
  return `${note(lines.length - 1)}\n${counter.truncate(lines.at(-1) ?? '', budget)}`;
}
