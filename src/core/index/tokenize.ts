// Search terms for BM25: identifiers, lower-cased, plus their parts split on case changes,
// underscores and digits, so `parseHTTPResponse`, `parse_http_response` and a query
// "parse http response" meet on the same terms.

const identifier = /[\p{L}_$][\p{L}\p{N}_$]*/gu;
const part = /\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{N}+/gu;

/** `parseHTTPResponse2` -> ['parse', 'http', 'response', '2']; `__init__` -> ['init']. */
export function splitIdentifier(name: string): string[] {
  return (name.match(part) ?? []).map((p) => p.toLowerCase());
}

/**
 * Terms of a text: each identifier in lower case, followed by its parts when it has more than
 * one. Single characters are dropped (loop variables, operators) as they rank nothing.
 */
export function searchTerms(text: string, limit = Number.POSITIVE_INFINITY): string[] {
  const terms: string[] = [];
  for (const match of text.matchAll(identifier)) {
    if (terms.length >= limit) break;
    const word = match[0];
    if (word.length < 2) continue;
    const lower = word.toLowerCase();
    terms.push(lower);
    const parts = splitIdentifier(word);
    if (parts.length > 1) for (const p of parts) if (p.length > 1 && p !== lower) terms.push(p);
  }
  return terms;
}
