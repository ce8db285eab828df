// The review adapter against a faithful fake of the VS Code API: what the document holds after
// each command, user edit, undo, reopen and reload, and what the user is told.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('vscode', async () => await import('./fakeVscode'));

import { silentLogger } from '../../../src/core/ports/console';
import type { Proposal } from '../../../src/core/review/types';
import { ReviewCodeLenses } from '../../../src/vscode/review/codeLens';
import { CONTEXT_KEY, ReviewController } from '../../../src/vscode/review/controller';
import { ReviewDecorations } from '../../../src/vscode/review/decorations';
import { SideBySideDocuments } from '../../../src/vscode/review/sideBySide';
import { ReviewStore } from '../../../src/vscode/review/store';
import { fake, FakeMemento, TextDocumentChangeReason, Uri, type FakeDocument } from './fakeVscode';

const before = 'def add(a, b):\n    return a - b\n\n\ndef sub(a, b):\n    return a + b\n';
const after = 'def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n';
const rendered = 'def add(a, b):\n    return a - b\n    return a + b\n\n\ndef sub(a, b):\n    return a + b\n    return a - b\n';

let dir: string;
let memento: FakeMemento;
let controller: ReviewController;

function proposal(file: string, change: Partial<{ before: string | null; after: string }> = {}, id = 'p1'): Proposal {
  return {
    id,
    title: `Fix ${id}`,
    kind: 'repair',
    changes: [{ path: file, before: change.before === undefined ? before : change.before, after: change.after ?? after }],
    evidence: { summary: 'fixes test_add; 14 tests run, 0 regressions', fixedTests: ['test_add'], stillFailing: [], regressions: [], testsRun: 14 },
  };
}

function start(): ReviewController {
  const c = new ReviewController(silentLogger, new ReviewStore(memento as never, silentLogger));
  const codeLenses = new ReviewCodeLenses((uri) => c.reviewOf(uri as never));
  fake.codeLensProviders.push(codeLenses as never);
  c.start({ decorations: new ReviewDecorations(), codeLenses, sideBySide: new SideBySideDocuments((key) => c.reviewByKey(key)) });
  return c;
}

function openFile(name: string, text: string, unsaved?: string): FakeDocument {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  const doc = fake.open(file, unsaved ?? text);
  fake.show(doc);
  return doc;
}

const key = (doc: FakeDocument) => doc.uri.toString();
const messages = () => fake.messages.map((m) => m.text).join('\n');

beforeEach(() => {
  fake.reset();
  dir = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-review-'));
  memento = new FakeMemento();
  controller = start();
});

