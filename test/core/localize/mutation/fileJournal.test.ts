import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileJournal, JournalBusyError } from '../../../../src/core/localize/mutation/fileJournal';

let project: string;
let home: string;

beforeEach(() => {
  project = mkdtempSync(path.join(os.tmpdir(), 'journal-project-'));
  home = mkdtempSync(path.join(os.tmpdir(), 'journal-home-'));
  writeFileSync(path.join(project, 'a.py'), 'x = 1\n');
  writeFileSync(path.join(project, 'b.py'), 'y = 2\n');
  chmodSync(path.join(project, 'b.py'), 0o751);
  utimesSync(path.join(project, 'a.py'), new Date('2020-01-02T03:04:05Z'), new Date('2021-02-03T04:05:06Z'));
});

afterEach(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

function snapshot(file: string) {
  const stat = statSync(path.join(project, file));
  return { text: readFileSync(path.join(project, file), 'utf8'), mode: stat.mode, mtimeMs: stat.mtimeMs };
}

/** utimes takes seconds as a double: the last digits of a nanosecond time may not survive. */
function expectSame(after: ReturnType<typeof snapshot>, before: ReturnType<typeof snapshot>) {
  expect({ ...after, mtimeMs: 0 }).toEqual({ ...before, mtimeMs: 0 });
  expect(Math.abs(after.mtimeMs - before.mtimeMs)).toBeLessThan(0.01);
}

describe('FileJournal', () => {
  it('restores bytes, mode and modification time', () => {
    const before = [snapshot('a.py'), snapshot('b.py')];
    const journal = FileJournal.open(project, { home });
    journal.write('a.py', 'x = 2\n');
    journal.write('a.py', 'x = 3\n');
    journal.write('b.py', 'y = 0\n');
    expect(readFileSync(path.join(project, 'a.py'), 'utf8')).toBe('x = 3\n');
    expect(journal.changed().sort()).toEqual(['a.py', 'b.py']);
    journal.restore('a.py');
    expectSame(snapshot('a.py'), before[0]);
    journal.close();
    expectSame(snapshot('b.py'), before[1]);
    expect(existsSync(FileJournal.dirFor(project, home))).toBe(false);
  });

  it('restores what a crashed run left behind before the next run starts', () => {
    const before = snapshot('a.py');
    const crashed = FileJournal.open(project, { home });
    crashed.write('a.py', 'broken\n');
    // No close(): the process "died". The next run recovers first.
    const recovered: string[][] = [];
    const next = FileJournal.open(project, { home, onRecovered: (files) => recovered.push(files) });
    expect(recovered).toEqual([['a.py']]);
    expectSame(snapshot('a.py'), before);
    next.close();
  });

  it('refuses to touch a project another live process is changing', async () => {
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      const dir = FileJournal.dirFor(project, home);
      const journal = FileJournal.open(project, { home });
      journal.write('a.py', 'changed\n');
      const file = path.join(dir, 'journal.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace(`"pid":${process.pid}`, `"pid":${sleeper.pid}`));
      expect(() => FileJournal.open(project, { home })).toThrow(JournalBusyError);
      expect(readFileSync(path.join(project, 'a.py'), 'utf8')).toBe('changed\n');
      sleeper.kill('SIGKILL');
      await new Promise((resolve) => sleeper.once('exit', resolve));
      expect(FileJournal.recover(project, home)).toEqual(['a.py']);
      expect(readFileSync(path.join(project, 'a.py'), 'utf8')).toBe('x = 1\n');
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});
