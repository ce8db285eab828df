// Makes temporary edits to a project's files undoable even across a crash: before a file is
// changed, its original bytes, mode and times are copied outside the project and recorded in a
// journal (written atomically). Restoring puts every byte and timestamp back. A later run on the
// same project finds a journal left by a killed run and restores it first.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const journalSchema = z.object({
  version: z.literal(1),
  pid: z.number().int(),
  root: z.string(),
  files: z.record(z.string(), z.object({ backup: z.string(), mode: z.number(), atimeMs: z.number(), mtimeMs: z.number() })),
});

type Journal = z.infer<typeof journalSchema>;

export class JournalBusyError extends Error {}

export function defaultJournalHome(): string {
  return path.join(os.tmpdir(), 'selfdebug-journal');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class FileJournal {
  private journal: Journal;
  private closed = false;

  private constructor(
    readonly root: string,
    private readonly dir: string,
  ) {
    this.journal = { version: 1, pid: process.pid, root, files: {} };
  }

  /** The journal folder for a project (one per project path). */
  static dirFor(root: string, home = defaultJournalHome()): string {
    const key = createHash('sha1').update(path.resolve(root)).digest('hex').slice(0, 16);
    return path.join(home, key);
  }

  /**
   * Opens the project's journal, first restoring what an interrupted run left behind. Throws a
   * JournalBusyError while another live process holds it.
   */
  static open(root: string, options: { home?: string; onRecovered?: (files: string[]) => void } = {}): FileJournal {
    const absolute = path.resolve(root);
    const dir = FileJournal.dirFor(absolute, options.home);
    const recovered = FileJournal.recover(absolute, options.home);
    if (recovered.length) options.onRecovered?.(recovered);
    mkdirSync(dir, { recursive: true });
    const journal = new FileJournal(absolute, dir);
    journal.save();
    return journal;
  }

  /** Restores the files of a journal left by a run that is no longer alive; returns their paths. */
  static recover(root: string, home?: string): string[] {
    const dir = FileJournal.dirFor(root, home);
    const file = path.join(dir, 'journal.json');
    if (!existsSync(file)) return [];
    const parsed = journalSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`Unreadable journal ${file}: ${parsed.error.message}. Restore the files listed there by hand, then delete it.`);
    if (parsed.data.pid !== process.pid && isAlive(parsed.data.pid)) {
      throw new JournalBusyError(`Another run (pid ${parsed.data.pid}) is changing files in ${root}; wait for it or stop it first.`);
    }
    const restored: string[] = [];
    for (const [relative, entry] of Object.entries(parsed.data.files)) {
      restoreOne(path.join(parsed.data.root, relative), path.join(dir, entry.backup), entry);
      restored.push(relative);
    }
    rmSync(dir, { recursive: true, force: true });
    return restored;
  }

  /** Replaces a file's text, keeping its original for restore (only the first time). */
  write(relative: string, text: string): void {
    if (this.closed) throw new Error('Journal already closed');
    const target = path.join(this.root, relative);
    if (!this.journal.files[relative]) {
      const stat = statSync(target);
      const backup = `${Object.keys(this.journal.files).length}.orig`;
      copyFileSync(target, path.join(this.dir, backup));
      this.journal.files[relative] = { backup, mode: stat.mode, atimeMs: stat.atimeMs, mtimeMs: stat.mtimeMs };
      // The journal names the backup before the file changes, so a crash in between loses nothing.
      this.save();
    }
    writeFileSync(target, text);
  }

  /** Puts one file back exactly as it was. */
  restore(relative: string): void {
    const entry = this.journal.files[relative];
    if (!entry) return;
    restoreOne(path.join(this.root, relative), path.join(this.dir, entry.backup), entry);
    delete this.journal.files[relative];
    this.save();
    rmSync(path.join(this.dir, entry.backup), { force: true });
  }

  /** Files currently changed. */
  changed(): string[] {
    return Object.keys(this.journal.files);
  }

  /** Restores everything and removes the journal. Synchronous, so signal and exit handlers can call it. */
  close(): void {
    if (this.closed) return;
    for (const relative of Object.keys(this.journal.files)) this.restore(relative);
    this.closed = true;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private save(): void {
    const file = path.join(this.dir, 'journal.json');
    writeFileSync(`${file}.tmp`, JSON.stringify(this.journal));
    renameSync(`${file}.tmp`, file);
  }
}

function restoreOne(target: string, backup: string, entry: { mode: number; atimeMs: number; mtimeMs: number }): void {
  if (!existsSync(backup)) throw new Error(`Backup ${backup} of ${target} is missing`);
  copyFileSync(backup, target);
  chmodSync(target, entry.mode & 0o7777);
  utimesSync(target, entry.atimeMs / 1000, entry.mtimeMs / 1000);
}