afterEach(() => {
  controller.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('showing a proposal', () => {
  it('renders old and proposed lines in place, with lenses, and marks the editor as reviewing', async () => {
    const doc = openFile('calc.py', before);
    await controller.present([proposal(doc.uri.fsPath)]);
    expect(doc.getText()).toBe(rendered);
    expect(fake.context.get(CONTEXT_KEY)).toBe(true);
    expect(fake.lenses(doc)).toEqual([
      '$(sparkle) SelfDebug: Fix p1 — fixes test_add; 14 tests run, 0 regressions',
      'Accept All',
      'Reject All',
      'Side by Side',
      'Accept',
      'Reject',
      'Accept',
      'Reject',
    ]);
  });

  it('opens a file that is not open yet', async () => {
    const file = path.join(dir, 'closed.py');
    writeFileSync(file, before);
    await controller.present([proposal(file)]);
    const doc = fake.documents.find((d) => d.uri.fsPath === file)!;
    expect(doc.getText()).toBe(rendered);
    expect(fake.active?.document).toBe(doc);
  });

  it('says so when the file no longer exists, and changes nothing', async () => {
    await controller.present([proposal(path.join(dir, 'gone.py'))]);
    expect(messages()).toMatch(/gone\.py no longer exists, so its change was skipped/);
    expect(fake.documents).toEqual([]);
  });

  it('shows a new file as an untitled document with the target path, nothing written to disk', async () => {
    const file = path.join(dir, 'new_module.py');
    await controller.present([proposal(file, { before: null, after: 'X = 1\n' })]);
    const doc = fake.documents.find((d) => d.uri.path === file)!;
    expect(doc.uri.scheme).toBe('untitled');
    expect(doc.getText()).toBe('X = 1\n');
    await controller.rejectAll(key(doc));
    expect(doc.getText()).toBe('');
  });

  it('shows the open review again when the same proposal is presented twice', async () => {
    const doc = openFile('calc.py', before);
    await controller.present([proposal(doc.uri.fsPath)]);
    await controller.present([proposal(doc.uri.fsPath)]);
    expect(fake.messages.filter((m) => m.modal)).toEqual([]);
    expect(doc.getText()).toBe(rendered);
  });

  it('asks before replacing another review of the same file, and keeps it when told no', async () => {
    const doc = openFile('calc.py', before);
    await controller.present([proposal(doc.uri.fsPath)]);
    fake.answers.push(undefined);
    await controller.present([proposal(doc.uri.fsPath, { after: before.replace('a + b', 'b + a') }, 'p2')]);
    expect(fake.messages.some((m) => m.modal && /already has a SelfDebug review open \("Fix p1"\)/.test(m.text))).toBe(true);
    expect(doc.getText()).toBe(rendered);

    fake.answers.push('Replace');
    await controller.present([proposal(doc.uri.fsPath, { after: before.replace('return a + b', 'return b + a') }, 'p2')]);
    expect(doc.getText()).toBe(before.replace('    return a + b\n', '    return a + b\n    return b + a\n'));
    expect(controller.reviewOf(doc.uri as never)?.proposal.id).toBe('p2');
  });
});

describe('accepting and rejecting', () => {
  it('accepting one hunk and rejecting the other leaves exactly that merge, and ends the review', async () => {
    const doc = openFile('calc.py', before);
    await controller.present([proposal(doc.uri.fsPath)]);
    await controller.acceptHunk(key(doc), 0);
    await controller.rejectHunk(key(doc), 1);
    expect(doc.getText()).toBe(before.replace('a - b', 'a + b'));
    expect(fake.context.get(CONTEXT_KEY)).toBe(false);
    expect(messages()).toMatch(/review of calc\.py done \(1 accepted, 1 rejected\)/);
  });

  it('acts on the hunk at the cursor when run from a keybinding', async () => {
    const doc = openFile('calc.py', before);
    await controller.present([proposal(doc.uri.fsPath)]);
    fake.active!.selection = new (await import('./fakeVscode')).Selection(6, 0, 6, 0);
    await controller.acceptHunk();
    expect(doc.getText()).toBe('def add(a, b):\n    return a - b\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n');
  });

  it('reject all gives back the exact text shown before the review, unsaved edits included', async () => {
    const unsaved = `# unsaved note\r\n${before.replace(/\n/g, '\r\n')}`;
    const doc = openFile('calc.py', before.replace(/\n/g, '\r\n'), unsaved);
    await controller.present([proposal(doc.uri.fsPath)]);
    expect(doc.getText()).toContain('    return a - b\r\n    return a + b\r\n');
    await controller.rejectAll(key(doc));
    expect(doc.getText()).toBe(unsaved);
  });

  it('never saves: the file on disk is untouched by showing and accepting', async () => {
    const doc = openFile('calc.py', before);
    await controller.present([proposal(doc.uri.fsPath)]);
    await controller.acceptAll(key(doc));
    expect((await import('node:fs')).readFileSync(doc.uri.fsPath, 'utf8')).toBe(before);
    expect(fake.executed.filter(([c]) => String(c).includes('save'))).toEqual([]);
  });
});

describe('saving during a review', () => {
  it('warns once that the saved file holds both versions', async () => {
    const doc = openFile('calc.py', before);
    await controller.present([proposal(doc.uri.fsPath)]);
    fake.events.willSave.fire({ document: doc });
    fake.events.willSave.fire({ document: doc });
    expect(fake.messages.filter((m) => /saved while its review is open/.test(m.text))).toHaveLength(1);
  });
});

describe('user edits during a review', () => {
  it('shifts hunks with edits above them', async () => {
    const doc = openFile('calc.py', before);
    await controller.present([proposal(doc.uri.fsPath)]);
    doc.change([{ offset: 0, length: 0, text: 'import math\n' }]);
    await controller.acceptAll(key(doc));
    expect(doc.getText()).toBe(`import math\n${after}`);
  });

  it('asks before accepting a hunk whose old lines the user edited, and keeps them when told no', async () => {
    const doc = openFile('calc.py', before);
    await controller.present([proposal(doc.uri.fsPath)]);
    const at = doc.getText().indexOf('a - b');
    doc.change([{ offset: at, length: 0, text: '(' }]);
    expect(fake.lenses(doc)).toContain('Accept Anyway…');
    expect(fake.lenses(doc)).toContain('Keep Both');
    const edited = doc.getText();
    fake.answers.push(undefined);
    await controller.acceptHunk(key(doc), 0);
    expect(doc.getText()).toBe(edited);
    // Accept All leaves the edited hunk for the user and says so.
    await controller.acceptAll(key(doc));
    expect(doc.getText()).toContain('    return (a - b\n    return a + b\n');
    expect(messages()).toMatch(/1 change you edited is left for you to decide/);
    fake.answers.push('Accept Anyway');
    await controller.acceptHunk(key(doc), 0);
    expect(doc.getText()).toBe(after);
  });

  it('Keep Both ends the review of an edited hunk without deleting anything', async () => {
    const doc = openFile('calc.py', before);
    await controller.present([proposal(doc.uri.fsPath)]);
    doc.change([{ offset: doc.getText().indexOf('a + b\n\n'), length: 0, text: '(' }]);
    const edited = doc.getText();
    await controller.keepBoth(key(doc), 0);
    expect(doc.getText()).toBe(edited);
    expect(controller.reviewOf(doc.uri as never)?.model.hunks[0].state).toBe('discarded');
  });

  it('undo of an accept brings the hunk back; undo of the last one brings the finished review back', async () => {
    const doc = openFile('calc.py', before);
    await controller.present([proposal(doc.uri.fsPath)]);
    await controller.acceptHunk(key(doc), 0);
    const afterFirst = doc.getText();
    await controller.acceptHunk(key(doc), 1);
    expect(fake.context.get(CONTEXT_KEY)).toBe(false);
    doc.setText(afterFirst, TextDocumentChangeReason.Undo);
    expect(fake.context.get(CONTEXT_KEY)).toBe(true);
    expect(controller.reviewOf(doc.uri as never)?.model.hunks.map((h) => h.state)).toEqual(['accepted', 'pending']);
    doc.setText(rendered, TextDocumentChangeReason.Undo);
    expect(controller.reviewOf(doc.uri as never)?.model.hunks.map((h) => h.state)).toEqual(['pending', 'pending']);
    await controller.rejectAll(key(doc));
    expect(doc.getText()).toBe(before);
  });

  it('treats typing that overtakes its own edit as typing: nothing applied, nothing lost', async () => {
    const doc = openFile('calc.py', before);
    await controller.present([proposal(doc.uri.fsPath)]);
    fake.beforeApply = () => doc.change([{ offset: 0, length: 0, text: '#' }]);
    await controller.acceptHunk(key(doc), 0);
    fake.beforeApply = undefined;
    expect(doc.getText()).toBe(`#${rendered}`);
    expect(messages()).toMatch(/file changed while the change was being applied/);
    expect(controller.reviewOf(doc.uri as never)?.model.hunks[0].state).toBe('pending');
  });
});

describe('candidates, side by side', () => {
  it('Next Candidate shows the alternative in place of the current one', async () => {
    const doc = openFile('calc.py', before);
    const second = proposal(doc.uri.fsPath, { after: before.replace('return a - b', 'return b + a') }, 'p2');
    await controller.present([proposal(doc.uri.fsPath), second]);
    expect(fake.lenses(doc)).toContain('Next Candidate (1 of 2)');
    await controller.nextCandidate(key(doc));
    expect(doc.getText()).toBe(before.replace('    return a - b\n', '    return a - b\n    return b + a\n'));
    expect(fake.lenses(doc)).toContain('Next Candidate (2 of 2)');
    await controller.nextCandidate(key(doc));
    expect(doc.getText()).toBe(rendered);
  });

  it('undoing a switch of candidates brings the previous candidate back with its hunks', async () => {
    const doc = openFile('calc.py', before);
    await controller.present([proposal(doc.uri.fsPath), proposal(doc.uri.fsPath, { after: before.replace('return a - b', 'return b + a') }, 'p2')]);
    await controller.nextCandidate(key(doc));
    doc.setText(before, TextDocumentChangeReason.Undo); // the second candidate's rendering
    doc.setText(rendered, TextDocumentChangeReason.Undo); // the first candidate's rejection
    const review = controller.reviewOf(doc.uri as never)!;
    expect(review.proposal.id).toBe('p1');
    expect(review.model.hunks.map((h) => h.state)).toEqual(['pending', 'pending']);
    expect(fake.context.get(CONTEXT_KEY)).toBe(true);
  });

  it('asks before switching candidates when the user edited a change, and stays when told no', async () => {
    const doc = openFile('calc.py', before);
    await controller.present([proposal(doc.uri.fsPath), proposal(doc.uri.fsPath, { after: before.replace('return a - b', 'return b + a') }, 'p2')]);
    doc.change([{ offset: doc.getText().indexOf('a + b\n\n'), length: 0, text: '(' }]);
    const edited = doc.getText();
    fake.answers.push(undefined);
    await controller.nextCandidate(key(doc));
    expect(fake.messages.some((m) => m.modal && /Switching keeps those changes as they are now/.test(m.text))).toBe(true);
    expect(doc.getText()).toBe(edited);
    expect(controller.reviewOf(doc.uri as never)?.proposal.id).toBe('p1');
  });

  it('serves the current and proposed sides for the diff editor', async () => {
    const doc = openFile('calc.py', before);
    await controller.present([proposal(doc.uri.fsPath)]);
    const provider = new SideBySideDocuments((k) => controller.reviewByKey(k));
    const review = controller.reviewOf(doc.uri as never)!;
    expect(provider.provideTextDocumentContent(provider.uriFor(review, 'current') as never)).toBe(before);
    expect(provider.provideTextDocumentContent(provider.uriFor(review, 'proposed') as never)).toBe(after);
  });
});

describe('closing, reloading, deleting', () => {
  it('restores an open review after a reload when the document still shows it', async () => {
    const doc = openFile('calc.py', before);
    await controller.present([proposal(doc.uri.fsPath)]);
    await controller.flush();
    controller.dispose();
    fake.codeLensProviders = [];
    controller = start();
    expect(fake.lenses(doc)).toContain('Accept All');
    await controller.rejectAll(key(doc));
    expect(doc.getText()).toBe(before);
  });

  it('drops a review cleanly when the file comes back without its proposed lines (closed without saving)', async () => {
    const doc = openFile('calc.py', before);
    await controller.present([proposal(doc.uri.fsPath)]);
    fake.close(doc);
    const reopened = fake.open(doc.uri.fsPath, before);
    expect(messages()).toMatch(/review of calc\.py was closed because the file changed while it was closed/);
    expect(controller.reviewOf(reopened.uri as never)).toBeUndefined();
    expect(reopened.getText()).toBe(before);
  });

  it('keeps a review whose file was saved with it and reopened', async () => {
    const doc = openFile('calc.py', before);
    await controller.present([proposal(doc.uri.fsPath)]);
    fake.close(doc);
    const reopened = fake.open(doc.uri.fsPath, rendered);
    fake.show(reopened);
    expect(fake.lenses(reopened)).toContain('Accept All');
  });

  it('closes the review of a deleted file that is not open, and keeps one whose editor is open', async () => {
    const doc = openFile('calc.py', before);
    await controller.present([proposal(doc.uri.fsPath)]);
    fake.watchers.find((w) => w.uri === doc.uri.path)!.fireDelete(doc.uri as never);
    expect(messages()).toMatch(/deleted on disk while it was being reviewed.*review stays open/);
    fake.close(doc);
    fake.watchers.find((w) => w.uri === doc.uri.path)!.fireDelete(doc.uri as never);
    expect(messages()).toMatch(/calc\.py was deleted, so its review was closed/);
    expect(controller.reviewOf(Uri.file(doc.uri.path) as never)).toBeUndefined();
  });
});
