// Reviewing a proposed patch: per-hunk Accept/Reject code lenses above each hunk, and the
// Accept All / Reject All commands. The review feature (a later issue) defines the exact
// lens titles; these helpers match the words "Accept"/"Reject" so they survive icon prefixes.
import { eventually } from '../eventually';
import type { Editor } from './Editor';
import type { Palette } from './Palette';

const ACCEPT_LENS = /^(\$\([\w-]+\)\s*)?Accept(?! All)\b/;
const REJECT_LENS = /^(\$\([\w-]+\)\s*)?Reject(?! All)\b/;

export class Review {
  constructor(
    private readonly editor: Editor,
    private readonly palette: Palette,
  ) {}

  /** Accept/Reject lens titles in the active editor: one pair per pending hunk. */
  async hunkLenses(): Promise<string[]> {
    return (await this.editor.codeLenses()).filter((t) => ACCEPT_LENS.test(t) || REJECT_LENS.test(t));
  }

  async pendingHunks(): Promise<number> {
    return (await this.editor.codeLenses()).filter((t) => ACCEPT_LENS.test(t)).length;
  }

  /** Accepts the first pending hunk in the active editor (through its code lens). */
  async acceptHunk(): Promise<void> {
    await this.editor.clickCodeLens(ACCEPT_LENS);
  }

  /** Rejects the first pending hunk in the active editor (through its code lens). */
  async rejectHunk(): Promise<void> {
    await this.editor.clickCodeLens(REJECT_LENS);
  }

  /** Waits until the active editor shows exactly `count` hunks with an Accept lens. */
  async waitForPendingHunks(count: number, timeoutMs = 30_000): Promise<void> {
    await eventually(
      async () => {
        const pending = await this.pendingHunks();
        if (pending !== count) throw new Error(`${pending} hunks with an Accept lens; lenses: ${JSON.stringify(await this.editor.codeLenses())}`);
      },
      { timeoutMs, what: `${count} pending hunks` },
    );
  }

  /** The file-level lens titles (Accept All, Reject All, Side by Side, Next Candidate). */
  async fileLenses(): Promise<string[]> {
    return (await this.editor.codeLenses()).filter((t) => /^(Accept All|Reject All|Side by Side|Next Candidate)/.test(t));
  }

  async acceptAll(): Promise<void> {
    await this.palette.run('SelfDebug: Accept All');
  }

  async rejectAll(): Promise<void> {
    await this.palette.run('SelfDebug: Reject All');
  }
}
