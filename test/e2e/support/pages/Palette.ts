// The command palette (F1): finds a command by its title and runs it.
import type { Page } from 'playwright-core';
import { eventually } from '../eventually';

const PALETTE_INPUT = 'Type the name of a command to run.';

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Palette {
  constructor(private readonly page: Page) {}

  /** Runs a command by its palette title, e.g. "SelfDebug: Show Log". */
  async run(title: string, timeoutMs = 45_000): Promise<void> {
    let attempt = 0;
    await eventually(
      async () => {
        // A retry starts from a clean slate: close a half-open palette or a stray widget.
        if (attempt++ > 0) await this.page.keyboard.press('Escape');
        await this.page.keyboard.press('F1');
        const input = this.page.getByRole('textbox', { name: PALETTE_INPUT });
        await input.waitFor({ state: 'visible', timeout: 5_000 });
        await input.fill(`>${title}`);
        // The option's accessible name is the title, sometimes followed by ", recently used" etc.
        const option = this.page.getByRole('option', { name: new RegExp(`^${escapeRegExp(title)}(,|$)`) }).first();
        await option.waitFor({ state: 'visible', timeout: 8_000 });
        await option.click();
        await input.waitFor({ state: 'hidden', timeout: 5_000 });
      },
      { timeoutMs, what: `the command "${title}" in the command palette` },
    );
  }

  /** Whether the palette lists a command (e.g. to check a `when` clause hides it). */
  async lists(title: string): Promise<boolean> {
    await this.page.keyboard.press('F1');
    const input = this.page.getByRole('textbox', { name: PALETTE_INPUT });
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    await this.page.waitForTimeout(500); // the list filters asynchronously
    const count = await this.page.getByRole('option', { name: new RegExp(`^${escapeRegExp(title)}(,|$)`) }).count();
    await this.page.keyboard.press('Escape');
    return count > 0;
  }
}
