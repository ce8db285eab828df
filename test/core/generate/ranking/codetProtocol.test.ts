import { describe, expect, it } from 'vitest';
import { compileProbe, cutCodeSample, splitTestSample } from '../../../../src/core/generate/ranking/codetProtocol';

describe('CodeT post-processing', () => {
  it('cuts a code sample at the first top-level def, class, if, print or comment line', () => {
    const sample = '    return x * 2\n\n\ndef helper():\n    pass\nif __name__ == "__main__":\n    print(1)\n';
    expect(cutCodeSample(sample)).toBe('    return x * 2\n\n');
    expect(cutCodeSample('    if x:\n        return 1\n    return 2\n# tests\n')).toBe('    if x:\n        return 1\n    return 2');
    expect(cutCodeSample('    return 1\nprint(f(2))')).toBe('    return 1');
  });

  it('splits a test sample on assert, keeping the pieces that call the entry point', () => {
    const sample = '\tf(1) == 2\nassert f(2) == 4\nassert g(3) == 1\nassert\nassert f(3) == 6\n\n# more\nassert f(9) == 0';
    // Each piece is cut on its own: the comment ends the f(3) piece, the f(9) piece starts after it.
    expect(splitTestSample(sample, 'f')).toEqual(['assert \tf(1) == 2', 'assert f(2) == 4', 'assert f(3) == 6', 'assert f(9) == 0']);
    expect(splitTestSample('\n', 'f')).toEqual([]);
  });

  it('asks Python whether a test compiles inside a try block', () => {
    expect(compileProbe('assert f(1) == 2')).toBe(`compile("try:\\n    assert f(1) == 2\\nexcept:\\n    pass\\n", '', 'exec') is not None`);
  });
});
