import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../src/core/review/edits';
import { acceptHunk, createReview, modelText, type ReviewModel } from '../../../src/core/review/model';
import { ReviewSession } from '../../../src/core/review/session';

const before = 'a\nb\nc\nd\n';
const after = 'a\nB\nc\nD\n';

/** A fake document: applies the session's edits and reports them back as the editor would. */
function shown() {
  const model = createReview(before, { before, after });
  const session = new ReviewSession(model);
  let text = before;
  const apply = (next: ReviewModel) => {
    const edits = session.begin(next);
    text = applyEdits(text, edits);
    return session.documentChanged([], undefined, text);
  };
  expect(apply(model)).toBe('own');
  return {
    session,
    apply,
    get text() {
      return text;
    },
    type(offset: number, length: number, insert: string, reason?: 'undo' | 'redo') {
      text = text.slice(0, offset) + insert + text.slice(offset + length);
      return session.documentChanged([{ offset, length, text: insert }], reason, text);
    },
    setText(next: string, reason?: 'undo' | 'redo') {
      text = next;
      return session.documentChanged([], reason, text);
    },
  };
}

describe('ReviewSession', () => {
  it("recognises its own edits by the text they produce and moves to the new model", () => {
    const doc = shown();
    expect(doc.text).toBe('a\nb\nB\nc\nd\nD\n');
    expect(doc.apply(acceptHunk(doc.session.model, 0))).toBe('own');
    expect(doc.text).toBe('a\nB\nc\nd\nD\n');
    expect(doc.session.model.hunks[0].state).toBe('accepted');
  });

  it('replays typing as user edits', () => {
    const doc = shown();
    expect(doc.type(0, 0, '# top\n')).toBe('user');
    expect(modelText(doc.session.model)).toBe(doc.text);
    expect(doc.session.model.hunks.map((h) => h.state)).toEqual(['pending', 'pending']);
  });

  it('brings a hunk back to pending when its accept is undone', () => {
    const doc = shown();
    const rendered = doc.text;
    doc.apply(acceptHunk(doc.session.model, 0));
    expect(doc.setText(rendered, 'undo')).toBe('restored');
    expect(doc.session.model.hunks[0].state).toBe('pending');
  });

  it('un-stales a hunk when the typing inside it is undone', () => {
    const doc = shown();
    const rendered = doc.text;
    doc.type(2, 0, 'x');
    expect(doc.session.model.hunks[0].state).toBe('stale');
    expect(doc.setText(rendered, 'undo')).toBe('restored');
    expect(doc.session.model.hunks[0].state).toBe('pending');
  });

  it('ends the review when the rendering itself is undone, and brings it back on redo', () => {
    const doc = shown();
    const rendered = doc.text;
    expect(doc.setText(before, 'undo')).toBe('restored');
    expect(doc.session.model.hunks.every((h) => h.state === 'rejected')).toBe(true);
    expect(doc.setText(rendered, 'redo')).toBe('restored');
    expect(doc.session.model.hunks.every((h) => h.state === 'pending')).toBe(true);
  });

  it('re-synchronises from a diff when reported changes do not explain the text', () => {
    const doc = shown();
    const next = doc.text.replace('d\n', 'd!\n');
    expect(doc.setText(next)).toBe('resynced');
    expect(modelText(doc.session.model)).toBe(next);
    expect(doc.session.model.hunks[1].state).toBe('stale');
  });

  it('treats an own edit overtaken by typing as typing, without losing either', () => {
    const doc = shown();
    doc.session.begin(acceptHunk(doc.session.model, 0));
    expect(doc.type(0, 0, 'z')).toBe('user');
    doc.session.abandon();
    expect(doc.session.busy).toBe(false);
    expect(modelText(doc.session.model)).toBe(doc.text);
    expect(doc.session.model.hunks[0].state).toBe('pending');
  });
});

describe('resync', () => {
  it('makes the model show any text the document ends up with', async () => {
    const fc = (await import('fast-check')).default;
    const { resync } = await import('../../../src/core/review/session');
    const text = fc.array(fc.constantFrom('a\n', 'b\n', 'B\n', 'D\n', 'x', '\r\n'), { maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, (target) => {
        const model = createReview(before, { before, after });
        expect(modelText(resync(model, target))).toBe(target);
      }),
      { numRuns: 300 },
    );
  });
});
