// Property-based tests of the review model: random documents, random proposals, random sequences
// of accept / reject / discard / user edits, checked against plain-string expectations and the
// character-level reference in oracle.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitToDocument, detectEol } from '../../../src/core/review/lines';
import {
  acceptAll,
  acceptHunk,
  applyUserEdit,
  createReview,
  discardHunk,
  modelText,
  rejectAll,
  rejectHunk,
  ReviewError,
  type ReviewModel,
} from '../../../src/core/review/model';
import { Oracle } from './oracle';

// Few distinct lines, so diffs have plenty of common lines and several hunks.
const lineContent = fc.constantFrom('a', 'b', 'c', 'def f():', '    return 1', '', '  x = 2');
const eol = fc.constantFrom('\n', '\r\n');

const document = fc
  .record({ lines: fc.array(lineContent, { maxLength: 14 }), eol, finalNewline: fc.boolean() })
  .map(({ lines, eol: e, finalNewline }) => (lines.length === 0 ? '' : lines.join(e) + (finalNewline ? e : '')));

/** A proposal: the document's lines with random deletions, insertions and replacements (LF, as models write). */
function proposalFor(text: string) {
  const lines = text.split(/\r\n|\n/);
  return fc
    .array(fc.tuple(fc.constantFrom('keep', 'keep', 'drop', 'insert', 'replace'), lineContent), { minLength: lines.length, maxLength: lines.length + 3 })
    .map((ops) => {
      const out: string[] = [];
      ops.forEach(([op, line], i) => {
        const original = lines[i];
        if (op === 'insert') out.push(line);
        if (original === undefined) return;
        if (op === 'keep' || op === 'insert') out.push(original);
        if (op === 'replace') out.push(line);
      });
      return out.join('\n');
    });
}

/** Unsaved user edits between the proposal's `before` and the document shown. */
function unsavedEdits(text: string) {
  return fc.array(fc.tuple(fc.nat(), fc.constantFrom('', 'z\n', 'b', '\n')), { maxLength: 2 }).map((edits) =>
    edits.reduce((t, [at, insert]) => {
      const lines = t.split('\n');
      const line = at % (lines.length + 1);
      lines.splice(line, insert === '' ? 1 : 0, ...(insert === '' ? [] : [insert.replace('\n', '')]));
      return lines.join('\n');
    }, text),
  );
}

type Action =
  | { kind: 'accept' | 'reject' | 'discard'; pick: number }
  | { kind: 'acceptAll' | 'rejectAll' }
  | { kind: 'edit'; at: number; length: number; text: string };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constantFrom('accept' as const, 'reject' as const, 'discard' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constantFrom('acceptAll' as const, 'rejectAll' as const) }),
  fc.record({
    kind: fc.constant('edit' as const),
    at: fc.nat(),
    length: fc.nat({ max: 6 }),
    text: fc.constantFrom('', 'q', 'qq\n', '\n', '\r\n', 'w\r\nw', ' '),
  }),
);

/** The merge expected from the initial layout when no edits happened: per hunk, one side or the other. */
function expectedMerge(initial: ReviewModel, accepted: Set<number>): string {
  return initial.pieces
    .map((p) => {
      if (p.kind === 'text') return p.text;
      if (p.kind === 'glue') return '';
      return (p.kind === 'added') === accepted.has(p.hunk) ? p.text : '';
    })
    .join('');
}

const runs = { numRuns: 400 };

