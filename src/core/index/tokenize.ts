// Search terms for BM25: identifiers, lower-cased, plus their parts split on case changes,
// underscores and digits, so `parseHTTPResponse`, `parse_http_response` and a query
// "parse http response" meet on the same terms.

const identifier = /[\p{L}_$][\p{L}\p{N}_$]*/gu;
const part = /\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{N}+/gu;

/** `parseHTTPResponse2` -> ['parse', 'http', 'response', '2']; `__init__` -> ['init']. */
export function splitIdentifier(name: string): string[] {
  return (name.match(part) ?? []).map((p) => p.toLowerCase());
}

// Identifiers repeat a lot within a workspace: remember their split (bounded).
const splitCache = new Map<string, string[]>();

function cachedSplit(name: string): string[] {
  let parts = splitCache.get(name);
  if (!parts) {
    if (splitCache.size > 50_000) splitCache.clear();
    parts = splitIdentifier(name);
    splitCache.set(name, parts);
  }
  return parts;
}

export interface TermOptions {
  /** Stop after this many terms. */
  limit?: number;
  /** Words to leave out (lower case). */
  stopWords?: ReadonlySet<string>;
  /**
   * Keep at most this many occurrences of a term. BM25 saturates with term frequency, so
   * repeats past a few barely change a score but cost index time.
   */
  maxRepeats?: number;
  /** Leave out an identifier made of several parts, keeping only its parts. */
  partsOnly?: boolean;
}

/**
 * Terms of a text: each identifier in lower case, followed by its parts when it has more than
 * one. Single characters are dropped (loop variables, operators) as they rank nothing.
 */
export function searchTerms(text: string, options: TermOptions = {}): string[] {
  const { limit = Number.POSITIVE_INFINITY, stopWords, maxRepeats = Number.POSITIVE_INFINITY, partsOnly = false } = options;
  const terms: string[] = [];
  const seen = maxRepeats === Number.POSITIVE_INFINITY ? undefined : new Map<string, number>();
  const push = (term: string) => {
    if (term.length < 2 || stopWords?.has(term)) return;
    if (seen) {
      const count = seen.get(term) ?? 0;
      if (count >= maxRepeats) return;
      seen.set(term, count + 1);
    }
    terms.push(term);
  };
  for (const match of text.matchAll(identifier)) {
    if (terms.length >= limit) break;
    const word = match[0];
    if (word.length < 2) continue;
    const lower = word.toLowerCase();
    const parts = cachedSplit(word);
    if (parts.length <= 1 || !partsOnly) push(lower);
    if (parts.length > 1) for (const p of parts) if (p !== lower) push(p);
  }
  return terms;
}
