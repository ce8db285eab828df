// The text editor: open files through Quick Open, move the cursor, read text and code lenses.
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { eventually } from '../eventually';
import { escapeRegExp } from './Palette';

/** Monaco renders spaces as U+00A0 and may use other invisible characters. */
export function normaliseRendered(text: string): string {
  return text.replace(/\u00a0/g, ' ').replace(/[\u200b\u200c]/g, '');
}

export class Editor {
  constructor(private readonly page: Page) {}

  private get active(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /**
   * Opens a workspace file by its path relative to the folder (in a multi-root workspace,
   * prefixed with the root's name): Ctrl+P, type the file name, pick the entry whose
   * description is the file's folder ("tests", or "ts-inventory • src" in a multi-root window).
   */
  async openFile(relativePath: string): Promise<void> {
    const normalised = relativePath.replace(/\\/g, '/');
    const name = path.posix.basename(normalised);
    const dir = path.posix.dirname(normalised) === '.' ? '' : path.posix.dirname(normalised);
    let attempt = 0;
    await eventually(
      async () => {
        if (attempt++ > 0) await this.page.keyboard.press('Escape');
        await this.page.keyboard.press('Control+P');
        const input = this.page.getByRole('textbox', { name: /^Search files by name/ });
        await input.waitFor({ state: 'visible', timeout: 5_000 });
        await input.fill(name);
        const options = this.page.getByRole('option', { name: new RegExp(`^${escapeRegExp(name)}( |,|$)`) });
        await options.first().waitFor({ state: 'visible', timeout: 8_000 });
        const labels = await options.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? ''));
        // The label is "<name> <folder>[, <group>]"; the folder is "" for a root file.
        const folderOf = (label: string) => label.slice(name.length).replace(/,[^,]*$/, '').trim().replace(/ • /g, '/');
        const index = labels.length === 1 ? 0 : labels.findIndex((label) => folderOf(label) === dir);
        if (index < 0) throw new Error(`no Quick Open entry for ${relativePath} among ${JSON.stringify(labels)}`);
        await options.nth(index).click();
        await this.page.getByRole('tab', { name: new RegExp(`^${escapeRegExp(name)}\\b`) }).first().waitFor({ state: 'visible', timeout: 8_000 });
        await this.active.locator('.view-line').first().waitFor({ state: 'visible', timeout: 8_000 });
      },
      { timeoutMs: 45_000, what: `${relativePath} to open in an editor` },
    );
  }

  /** Moves the cursor (1-based line), via Go to Line. */
  async goToLine(line: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.getByRole('textbox', { name: /go to line/i }).or(this.page.locator('.quick-input-widget input')).first();
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`:${line}`);
    await this.page.keyboard.press('Enter');
  }

  /** The cursor's 1-based line and column, from the status bar entry "Ln 18, Col 1". */
  async cursor(): Promise<{ line: number; column: number }> {
    const entry = this.page.getByRole('button', { name: /^Ln \d+, Col \d+/ }).first();
    await entry.waitFor({ state: 'visible', timeout: 10_000 });
    const match = /^Ln (\d+), Col (\d+)/.exec((await entry.getAttribute('aria-label')) ?? '');
    if (!match) throw new Error('the status bar shows no cursor position');
    return { line: Number(match[1]), column: Number(match[2]) };
  }

  /** The text of the lines the active editor renders (it virtualises: long files show a window). */
  async visibleText(): Promise<string> {
    const lines = await this.active.locator('.view-line').evaluateAll((nodes) =>
      nodes
        .map((n) => ({ top: parseFloat((n as unknown as { style: { top: string } }).style.top || '0'), text: n.textContent ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text),
    );
    return normaliseRendered(lines.join('\n'));
  }

  /** Titles of the code lenses shown in the active editor, top to bottom. */
  async codeLenses(): Promise<string[]> {
    const texts = await this.active.locator('.codelens-decoration a').allTextContents();
    return texts.map((t) => normaliseRendered(t).trim()).filter(Boolean);
  }

  /** Every code lens item, clickable or not (a lens without a command renders as plain text). */
  async codeLensTexts(): Promise<string[]> {
    const texts = await this.active.locator('.codelens-decoration > *').allTextContents();
    return texts.map((t) => normaliseRendered(t).trim()).filter((t) => t && t !== '|');
  }

  async waitForCodeLens(match: RegExp | string, timeoutMs = 30_000): Promise<string> {
    const test = (t: string) => (typeof match === 'string' ? t.includes(match) : match.test(t));
    return eventually(
      async () => {
        const lenses = await this.codeLenses();
        const found = lenses.find(test);
        if (!found) throw new Error(`code lenses: ${JSON.stringify(lenses)}`);
        return found;
      },
      { timeoutMs, what: `a code lens matching ${String(match)}` },
    );
  }

  /**
   * Clicks a code lens by its title. Code lenses have no ARIA role in VS Code 1.100 (the
   * accessible route is "Show CodeLens Commands For Current Line"), so the title text is the
   * most stable handle there is.
   */
  async clickCodeLens(match: RegExp | string): Promise<void> {
    await this.waitForCodeLens(match);
    await this.active.locator('.codelens-decoration a', { hasText: match }).first().click();
  }
}
