import { describe, expect, it } from 'vitest';
import {
  acceptAll,
  acceptHunk,
  applyUserEdit,
  createReview,
  currentSideText,
  discardHunk,
  modelText,
  openHunks,
  proposedSideText,
  rejectAll,
  rejectHunk,
  ReviewError,
  type ReviewModel,
} from '../../../src/core/review/model';

const before = 'def add(a, b):\n    return a - b\n\n\ndef sub(a, b):\n    return a + b\n';
const after = 'def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    """Difference."""\n    return a - b\n';

function review(current = before, change = { before, after }): ReviewModel {
  return createReview(current, change);
}

/** Applies an edit to a plain string, the way the editor does. */
const splice = (text: string, offset: number, length: number, insert: string) => text.slice(0, offset) + insert + text.slice(offset + length);

describe('createReview', () => {
  it('shows each hunk in place: old lines, then proposed lines', () => {
    const model = review();
    expect(model.hunks.map((h) => h.state)).toEqual(['pending', 'pending']);
    expect(modelText(model)).toBe(
      'def add(a, b):\n    return a - b\n    return a + b\n\n\ndef sub(a, b):\n    return a + b\n    """Difference."""\n    return a - b\n',
    );
    expect(currentSideText(model)).toBe(before);
    expect(proposedSideText(model)).toBe(after);
  });

  it("uses the document's CRLF line breaks and final-newline choice for the proposal", () => {
    const crlf = before.replace(/\n/g, '\r\n').replace(/\r\n$/, '');
    const model = createReview(crlf, { before, after });
    expect(modelText(rejectAll(model))).toBe(crlf);
    expect(modelText(acceptAll(model))).toBe(after.replace(/\n/g, '\r\n').replace(/\r\n$/, ''));
  });

  it('glues old and proposed lines with a line break when the old lines end the file without one', () => {
    const model = createReview('a\nb', { before: 'a\nb', after: 'a\nc' });
    expect(modelText(model)).toBe('a\nb\nc');
    expect(modelText(acceptAll(model))).toBe('a\nc');
    expect(modelText(rejectAll(model))).toBe('a\nb');
  });

  it('proposes a new file as one hunk of added lines', () => {
    const model = createReview('', { before: null, after: 'x = 1\n' });
    expect(modelText(model)).toBe('x = 1\n');
    expect(modelText(rejectAll(model))).toBe('');
    expect(modelText(acceptAll(model))).toBe('x = 1\n');
  });

  it('marks hunks that overlap unsaved edits made after the proposal as conflicting', () => {
    const current = before.replace('return a - b', 'return a * b');
    const model = review(current);
    const [first, second] = model.hunks;
    expect(first).toMatchObject({ state: 'stale', conflict: true, removedEdited: true, removed: '    return a * b\n' });
    expect(second.state).toBe('pending');
    expect(modelText(rejectAll(model)).startsWith('def add(a, b):\n    return a * b\n    return a + b\n')).toBe(true);
  });
});

describe('accept and reject', () => {
  it('accepting one hunk and rejecting the other merges exactly those changes', () => {
    const model = rejectHunk(acceptHunk(review(), 0), 1);
    expect(modelText(model)).toBe(before.replace('a - b', 'a + b'));
    expect(openHunks(model)).toEqual([]);
  });

  it('reject all gives back the exact original text', () => {
    expect(modelText(rejectAll(review()))).toBe(before);
  });

  it('refuses to resolve a hunk twice', () => {
    expect(() => acceptHunk(acceptHunk(review(), 0), 0)).toThrow(ReviewError);
    expect(() => rejectHunk(review(), 7)).toThrow(/No hunk 7/);
  });
});

