// A deliberately simple reference for the review model: the document is an array of characters,
// each remembering who owns it (a hunk side, or nobody) and whether the user typed it. Rules are
// checked on character ranges, operations delete characters by owner. Slow, obvious, independent
// of the model's piece bookkeeping.
import type { ReviewModel } from '../../../src/core/review/model';

type Side = 'removed' | 'glue' | 'added';
interface Cell {
  ch: string;
  hunk: number;
  side: Side | null;
  /** Unique id of a character the user typed, 0 for others. */
  typed: number;
}
interface OracleHunk {
  state: string;
  removedEdited: boolean;
  addedEdited: boolean;
}

const isBreak = (ch: string | undefined) => ch === '\n' || ch === '\r';
let typedIds = 0;

export class Oracle {
  cells: Cell[] = [];
  hunks = new Map<number, OracleHunk>();

  constructor(initial: ReviewModel) {
    for (const piece of initial.pieces) {
      for (const ch of piece.text) this.cells.push({ ch, hunk: piece.hunk, side: piece.kind === 'text' ? null : piece.kind, typed: 0 });
    }
    for (const h of initial.hunks) this.hunks.set(h.id, { state: h.state, removedEdited: h.removedEdited, addedEdited: h.addedEdited });
  }

  text(): string {
    return this.cells.map((c) => c.ch).join('');
  }

  typed(): number[] {
    return this.cells.filter((c) => c.typed).map((c) => c.typed);
  }

  private range(hunk: number, side: Side): [number, number] | undefined {
    let a = -1;
    let b = -1;
    this.cells.forEach((c, i) => {
      if (c.hunk === hunk && c.side === side) {
        if (a < 0) a = i;
        b = i + 1;
      }
    });
    return a < 0 ? undefined : [a, b];
  }

  userEdit(s: number, length: number, t: string): void {
    const e = s + length;
    if (length === 0 && t === '') return;
    const touched: [number, Side][] = [];
    for (const [id, h] of this.hunks) {
      if (h.state !== 'pending' && h.state !== 'stale') continue;
      for (const side of ['removed', 'glue', 'added'] as const) {
        const r = this.range(id, side);
        if (!r) continue;
        const [a, b] = r;
        const before = t.length > 0 ? t[t.length - 1] : this.cells[s - 1]?.ch;
        const after = t.length > 0 ? t[0] : this.cells[e]?.ch;
        const first = this.cells[a].ch;
        const last = this.cells[b - 1].ch;
        const overlaps = (s < b && e > a) || (a < s && s < b);
        const joinsStart = a === e && a > 0 && before !== undefined && (!isBreak(before) || (before === '\r' && first === '\n'));
        const joinsEnd = b === s && after !== undefined && (!isBreak(last) || (last === '\r' && after === '\n'));
        if (overlaps || joinsStart || joinsEnd) touched.push([id, side]);
      }
    }
    const inserted = [...t].map((ch) => ({ ch, hunk: -1, side: null, typed: ++typedIds }));
    this.cells.splice(s, length, ...inserted);
    for (const [id, side] of touched) {
      const h = this.hunks.get(id)!;
      h.state = 'stale';
      if (side !== 'added') h.removedEdited = true;
      if (side !== 'removed') h.addedEdited = true;
    }
  }

  canAccept(id: number): boolean {
    const h = this.hunks.get(id)!;
    return (h.state === 'pending' || h.state === 'stale') && !h.removedEdited;
  }

  canReject(id: number): boolean {
    const h = this.hunks.get(id)!;
    return (h.state === 'pending' || h.state === 'stale') && !h.addedEdited;
  }

  accept(id: number): void {
    this.resolve(id, 'accepted', (side) => side === 'added');
  }

  reject(id: number): void {
    this.resolve(id, 'rejected', (side) => side === 'removed');
  }

  discard(id: number): void {
    this.resolve(id, 'discarded', () => true);
  }

  private resolve(id: number, state: string, keep: (side: Side) => boolean): void {
    this.cells = this.cells.filter((c) => c.hunk !== id || c.side === null || keep(c.side));
    for (const c of this.cells) {
      if (c.hunk === id) {
        c.hunk = -1;
        c.side = null;
      }
    }
    this.hunks.get(id)!.state = state;
  }
}
