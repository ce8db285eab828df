// The SelfDebug output channel's TextMate grammar (syntaxes/selfdebug-log.tmLanguage.json),
// tokenized with the same engine VS Code uses (vscode-textmate + oniguruma WASM).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar, type StateStack } from 'vscode-textmate';

const require = createRequire(import.meta.url);
const grammarFile = path.resolve(__dirname, '../../syntaxes/selfdebug-log.tmLanguage.json');
let grammar: IGrammar;

beforeAll(async () => {
  await oniguruma.loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer as ArrayBuffer);
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.selfdebug-log' ? parseRawGrammar(readFileSync(grammarFile, 'utf8'), grammarFile) : null,
  });
  const loaded = await registry.loadGrammar('source.selfdebug-log');
  if (!loaded) throw new Error('grammar did not load');
  grammar = loaded;
});

/** Tokenizes a log (several lines, state carried over) and returns each token's text and scopes. */
function tokenize(text: string): { text: string; scopes: string[] }[][] {
  let state: StateStack = INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** Scopes of the token(s) covering `fragment` in a one-line log. */
function scopesOf(line: string, fragment: string): string[] {
  const start = line.indexOf(fragment);
  if (start < 0) throw new Error(`'${fragment}' is not in '${line}'`);
  const tokens = tokenize(line)[0];
  let offset = 0;
  const scopes = new Set<string>();
  for (const token of tokens) {
    const end = offset + token.text.length;
    if (end > start && offset < start + fragment.length) token.scopes.forEach((s) => scopes.add(s));
    offset = end;
  }
  return [...scopes];
}

const has = (scopes: string[], prefix: string) => scopes.some((s) => s.startsWith(prefix));

describe('selfdebug-log grammar', () => {
  it('is the grammar the manifest contributes for the output channel language', () => {
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
    const contributed = manifest.contributes.grammars.find((g: { language: string }) => g.language === 'selfdebug-log');
    expect(contributed.scopeName).toBe('source.selfdebug-log');
    expect(path.resolve(__dirname, '../..', contributed.path)).toBe(grammarFile);
  });

  it('colours log levels and dims timestamps', () => {
    const error = '12:00:01.123 [error] Fix Failing Test failed: boom';
    expect(scopesOf(error, '12:00:01.123')).toContain('comment.line.timestamp.selfdebug-log');
    expect(has(scopesOf(error, '[error]'), 'token.error-token')).toBe(true);
    expect(has(scopesOf(error, 'boom'), 'token.error-token')).toBe(true);
    expect(has(scopesOf('12:00:01.123 [warn] slow model', 'slow model'), 'token.warn-token')).toBe(true);
    expect(has(scopesOf('12:00:01.123 [info] SelfDebug activated', '[info]'), 'token.info-token')).toBe(true);
    expect(has(scopesOf('12:00:01.123 [info] SelfDebug activated', 'activated'), 'token.')).toBe(false);
    expect(has(scopesOf('12:00:01.123 [debug] prompt has 812 tokens', '[debug]'), 'token.debug-token')).toBe(true);
  });

  it('marks pass and fail outcomes and summary counts', () => {
    const pytest = 'tests/test_cart.py::test_total_adds_vat PASSED';
    expect(has(scopesOf(pytest, 'PASSED'), 'markup.inserted.pass')).toBe(true);
    expect(has(scopesOf('FAILED tests/test_money.py::test_round - AssertionError', 'FAILED'), 'markup.deleted.fail')).toBe(true);
    const summary = '12:00:03.000 [info] run finished: 2 failed, 5 passed, 1 skipped in 1.20s';
    expect(has(scopesOf(summary, '2 failed'), 'markup.deleted.fail.count')).toBe(true);
    expect(has(scopesOf(summary, '5 passed'), 'markup.inserted.pass.count')).toBe(true);
    expect(has(scopesOf(summary, '1 skipped'), 'markup.changed.skip.count')).toBe(true);
    expect(has(scopesOf(summary, '1.20s'), 'constant.numeric.duration')).toBe(true);
    expect(has(scopesOf(' ✓ test/stock.test.ts > Inventory > reserves (3 ms)', '✓'), 'markup.inserted.pass')).toBe(true);
    expect(has(scopesOf(' × test/stock.test.ts > Inventory > reserves', '×'), 'markup.deleted.fail')).toBe(true);
    expect(has(scopesOf('not ok 3 - parses dates', 'not ok'), 'markup.deleted.fail')).toBe(true);
  });

  it('does not treat ordinary words as outcomes', () => {
    const line = '12:00:01.123 [info] looking at the passing of time in bookkeeping.py';
    expect(tokenize(line)[0].some((t) => t.scopes.some((s) => s.startsWith('markup.')))).toBe(false);
  });

  it('recognises pytest and vitest test ids', () => {
    const pytest = 'candidate 2 verified on tests/test_shipping.py::TestZones::test_unknown_zone[moon]';
    expect(scopesOf(pytest, 'tests/test_shipping.py')).toContain('entity.name.filename.selfdebug-log');
    expect(scopesOf(pytest, '::TestZones::test_unknown_zone[moon]')).toContain('entity.name.function.test-id.selfdebug-log');
    const vitest = 'FAIL test/stock.test.ts > Inventory > reports low stock';
    expect(scopesOf(vitest, 'test/stock.test.ts')).toContain('entity.name.filename.selfdebug-log');
    expect(scopesOf(vitest, '> Inventory > reports low stock')).toContain('entity.name.function.test-id.selfdebug-log');
  });

  it('recognises file:line locations and Python traceback frames', () => {
    const line = 'suspect shop/pricing.py:24:9 (score 0.91), then src\\stock.ts:61';
    expect(scopesOf(line, 'shop/pricing.py')).toContain('entity.name.filename.selfdebug-log');
    expect(scopesOf(line, '24')).toContain('constant.numeric.line.selfdebug-log');
    expect(scopesOf(line, '9')).toContain('constant.numeric.column.selfdebug-log');
    expect(scopesOf(line, '61')).toContain('constant.numeric.line.selfdebug-log');
    const frame = '  File "/work/shop/money.py", line 17, in round_money';
    expect(scopesOf(frame, '"/work/shop/money.py"')).toContain('entity.name.filename.selfdebug-log');
    expect(scopesOf(frame, '17')).toContain('constant.numeric.line.selfdebug-log');
  });

  it('does not mistake URLs and addresses for locations', () => {
    const line = '12:00:01.123 [info] endpoint http://127.0.0.1:11434/v1 model qwen2.5-coder:7b';
    expect(tokenize(line)[0].some((t) => t.scopes.includes('meta.location.selfdebug-log'))).toBe(false);
  });

  it('colours the lines of a unified diff that continues a log record', () => {
    const lines = tokenize(
      [
        '12:00:02.000 [info] candidate 1 patch:',
        '--- a/shop/pricing.py',
        '+++ b/shop/pricing.py',
        '@@ -23,3 +23,3 @@ def bulk_discount_rate(quantity):',
        '     for minimum, rate in BULK_TIERS:',
        '-        if quantity > minimum:',
        '+        if quantity >= minimum:',
        '             return rate',
      ].join('\n'),
    );
    const lineScopes = lines.map((tokens) => tokens.flatMap((t) => t.scopes));
    expect(lineScopes[1]).toContain('meta.diff.header.selfdebug-log');
    expect(lineScopes[2]).toContain('meta.diff.header.selfdebug-log');
    expect(lineScopes[3]).toContain('meta.diff.range.unified.selfdebug-log');
    expect(lineScopes[5]).toContain('markup.deleted.diff.selfdebug-log');
    expect(lineScopes[6]).toContain('markup.inserted.diff.selfdebug-log');
    expect(lineScopes[4].some((s) => s.startsWith('markup.'))).toBe(false);
    expect(lineScopes[7].some((s) => s.startsWith('markup.'))).toBe(false);
  });
});
