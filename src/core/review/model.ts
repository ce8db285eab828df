// The review of one file, as the document shows it: the document's text is a sequence of pieces.
// Text pieces are the user's. Each open hunk owns three pieces, in this order: its old lines
// (shown red; they are the user's own lines, never modified by the review), a glue line break
// (only when the old lines end the file without one), and its proposed lines (shown green; put
// there by the review). Accepting deletes the old lines, rejecting deletes the proposed lines.
//
// Nothing lost: the review deletes only text it can vouch for. A user edit that touches a hunk's
// lines marks that side "edited" and the hunk "stale"; accepting then needs `force` if the old
// lines were edited, rejecting needs `force` if the proposed lines were edited, and a stale hunk
// can always be discarded (both sides kept as they are). The model is immutable: every operation
// returns a new model, so the editor can keep snapshots for undo/redo.
import { rebaseHunks } from './rebase';
import { detectEol, endsWithLineBreak, fitToDocument, splitLines, type Eol } from './lines';

export type HunkState = 'pending' | 'stale' | 'accepted' | 'rejected' | 'discarded';
export type PieceKind = 'text' | 'removed' | 'glue' | 'added';

export interface Piece {
  readonly kind: PieceKind;
  /** The hunk id for hunk pieces, -1 for text. */
  readonly hunk: number;
  readonly text: string;
}

export interface ReviewHunk {
  readonly id: number;
  readonly state: HunkState;
  /** The old lines as first shown. */
  readonly removed: string;
  /** The proposed lines as first shown. */
  readonly added: string;
  readonly removedEdited: boolean;
  readonly addedEdited: boolean;
  /** The user had changed these lines after the proposal was computed (a three-way conflict). */
  readonly conflict: boolean;
}

export interface ReviewModel {
  readonly pieces: readonly Piece[];
  readonly hunks: readonly ReviewHunk[];
  readonly eol: Eol;
}

export interface TextEdit {
  offset: number;
  length: number;
  text: string;
}

export class ReviewError extends Error {}

export const isOpen = (h: ReviewHunk) => h.state === 'pending' || h.state === 'stale';

/**
 * Starts a review of `change` on a document whose text is `current`. `change.before` is the text
 * the proposal was computed against (null: a new file, proposed from empty). `documentEol`: the
 * line break the editor uses for this document (else the one `current` mostly uses).
 */
export function createReview(current: string, change: { before: string | null; after: string }, documentEol?: Eol): ReviewModel {
  // An editor keeps one line break style per document; the proposal must use it to show unchanged.
  const eol = documentEol ?? detectEol(current, detectEol(change.after));
  const proposed = fitToDocument(change.after, current, eol);
  const base = change.before === null ? '' : fitToDocument(change.before, current, eol);
  const currentLines = splitLines(current);
  const planned = rebaseHunks(splitLines(base), currentLines, splitLines(proposed));

  const pieces: Piece[] = [];
  const hunks: ReviewHunk[] = [];
  let line = 0;
  const pushText = (text: string) => {
    if (text.length > 0) pieces.push({ kind: 'text', hunk: -1, text });
  };
  planned.forEach((p, id) => {
    pushText(currentLines.slice(line, p.start).join(''));
    const removed = p.removed.join('');
    const added = p.added.join('');
    const glue = removed.length > 0 && added.length > 0 && !endsWithLineBreak(removed) ? eol : '';
    pieces.push({ kind: 'removed', hunk: id, text: removed }, { kind: 'glue', hunk: id, text: glue }, { kind: 'added', hunk: id, text: added });
    hunks.push({
      id,
      state: p.conflict ? 'stale' : 'pending',
      removed,
      added,
      removedEdited: p.conflict,
      addedEdited: false,
      conflict: p.conflict,
    });
    line = p.start + p.removed.length;
  });
  pushText(currentLines.slice(line).join(''));
  return { pieces, hunks, eol };
}

export function modelText(model: ReviewModel): string {
  return model.pieces.map((p) => p.text).join('');
}

/** The text with every open hunk rejected (proposed lines dropped): "the file without the review". */
export function currentSideText(model: ReviewModel): string {
  return model.pieces.filter((p) => p.kind === 'text' || p.kind === 'removed').map((p) => p.text).join('');
}

/** The text with every open hunk accepted (old lines dropped): "the file with the proposal". */
export function proposedSideText(model: ReviewModel): string {
  return model.pieces.filter((p) => p.kind === 'text' || p.kind === 'added').map((p) => p.text).join('');
}

export function openHunks(model: ReviewModel): ReviewHunk[] {
  return model.hunks.filter(isOpen);
}

