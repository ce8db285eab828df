// Small in-memory stand-ins for the repair loop's dependencies: a two-file Python project whose
// "tests" are predicates over the (overlaid) file texts.
import type { CodeEdge, CodeIndex, CodeSymbol } from '../../../src/core/index/types';
import type { CompletionRequest, CompletionResult, LlmClient } from '../../../src/core/llm/types';
import type { RepairDeps, RunRequest } from '../../../src/core/repair/types';
import type { TestFailure, TestRunResult } from '../../../src/core/testing/types';

export const files: Record<string, string> = {
  'shop/cart.py': 'def total(prices):\n    return sum(prices) - 1\n\n\ndef count(prices):\n    return len(prices)\n',
  'tests/test_cart.py': 'from shop.cart import total, count\n\n\ndef test_total():\n    assert total([1, 2]) == 3\n\n\ndef test_count():\n    assert count([1]) == 1\n',
};

export function symbol(file: string, name: string, startLine: number, endLine: number, signature: string): CodeSymbol {
  return { id: `${file}#${name}`, file, language: 'python', name, qualifiedName: name, kind: 'function', startLine, endLine, startByte: 0, endByte: 0, signature, parentId: file };
}

/** The two-file project's index, plus any symbols and edges a test adds. */
export function fakeIndex(extra: { symbols?: CodeSymbol[]; edges?: CodeEdge[] } = {}): CodeIndex {
  const symbols = [
    ...(extra.symbols ?? []),
    symbol('shop/cart.py', 'total', 1, 2, 'def total(prices)'),
    symbol('shop/cart.py', 'count', 5, 6, 'def count(prices)'),
    symbol('tests/test_cart.py', 'test_total', 4, 5, 'def test_total()'),
    symbol('tests/test_cart.py', 'test_count', 8, 9, 'def test_count()'),
  ];
  const edges: CodeEdge[] = [
    { from: 'tests/test_cart.py', to: 'shop/cart.py', kind: 'imports', confidence: 1 },
    { from: 'shop/cart.py#total', to: 'shop/cart.py#count', kind: 'calls', confidence: 0.5 },
    ...(extra.edges ?? []),
  ];
  return {
    root: '/project',
    stats: () => ({ files: 2, symbols: symbols.length, edges: edges.length, parseErrors: 0, ms: 0, languages: { python: 2 } }),
    files: () => [],
    symbols: () => symbols,
    symbol: (id) => symbols.find((s) => s.id === id),
    symbolsInFile: (file) => symbols.filter((s) => s.file === file),
    enclosingSymbol: (file, line) => symbols.find((s) => s.file === file && s.startLine <= line && line <= s.endLine),
    edgesFrom: (id, kind) => edges.filter((e) => e.from === id && (!kind || e.kind === kind)),
    edgesTo: (id, kind) => edges.filter((e) => e.to === id && (!kind || e.kind === kind)),
    search: () => [],
    sourceOf: () => undefined,
  };
}

export const failure: TestFailure = {
  id: 'tests/test_cart.py::test_total',
  file: 'tests/test_cart.py',
  line: 4,
  message: 'assert 2 == 3',
  expected: '3',
  actual: '2',
  stack: [
    { file: 'tests/test_cart.py', line: 5, function: 'test_total', inWorkspace: true },
    { file: 'shop/cart.py', line: 2, function: 'total', inWorkspace: true },
  ],
  kind: 'failed',
};

/** Test predicates over the project's text. */
export const tests: Record<string, (text: Record<string, string>) => boolean> = {
  'tests/test_cart.py::test_total': (t) => /return sum\(prices\)\s*$/m.test(t['shop/cart.py']),
  'tests/test_cart.py::test_count': (t) => t['shop/cart.py'].includes('return len(prices)'),
};

export function fakeRunner(runs: RunRequest[]): RepairDeps['runTests'] {
  return async (request) => {
    runs.push(request);
    const text = { ...files, ...request.overlay };
    const ids = request.testIds ?? Object.keys(tests);
    const results = ids.map((id) => ({ id, name: id, file: 'tests/test_cart.py', status: tests[id](text) ? ('passed' as const) : ('failed' as const) }));
    const failed = results.filter((r) => r.status === 'failed');
    const result: TestRunResult = {
      framework: 'pytest',
      command: 'pytest',
      passed: results.length - failed.length,
      failed: failed.length,
      skipped: 0,
      errors: 0,
      ms: 5,
      tests: results,
      failures: failed.map((r) => ({ ...failure, id: r.id, message: `${r.id} failed` })),
      collectionErrors: [],
      exitCode: failed.length ? 1 : 0,
      timedOut: false,
      cancelled: false,
      output: '',
    };
    return result;
  };
}

/** Answers: "FILE <path>" line followed by the whole new file text. */
export async function applyWholeFile(answer: string, base: Record<string, string>) {
  const match = /^FILE (\S+)\n([\s\S]*)$/m.exec(answer);
  if (!match) return { changes: {}, problems: ['No edit found in the answer.'] };
  const [, file, text] = match;
  if (!(file in base) && !(file in files)) return { changes: {}, problems: [`${file} does not exist.`] };
  return { changes: { [file]: text }, problems: [] };
}

export type Script = (request: CompletionRequest, call: number) => string[] | Error;

export function scriptedLlm(script: Script, requests: CompletionRequest[] = []): LlmClient {
  let call = 0;
  return {
    async complete(request): Promise<CompletionResult> {
      requests.push(request);
      const answer = script(request, call++);
      if (answer instanceof Error) throw answer;
      return { texts: answer, usage: { prompt: 100, completion: 20 * answer.length }, ms: 3, model: 'fake' };
    },
  };
}

export const right = `FILE shop/cart.py\ndef total(prices):\n    return sum(prices)\n\n\ndef count(prices):\n    return len(prices)\n`;
export const wrong = `FILE shop/cart.py\ndef total(prices):\n    return sum(prices) - 2\n\n\ndef count(prices):\n    return len(prices)\n`;
export const breaksCount = `FILE shop/cart.py\ndef total(prices):\n    return sum(prices)\n\n\ndef count(prices):\n    return 0\n`;
