import { describe, expect, it } from 'vitest';
import { locate } from '../../../src/core/edits/locate';

const file = ['class Cart:', '    def total(self):', '        total = 0', '', '        for item in self.items:', '            total += item.price', '        return total', '', '    def count(self):', '        total = 0', '        return len(self.items)', ''].join('\n');

function found(search: string) {
  const result = locate(file, search);
  if (!result.ok) throw new Error(result.reason);
  return { ...result, text: file.slice(result.start, result.end) };
}

describe('locating SEARCH text', () => {
  it('matches exactly', () => {
    const match = found('            total += item.price');
    expect(match.text).toBe('            total += item.price');
    expect(match.indent).toBeUndefined();
  });

  it('ignores blank lines at the edges and trailing whitespace', () => {
    expect(found('\n\n        return total   \n\n').text).toBe('        return total');
  });

  it('ignores indentation drift and says how to re-indent', () => {
    const match = found('for item in self.items:\n    total += item.price');
    expect(match.text).toBe('        for item in self.items:\n            total += item.price');
    expect(match.indent).toEqual({ fromBase: 0, toIndent: '        ', scale: 1 });
    expect(match.note).toBe('matched ignoring indentation');
  });

  it('sees that the SEARCH text was written with half the indentation', () => {
    const match = found('    for item in self.items:\n      total += item.price');
    expect(match.indent).toEqual({ fromBase: 4, toIndent: '        ', scale: 2 });
  });

  it('ignores blank lines that differ inside the SEARCH text', () => {
    const match = found('total = 0\nfor item in self.items:');
    expect(match.text).toBe('        total = 0\n\n        for item in self.items:');
  });

  it('rejects text found in several places, naming them', () => {
    const result = locate(file, '        total = 0');
    expect(result).toMatchObject({ ok: false, reason: 'the SEARCH text matches 2 places in the file (lines 3, 10); include more surrounding lines so it matches exactly one.' });
    expect(!result.ok && result.candidates?.map((c) => file.slice(c.start, c.end))).toEqual(['        total = 0', '        total = 0']);
  });

  it('rejects text that is not there, pointing at the closest lines and the first difference', () => {
    const result = locate(file, '        for item in self.items:\n            total += item.cost\n        return total');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe(
      'the SEARCH text was not found in the file. The closest lines are 5-7. Line 6 of the file is `total += item.price` but the SEARCH text has `total += item.cost`. Copy the lines to replace exactly from the current code.',
    );
  });

  it('matches several lines only as whole lines (closing braces are not a prefix of "};")', () => {
    const js = 'function f() {\n  if (x) {\n    y();\n  }\n};\n';
    const result = locate(js, '  }\n}');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain('Line 5 of the file is `};` but the SEARCH text has `}`.');
  });

  it('rejects an empty SEARCH part', () => {
    expect(locate(file, '\n  \n')).toMatchObject({ ok: false, reason: expect.stringContaining('SEARCH part is empty') });
  });
});