export function findHunk(model: ReviewModel, id: number): ReviewHunk {
  const hunk = model.hunks.find((h) => h.id === id);
  if (!hunk) throw new ReviewError(`No hunk ${id} in this review`);
  return hunk;
}

export const canAccept = (h: ReviewHunk) => isOpen(h) && !h.removedEdited;
export const canReject = (h: ReviewHunk) => isOpen(h) && !h.addedEdited;

export interface ResolveOptions {
  /** Resolve even though the side to delete holds the user's edits (after the user confirmed). */
  force?: boolean;
}

export function acceptHunk(model: ReviewModel, id: number, options: ResolveOptions = {}): ReviewModel {
  const hunk = openHunk(model, id);
  if (hunk.removedEdited && !options.force) {
    throw new ReviewError('The old lines of this change were edited; accepting would delete those edits.');
  }
  return resolve(model, id, 'accepted', (p) => (p.kind === 'added' ? 'keep' : 'drop'));
}

export function rejectHunk(model: ReviewModel, id: number, options: ResolveOptions = {}): ReviewModel {
  const hunk = openHunk(model, id);
  if (hunk.addedEdited && !options.force) {
    throw new ReviewError('The proposed lines of this change were edited; rejecting would delete those edits.');
  }
  return resolve(model, id, 'rejected', (p) => (p.kind === 'removed' ? 'keep' : 'drop'));
}

/** Ends the review of a hunk keeping both sides as they are now; deletes nothing. */
export function discardHunk(model: ReviewModel, id: number): ReviewModel {
  openHunk(model, id);
  return resolve(model, id, 'discarded', () => 'keep');
}

/** Accepts every pending hunk; stale ones stay for the user to decide. */
export function acceptAll(model: ReviewModel): ReviewModel {
  return resolveMany(model, pendingIds(model), 'accepted', (p) => (p.kind === 'added' ? 'keep' : 'drop'));
}

/** Rejects every pending hunk; stale ones stay for the user to decide. */
export function rejectAll(model: ReviewModel): ReviewModel {
  return resolveMany(model, pendingIds(model), 'rejected', (p) => (p.kind === 'removed' ? 'keep' : 'drop'));
}

const pendingIds = (model: ReviewModel) => new Set(model.hunks.filter((h) => h.state === 'pending').map((h) => h.id));

function openHunk(model: ReviewModel, id: number): ReviewHunk {
  const hunk = findHunk(model, id);
  if (!isOpen(hunk)) throw new ReviewError(`This change was already ${hunk.state}`);
  return hunk;
}

function resolve(model: ReviewModel, id: number, state: HunkState, fate: (p: Piece) => 'keep' | 'drop'): ReviewModel {
  return resolveMany(model, new Set([id]), state, fate);
}

/** Resolves several hunks in one pass over the pieces (Accept All on thousands of hunks stays linear). */
function resolveMany(model: ReviewModel, ids: ReadonlySet<number>, state: HunkState, fate: (p: Piece) => 'keep' | 'drop'): ReviewModel {
  if (ids.size === 0) return model;
  const pieces: Piece[] = [];
  for (const p of model.pieces) {
    if (!ids.has(p.hunk)) pieces.push(p);
    else if (fate(p) === 'keep') pieces.push({ kind: 'text', hunk: -1, text: p.text });
  }
  const hunks = model.hunks.map((h) => (ids.has(h.id) ? { ...h, state } : h));
  return { ...model, pieces: normalize(pieces), hunks };
}

/** Merges neighbouring text pieces and drops empty ones; hunk pieces stay even when empty. */
function normalize(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    if (p.kind === 'text') {
      if (p.text.length === 0) continue;
      const last = out[out.length - 1];
      if (last?.kind === 'text') {
        out[out.length - 1] = { kind: 'text', hunk: -1, text: last.text + p.text };
        continue;
      }
    }
    out.push(p);
  }
  return out;
}

const isBreak = (ch: string | undefined) => ch === '\n' || ch === '\r';

/**
 * Applies an edit the user made to the document (offsets in the current text). Hunks after it
 * shift; a hunk whose lines it touches becomes stale. "Touches" means: the edit overlaps the
 * hunk's text, falls strictly inside it, or joins text onto one of its lines (typing at the start
 * of its first line, or at the end of a last line that has no line break). Whole lines typed
 * between pieces touch nothing.
 */
