import { describe, expect, it } from 'vitest';
import { detectIndentUnit, reindent, toLf, withEol } from '../../../src/core/edits/text';

describe('line endings and indentation', () => {
  it('normalises CRLF and remembers it', () => {
    expect(toLf('a\r\nb\r\n')).toEqual({ text: 'a\nb\n', eol: '\r\n' });
    expect(toLf('a\nb\r\nc\n')).toEqual({ text: 'a\nb\nc\n', eol: '\n' });
    expect(withEol('a\nb\n', '\r\n')).toBe('a\r\nb\r\n');
  });

  it('detects the indentation unit of a text', () => {
    expect(detectIndentUnit('def f():\n    if x:\n        y\n')).toBe('    ');
    expect(detectIndentUnit('function f() {\n  if (x) {\n    y;\n  }\n}\n')).toBe('  ');
    expect(detectIndentUnit('class A {\n\tm() {\n\t\treturn 1;\n\t}\n}\n')).toBe('\t');
  });

  it('moves a block to a target indentation, converting 2 spaces to 4', () => {
    expect(reindent('def total(self):\n  if x:\n    return 1\n\n  return 2', '    ', '    ')).toBe('    def total(self):\n        if x:\n            return 1\n\n        return 2');
  });

  it('converts spaces to tabs and keeps relative indentation', () => {
    expect(reindent('    m() {\n      return 1;\n    }', '\t', '\t')).toBe('\tm() {\n\t\treturn 1;\n\t}');
  });

  it('uses a given base when re-indenting a SEARCH/REPLACE part', () => {
    // The REPLACE part was written 4 columns further left than the code it replaces.
    expect(reindent('x = 1\nif x:\n    y = 2', '        ', '    ', 0)).toBe('        x = 1\n        if x:\n            y = 2');
  });
});
