import { describe, expect, it } from 'vitest';
import { excerpt, lastLines, messageOfErrorText, showValue, stripAnsi } from '../../../src/core/testing/text';

describe('runner text helpers', () => {
  it('strips colours and hyperlinks', () => {
    expect(stripAnsi('\u001b[31m×\u001b[39m fails \u001b]8;;file:///a\u0007a\u001b]8;;\u0007')).toBe('× fails a');
  });

  it('keeps the head and tail of long text', () => {
    const text = `HEAD${'x'.repeat(10_000)}TAIL`;
    const cut = excerpt(text, 100);
    expect(cut.startsWith('HEAD')).toBe(true);
    expect(cut.endsWith('TAIL')).toBe(true);
    expect(cut).toContain('characters dropped');
    expect(excerpt('short', 100)).toBe('short');
  });

  it('takes the last non-empty lines', () => {
    expect(lastLines('a\nb\nc\n\n\n', 2)).toBe('b\nc');
  });

  it('separates an error text from its frames', () => {
    expect(messageOfErrorText('Error: expected 1\n\nExpected: 2\n    at x (/a.js:1:1)\n    at y')).toBe('Error: expected 1\n\nExpected: 2');
  });

  it('shows values the way runners do', () => {
    expect(showValue('pear')).toBe('"pear"');
    expect(showValue(2)).toBe('2');
    expect(showValue(undefined)).toBe('undefined');
    expect(showValue({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
  });
});