describe('review model properties', () => {
  it('accept all gives the proposal and reject all the original, byte for byte', () => {
    fc.assert(
      fc.property(document.chain((doc) => fc.tuple(fc.constant(doc), proposalFor(doc))), ([doc, proposal]) => {
        const model = createReview(doc, { before: doc, after: proposal });
        expect(model.hunks.every((h) => h.state === 'pending')).toBe(true);
        expect(modelText(rejectAll(model))).toBe(doc);
        expect(modelText(acceptAll(model))).toBe(fitToDocument(proposal, doc, detectEol(doc, '\n')));
      }),
      runs,
    );
  });

  it('any mix of accepted and rejected hunks gives the expected merge', () => {
    fc.assert(
      fc.property(
        document.chain((doc) => fc.tuple(fc.constant(doc), proposalFor(doc), fc.array(fc.boolean(), { maxLength: 20 }))),
        ([doc, proposal, choices]) => {
          const initial = createReview(doc, { before: doc, after: proposal });
          const accepted = new Set(initial.hunks.filter((h, i) => choices[i]).map((h) => h.id));
          let model = initial;
          // Resolve in a shuffled-ish order: last first.
          for (const h of [...initial.hunks].reverse()) model = accepted.has(h.id) ? acceptHunk(model, h.id) : rejectHunk(model, h.id);
          expect(modelText(model)).toBe(expectedMerge(initial, accepted));
        },
      ),
      runs,
    );
  });

  it('reject all restores the text shown before the review even when it had unsaved edits', () => {
    fc.assert(
      fc.property(
        document.chain((doc) => fc.tuple(fc.constant(doc), proposalFor(doc), unsavedEdits(doc))),
        ([saved, proposal, current]) => {
          const model = createReview(current, { before: saved, after: proposal });
          // Conflicting hunks are stale from the start; rejecting them is still allowed (their proposed lines are untouched).
          const rejected = model.hunks.reduce((m, h) => rejectHunk(m, h.id), model);
          expect(modelText(rejected)).toBe(current);
        },
      ),
      runs,
    );
  });

  it('random accept/reject/discard/edit sequences agree with the character-level reference and never lose a typed character', () => {
    fc.assert(
      fc.property(
        document.chain((doc) => fc.tuple(fc.constant(doc), proposalFor(doc), unsavedEdits(doc), fc.array(action, { maxLength: 12 }))),
        ([saved, proposal, current, actions]) => {
          let model = createReview(current, { before: saved, after: proposal });
          const oracle = new Oracle(model);
          expect(modelText(model)).toBe(oracle.text());
          for (const a of actions) {
            const typedBefore = oracle.typed();
            if (a.kind === 'edit') {
              const text = modelText(model);
              const at = a.at % (text.length + 1);
              const length = Math.min(a.length, text.length - at);
              model = applyUserEdit(model, { offset: at, length, text: a.text });
              oracle.userEdit(at, length, a.text);
              expect(modelText(model)).toBe(text.slice(0, at) + a.text + text.slice(at + length));
            } else if (a.kind === 'acceptAll' || a.kind === 'rejectAll') {
              const pending = model.hunks.filter((h) => h.state === 'pending').map((h) => h.id);
              model = a.kind === 'acceptAll' ? acceptAll(model) : rejectAll(model);
              for (const id of pending) a.kind === 'acceptAll' ? oracle.accept(id) : oracle.reject(id);
              expect(oracle.typed()).toEqual(typedBefore);
            } else {
              const open = model.hunks.filter((h) => h.state === 'pending' || h.state === 'stale');
              if (open.length === 0) continue;
              const id = open[('pick' in a ? a.pick : 0) % open.length].id;
              const allowed = a.kind === 'accept' ? oracle.canAccept(id) : a.kind === 'reject' ? oracle.canReject(id) : true;
              const run = () => (a.kind === 'accept' ? acceptHunk(model, id) : a.kind === 'reject' ? rejectHunk(model, id) : discardHunk(model, id));
              if (!allowed) {
                expect(run).toThrow(ReviewError);
                continue;
              }
              model = run();
              if (a.kind === 'accept') oracle.accept(id);
              else if (a.kind === 'reject') oracle.reject(id);
              else oracle.discard(id);
              expect(oracle.typed()).toEqual(typedBefore);
            }
            expect(modelText(model)).toBe(oracle.text());
            expect(model.hunks.map((h) => [h.state, h.removedEdited, h.addedEdited])).toEqual(
              model.hunks.map((h) => {
                const o = oracle.hunks.get(h.id)!;
                return [o.state, o.removedEdited, o.addedEdited];
              }),
            );
          }
        },
      ),
      runs,
    );
  });

  it('with edits only outside the hunks, accept all and reject all still give proposal and original around them', () => {
    fc.assert(
      fc.property(
        document.chain((doc) => fc.tuple(fc.constant(doc), proposalFor(doc), fc.constantFrom('# top\n', '# top\r\n'))),
        ([doc, proposal, header]) => {
          const model = applyUserEdit(createReview(doc, { before: doc, after: proposal }), { offset: 0, length: 0, text: header });
          const fitted = fitToDocument(proposal, doc, detectEol(doc, '\n'));
          expect(modelText(rejectAll(model))).toBe(header + doc);
          expect(modelText(acceptAll(model))).toBe(header + fitted);
        },
      ),
      runs,
    );
  });
});
