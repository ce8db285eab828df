// The benchmark must leave the project exactly as found even when it is stopped mid-run: a
// SIGTERM restores at once; after a SIGKILL the journal lets the next run (or --restore-only)
// restore it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileJournal } from '../../../../src/core/localize/mutation/fileJournal';

const repo = path.resolve(__dirname, '../../../..');
// Inside the repository so the bundle finds resources/ and node_modules/ as the real one does.
const bundle = path.join(repo, 'node_modules', '.cache', 'selfdebug-bench-test', `localize-${process.pid}.cjs`);
let project: string;
let home: string;

/** Every file (text, mode, time) and, optionally, every folder of the project. */
function snapshot(dir: string, withFolders = false): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, name);
    const stat = statSync(file);
    if (stat.isFile()) result[name] = `${readFileSync(file, 'utf8')}|${stat.mode}|${Math.round(stat.mtimeMs)}`;
    else if (withFolders) result[name] = 'folder';
  }
  return result;
}

function startBench(extra: string[] = []): ChildProcess {
  return spawn(process.execPath, [bundle, '--project', project, '--test-command', 'python3 -m pytest -q -p no:cacheprovider', '--mutants', '50', '--seed', '3', '--journal-home', home, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves once the journal records a changed file: the benchmark is in the middle of a mutant. */
async function untilMutating(child: ChildProcess): Promise<void> {
  const file = path.join(FileJournal.dirFor(project, home), 'journal.json');
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`benchmark ended early with ${child.exitCode}`);
    if (existsSync(file) && /"files":\{"/.test(readFileSync(file, 'utf8'))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('benchmark never mutated a file');
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

beforeAll(async () => {
  await esbuild.build({
    entryPoints: [path.join(repo, 'bench', 'localize.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
    define: { 'import.meta.url': '__import_meta_url' },
    banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
  });
  project = mkdtempSync(path.join(os.tmpdir(), 'bench-project-'));
  home = mkdtempSync(path.join(os.tmpdir(), 'bench-journal-'));
  mkdirSync(path.join(project, 'tally'));
  mkdirSync(path.join(project, 'tests'));
  writeFileSync(path.join(project, 'tally', '__init__.py'), '');
  writeFileSync(path.join(project, 'tally', 'count.py'), ['def count_words(text):', '    words = text.split()', '    return len(words)', '', '', 'def longest(words):', '    best = ""', '    for word in words:', '        if len(word) > len(best):', '            best = word', '    return best', ''].join('\n'));
  writeFileSync(path.join(project, 'tests', 'test_count.py'), ['from tally.count import count_words, longest', '', '', 'def test_count():', '    assert count_words("a b  c") == 3', '', '', 'def test_longest():', '    assert longest(["ab", "abc", "x"]) == "abc"', ''].join('\n'));
}, 120_000);

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
  rmSync(bundle, { force: true });
});

describe('bench:localize interrupted', () => {
  it('restores the project on SIGTERM', async () => {
    const before = snapshot(project, true);
    const child = startBench();
    await untilMutating(child);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(143);
    // Files and folders: caches the test runs created (pytest-benchmark's .benchmarks...) are gone too.
    expect(snapshot(project, true)).toEqual(before);
    expect(existsSync(FileJournal.dirFor(project, home))).toBe(false);
  }, 120_000);

  it('restores the project from the journal after a SIGKILL', async () => {
    const before = snapshot(project);
    const child = startBench();
    await untilMutating(child);
    child.kill('SIGKILL');
    await exited(child);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Killed without a chance to clean up: a file is still mutated.
    expect(snapshot(project)).not.toEqual(before);
    const restore = startBench(['--restore-only']);
    expect(await exited(restore)).toBe(0);
    expect(snapshot(project)).toEqual(before);
  }, 120_000);
});
