import { describe, expect, it } from 'vitest';
import { searchTerms, splitIdentifier } from '../../../src/core/index/tokenize';

describe('search terms', () => {
  it('splits identifiers on case changes, underscores and digits', () => {
    expect(splitIdentifier('parseHTTPResponse2')).toEqual(['parse', 'http', 'response', '2']);
    expect(splitIdentifier('parse_http_response')).toEqual(['parse', 'http', 'response']);
    expect(splitIdentifier('__init__')).toEqual(['init']);
    expect(splitIdentifier('XMLParser')).toEqual(['xml', 'parser']);
  });

  it('keeps each identifier whole and adds its parts', () => {
    expect(searchTerms('total = computeTotal(cart_items) + x')).toEqual(['total', 'computetotal', 'compute', 'total', 'cart_items', 'cart', 'items']);
  });

  it('stops at a limit, leaves out stop words and caps repeats', () => {
    expect(searchTerms('alpha beta gamma delta', { limit: 2 })).toEqual(['alpha', 'beta']);
    expect(searchTerms('return self.total if self.total else None', { stopWords: new Set(['return', 'self', 'if', 'else', 'none']) })).toEqual(['total', 'total']);
    expect(searchTerms('x.total + x.total + x.total + x.total', { maxRepeats: 3 })).toEqual(['total', 'total', 'total']);
    expect(searchTerms('cart_total total', { partsOnly: true, maxRepeats: 1 })).toEqual(['cart', 'total']);
  });
});
