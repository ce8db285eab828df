import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../src/core/ports/console';
import { Selection, state, textDocument } from './fakeVscode';

vi.mock('vscode', async () => await import('./fakeVscode'));

const { StubLenses } = await import('../../../src/vscode/generate/stubLenses');
const { resolveCommandTarget } = await import('../../../src/vscode/generate/targets');

const fixture = path.join(__dirname, '../../fixtures/generate-py');
const token = { isCancellationRequested: false } as never;

beforeEach(() => {
  state.folder = fixture;
  state.activeTextEditor = undefined;
  state.warnings = [];
});

describe('stub code lenses', () => {
  it('puts "Generate implementation" on the def line of each stub, with the target as argument', async () => {
    const file = path.join(fixture, 'shelf/text.py');
    const document = textDocument(file, readFileSync(file, 'utf8'));
    const lenses = await new StubLenses(silentLogger).provideCodeLenses(document as never, token);
    expect(lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command])).toEqual([
      [6, '$(sparkle) Generate implementation', 'selfdebug.generateImplementation'],
      [18, '$(sparkle) Generate implementation', 'selfdebug.generateImplementation'],
    ]);
    expect(lenses[0]!.command!.arguments).toEqual([{ folder: fixture, file: 'shelf/text.py', qualifiedName: 'slugify', line: 7 }]);
  });

  it('finds none in a file without stubs, outside the folder, or in another language', async () => {
    const lenses = new StubLenses(silentLogger);
    const shelving = path.join(fixture, 'shelf/shelving.py');
    expect(await lenses.provideCodeLenses(textDocument(shelving, readFileSync(shelving, 'utf8')) as never, token)).toEqual([]);
    expect(await lenses.provideCodeLenses(textDocument('/elsewhere/a.py', 'def f():\n    pass\n') as never, token)).toEqual([]);
    expect(await lenses.provideCodeLenses(textDocument(path.join(fixture, 'notes.txt'), 'def f():\n    pass\n') as never, token)).toEqual([]);
  });

  it('finds none in test code, where an empty body is a placeholder test', async () => {
    const lenses = new StubLenses(silentLogger);
    const skipped = '@pytest.mark.skip\ndef test_later():\n    pass\n';
    expect(await lenses.provideCodeLenses(textDocument(path.join(fixture, 'tests/test_shelf.py'), skipped) as never, token)).toEqual([]);
    expect(await lenses.provideCodeLenses(textDocument(path.join(fixture, 'shelf/later.py'), 'def later():\n    pass\n') as never, token)).toHaveLength(1);
  });
});

describe('command targets', () => {
  it('takes the code lens argument as it is', () => {
    expect(resolveCommandTarget({ folder: fixture, file: 'shelf/stats.py', qualifiedName: 'median', line: 4 }, 'function')).toEqual({
      folder: fixture,
      query: { file: 'shelf/stats.py', qualifiedName: 'median', line: 4 },
      label: 'median',
    });
  });

  it('uses the cursor line, or the selected lines, of the active editor', () => {
    const file = path.join(fixture, 'shelf/stats.py');
    state.activeTextEditor = { document: textDocument(file, readFileSync(file, 'utf8')), selection: new Selection(9, 4, 9, 4) };
    expect(resolveCommandTarget(undefined, 'function to implement')).toMatchObject({ query: { file: 'shelf/stats.py', line: 10 }, label: 'the function to implement at stats.py:10' });
    state.activeTextEditor.selection = new Selection(3, 0, 11, 0);
    expect(resolveCommandTarget(undefined, 'function')!.query).toEqual({ file: 'shelf/stats.py', line: 4, endLine: 11 });
  });

  it('explains why there is no target', () => {
    expect(resolveCommandTarget(undefined, 'function to implement')).toBeUndefined();
    expect(state.warnings.pop()).toBe('SelfDebug: open a Python, JavaScript or TypeScript file and put the cursor in the function to implement.');
    state.activeTextEditor = { document: textDocument(path.join(fixture, 'pyproject.toml'), ''), selection: new Selection(0, 0, 0, 0) };
    expect(resolveCommandTarget(undefined, 'function')).toBeUndefined();
    expect(state.warnings.pop()).toBe('SelfDebug: pyproject.toml is not a Python, JavaScript or TypeScript file.');
  });
});
