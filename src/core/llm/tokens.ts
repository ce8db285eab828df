// Token counting with gpt-tokenizer (a pure-JS port of OpenAI's BPE encodings). The encoding is
// chosen by model family; local models (Llama, Qwen, Mistral, ...) use tokenizers we do not
// ship, so for them we count with o200k and add a safety margin so the budget still holds.
import * as cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import type { ChatMessage } from './types';

export type EncodingName = 'o200k_base' | 'cl100k_base';

/** Chat framing per message (role, separators) and for priming the reply, as OpenAI documents. */
const TOKENS_PER_MESSAGE = 4;
const TOKENS_REPLY_PRIMING = 3;
/** Margin for models whose tokenizer is not the one we count with. */
const UNKNOWN_MODEL_FACTOR = 1.15;

// Special-token text in user code (`<|endoftext|>`) is counted as plain text, not rejected.
const plainText = { disallowedSpecial: new Set<string>() };

export interface TokenCounter {
  readonly encoding: EncodingName;
  /** True when the encoding is the model's own (OpenAI models); false for an estimate. */
  readonly exact: boolean;
  count(text: string): number;
  countMessages(messages: readonly ChatMessage[]): number;
  /** The longest prefix of `text` that fits in `maxTokens`. */
  truncate(text: string, maxTokens: number): string;
}

/** Encoding used by an OpenAI model name, or undefined for models we do not know. */
export function encodingForModel(model: string): EncodingName | undefined {
  // Strip provider prefixes ("openai/gpt-4o", "azure/...") and a fine-tune prefix ("ft:gpt-4o:...").
  const name = model.toLowerCase().replace(/^ft:/, '').split('/').pop() ?? '';
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|chatgpt-4o|o1|o3|o4|gpt-oss|codex)/.test(name)) return 'o200k_base';
  if (/^(gpt-4|gpt-3\.5|gpt-35|text-embedding)/.test(name)) return 'cl100k_base';
  return undefined;
}

const cache = new Map<string, TokenCounter>();

export function tokenCounterFor(model: string): TokenCounter {
  let counter = cache.get(model);
  if (!counter) {
    const known = encodingForModel(model);
    counter = makeCounter(known ?? 'o200k_base', known !== undefined);
    cache.set(model, counter);
  }
  return counter;
}

function makeCounter(encoding: EncodingName, exact: boolean): TokenCounter {
  const api = encoding === 'o200k_base' ? o200k : cl100k;
  const factor = exact ? 1 : UNKNOWN_MODEL_FACTOR;
  const count = (text: string) => (text ? Math.ceil(api.countTokens(text, plainText) * factor) : 0);
  return {
    encoding,
    exact,
    count,
    countMessages(messages) {
      let total = TOKENS_REPLY_PRIMING;
      for (const message of messages) total += TOKENS_PER_MESSAGE + count(message.content);
      return total;
    },
    truncate(text, maxTokens) {
      if (maxTokens <= 0) return '';
      if (count(text) <= maxTokens) return text;
      const tokens = api.encode(text, plainText);
      return api.decode(tokens.slice(0, Math.floor(maxTokens / factor)));
    },
  };
}
