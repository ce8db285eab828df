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

  it('stops at a limit', () => {
    expect(searchTerms('alpha beta gamma delta', 2)).toEqual(['alpha', 'beta']);
  });
});