export function applyUserEdit(model: ReviewModel, edit: TextEdit): ReviewModel {
  const { offset: s, length, text: t } = edit;
  const e = s + length;
  if (length === 0 && t.length === 0) return model;
  const starts: number[] = [];
  let total = 0;
  for (const p of model.pieces) {
    starts.push(total);
    total += p.text.length;
  }
  if (s < 0 || length < 0 || e > total) throw new RangeError(`Edit [${s}, ${e}) outside a document of ${total} characters`);
  const fullText = () => model.pieces.map((p) => p.text).join('');

  const touched = new Set<number>();
  let first = -1;
  let last = -1;
  model.pieces.forEach((p, i) => {
    const a = starts[i];
    const b = a + p.text.length;
    if (p.text.length === 0) return;
    // Overlaps the range, or (a pure insertion, s === e) falls strictly inside the piece.
    if (s < b && e > a) {
      touched.add(i);
      if (first < 0) first = i;
      last = i;
    }
  });

  // Joins onto the first line of a piece starting where the edit ends, or onto the last line of a
  // piece ending where the edit starts.
  let text: string | undefined;
  const charBefore = () => (t.length > 0 ? t[t.length - 1] : (text ??= fullText())[s - 1]);
  const charAfter = () => (t.length > 0 ? t[0] : (text ??= fullText())[e]);
  let joinsNext = -1;
  let joinsPrev = -1;
  model.pieces.forEach((p, i) => {
    if (p.text.length === 0 || touched.has(i)) return;
    const a = starts[i];
    const b = a + p.text.length;
    if (a === e && a > 0) {
      const before = charBefore();
      if (before !== undefined && (!isBreak(before) || (before === '\r' && p.text[0] === '\n'))) {
        touched.add(i);
        joinsNext = i;
      }
    }
    if (b === s) {
      const lastChar = p.text[p.text.length - 1];
      const after = charAfter();
      if (after !== undefined && (!isBreak(lastChar) || (lastChar === '\r' && after === '\n'))) {
        touched.add(i);
        joinsPrev = i;
      }
    }
  });

  let pieces = model.pieces.slice();
  if (first >= 0) {
    const aF = starts[first];
    const F = pieces[first];
    if (first === last) {
      pieces[first] = { ...F, text: F.text.slice(0, s - aF) + t + F.text.slice(e - aF) };
    } else {
      const L = pieces[last];
      pieces[first] = { ...F, text: F.text.slice(0, s - aF) + t };
      pieces[last] = { ...L, text: L.text.slice(e - starts[last]) };
      for (let k = first + 1; k < last; k++) pieces[k] = { ...pieces[k], text: '' };
    }
  } else {
    // A pure insertion at a boundary between pieces (a range edit always overlaps some piece).
    const target = joinsPrev >= 0 ? joinsPrev : joinsNext >= 0 ? joinsNext : textPieceAt(pieces, starts, s);
    if (target >= 0) {
      const p = pieces[target];
      pieces[target] = { ...p, text: starts[target] === s && target !== joinsPrev ? t + p.text : p.text + t };
    } else {
      pieces.splice(insertionIndex(starts, s), 0, { kind: 'text', hunk: -1, text: t });
    }
  }
  pieces = normalize(pieces);

  const edited = new Map<number, { removed: boolean; added: boolean }>();
  for (const i of touched) {
    const p = model.pieces[i];
    if (p.kind === 'text') continue;
    const flags = edited.get(p.hunk) ?? { removed: false, added: false };
    if (p.kind !== 'added') flags.removed = true;
    if (p.kind !== 'removed') flags.added = true;
    edited.set(p.hunk, flags);
  }
  const hunks = model.hunks.map((h) => {
    const flags = edited.get(h.id);
    if (!flags || !isOpen(h)) return h;
    return {
      ...h,
      state: 'stale' as const,
      removedEdited: h.removedEdited || flags.removed,
      addedEdited: h.addedEdited || flags.added,
    };
  });
  return { ...model, pieces, hunks };
}

/** A text piece ending or starting at `offset` (appending to the one that ends there first). */
function textPieceAt(pieces: readonly Piece[], starts: readonly number[], offset: number): number {
  let starting = -1;
  for (let i = 0; i < pieces.length; i++) {
    if (pieces[i].kind !== 'text') continue;
    if (starts[i] + pieces[i].text.length === offset) return i;
    if (starts[i] === offset && starting < 0) starting = i;
  }
  return starting;
}

/** Where a new text piece at `offset` goes: after every piece that starts before it, before empty hunk pieces there. */
function insertionIndex(starts: readonly number[], offset: number): number {
  let index = 0;
  while (index < starts.length && starts[index] < offset) index++;
  return index;
}
