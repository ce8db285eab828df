import { describe, expect, it } from 'vitest';
import { formatSku, parseSku } from '../src/sku';

describe('parseSku', () => {
  it('reads category, number and variant', () => {
    expect(parseSku('tool-0042-bl')).toEqual({ category: 'TOOL', number: 42, variant: 'BL' });
  });

  it('rejects malformed SKUs', () => {
    expect(() => parseSku('TOOL-42')).toThrow(/not a SKU/);
  });

  it('round-trips through formatSku', () => {
    expect(formatSku(parseSku('PAINT-0007'))).toBe('PAINT-0007');
  });
});