describe('user edits during a review', () => {
  it('shifts hunks after an edit made above them', () => {
    const model = review();
    const edited = applyUserEdit(model, { offset: 0, length: 0, text: 'import os\n' });
    expect(edited.hunks.map((h) => h.state)).toEqual(['pending', 'pending']);
    expect(modelText(rejectAll(edited))).toBe(`import os\n${before}`);
    expect(modelText(acceptAll(edited))).toBe(`import os\n${after}`);
  });

  it('marks a hunk stale when its old lines are edited, and then will not delete them without force', () => {
    const model = review();
    const text = modelText(model);
    const at = text.indexOf('a - b') + 4;
    const edited = applyUserEdit(model, { offset: at, length: 1, text: 'c' });
    expect(modelText(edited)).toBe(splice(text, at, 1, 'c'));
    expect(edited.hunks[0]).toMatchObject({ state: 'stale', removedEdited: true, addedEdited: false });
    expect(() => acceptHunk(edited, 0)).toThrow(/old lines of this change were edited/);
    // Rejecting deletes only the proposed lines, so the user's edit stays.
    expect(modelText(rejectHunk(edited, 0))).toContain('    return a - c\n\n');
    // Accept All leaves a stale hunk for the user to decide.
    expect(acceptAll(edited).hunks.map((h) => h.state)).toEqual(['stale', 'accepted']);
    expect(modelText(acceptHunk(edited, 0, { force: true }))).toContain('def add(a, b):\n    return a + b\n\n');
  });

  it('lets the user adjust proposed lines and accept them as edited', () => {
    const model = review();
    const text = modelText(model);
    const at = text.indexOf('a + b\n\n') + 4;
    const edited = applyUserEdit(model, { offset: at, length: 1, text: 'b  # fixed' });
    expect(edited.hunks[0]).toMatchObject({ state: 'stale', removedEdited: false, addedEdited: true });
    expect(() => rejectHunk(edited, 0)).toThrow(/proposed lines of this change were edited/);
    expect(modelText(acceptHunk(edited, 0))).toContain('def add(a, b):\n    return a + b  # fixed\n\n');
  });

  it('discarding a stale hunk keeps both sides exactly as they are', () => {
    const model = review();
    const edited = applyUserEdit(model, { offset: modelText(model).indexOf('a - b'), length: 0, text: '(' });
    expect(modelText(discardHunk(edited, 0))).toBe(modelText(edited));
    expect(discardHunk(edited, 0).hunks[0].state).toBe('discarded');
  });

  it('does not touch a hunk when whole lines are typed next to it', () => {
    const model = review();
    const at = modelText(model).indexOf('    return a - b');
    const edited = applyUserEdit(model, { offset: at, length: 0, text: '    # note\n' });
    expect(edited.hunks[0].state).toBe('pending');
    expect(modelText(acceptAll(edited))).toBe(after.replace('def add(a, b):\n', 'def add(a, b):\n    # note\n'));
  });

  it('treats typing at the start of a hunk line as touching that line', () => {
    const model = review();
    const at = modelText(model).indexOf('    return a - b');
    expect(applyUserEdit(model, { offset: at, length: 0, text: '#' }).hunks[0].removedEdited).toBe(true);
  });

  it('treats joining a line onto the first hunk line (deleting the line break before it) as touching it', () => {
    const model = review();
    const at = modelText(model).indexOf('\n    return a - b');
    expect(applyUserEdit(model, { offset: at, length: 1, text: '' }).hunks[0].removedEdited).toBe(true);
  });

  it('marks every hunk an edit spans, and keeps the typed text', () => {
    const model = review();
    const text = modelText(model);
    const from = text.indexOf('a - b');
    const to = text.indexOf('"""Difference');
    const edited = applyUserEdit(model, { offset: from, length: to - from, text: 'TYPED' });
    expect(modelText(edited)).toBe(splice(text, from, to - from, 'TYPED'));
    expect(edited.hunks.every((h) => h.state === 'stale')).toBe(true);
    expect(modelText(rejectAll(edited))).toContain('TYPED');
    expect(modelText(acceptAll(edited))).toContain('TYPED');
  });

  it('rejects an edit outside the document', () => {
    expect(() => applyUserEdit(review(), { offset: 10_000, length: 0, text: 'x' })).toThrow(RangeError);
  });
});
