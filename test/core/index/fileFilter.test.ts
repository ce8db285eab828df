import { describe, expect, it } from 'vitest';
import { defaultLimits, skipReason } from '../../../src/core/index/fileFilter';

describe('file filter', () => {
  it('keeps ordinary source', () => {
    expect(skipReason('a.py', 'def f():\n    return 1\n'.repeat(200))).toBeUndefined();
  });

  it('skips huge, binary and minified files', () => {
    expect(skipReason('a.py', 'x = 1\n', { ...defaultLimits, maxFileBytes: 3 })).toBe('tooLarge');
    expect(skipReason('a.js', 'var a;\u0000\u0001')).toBe('binary');
    expect(skipReason('lib/jquery.min.js', 'var a;')).toBe('minified');
    expect(skipReason('bundle.js', `var a=1;${'b();'.repeat(2000)}`)).toBe('minified');
    expect(skipReason('wide.js', `${'x'.repeat(400)}\n`.repeat(10))).toBe('minified');
  });
});
