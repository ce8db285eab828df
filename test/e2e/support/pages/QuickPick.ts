// Quick picks and input boxes an extension shows (showQuickPick / showInputBox). VS Code names
// the list and the input "<placeholder> - <title>" (a quick pick without a placeholder gets
// "Type to narrow down results."), and each option "<label>, <description>, <detail>" with
// codicons spelled as words ("1. symbol-method total, shop/cart.py:40 ..."). So a quick pick is
// found by its title and its options are read and chosen by their accessible names.
import type { Locator, Page } from 'playwright-core';
import { eventually } from '../eventually';
import { escapeRegExp } from './Palette';

function titled(title: RegExp | string): RegExp {
  return typeof title === 'string' ? new RegExp(` - ${escapeRegExp(title)}`) : title;
}

export class QuickPick {
  constructor(private readonly page: Page) {}

  private list(title: RegExp | string): Locator {
    return this.page.getByRole('listbox', { name: titled(title) });
  }

  /** Accessible names of the options shown now, top to bottom (the list renders what fits). */
  async options(title: RegExp | string): Promise<string[]> {
    const rows = await this.list(title)
      .getByRole('option')
      .evaluateAll((nodes) => nodes.map((n) => ({ at: Number(n.getAttribute('aria-posinset') ?? 0), name: n.getAttribute('aria-label') ?? n.textContent ?? '' })));
    // Rows are positioned absolutely; their place in the list is aria-posinset, not the DOM order.
    return rows.sort((a, b) => a.at - b.at).map((r) => r.name);
  }

  /** Waits for a quick pick with this title to show at least one option; returns the options. */
  async waitForOptions(title: RegExp | string, timeoutMs = 60_000): Promise<string[]> {
    return eventually(
      async () => {
        const options = await this.options(title);
        if (!options.length) throw new Error(`no quick pick titled ${String(title)} with options`);
        return options;
      },
      { timeoutMs, what: `a quick pick titled ${String(title)}` },
    );
  }

  /** Chooses the first option whose accessible name matches. */
  async choose(title: RegExp | string, option: RegExp | string): Promise<void> {
    const name = typeof option === 'string' ? new RegExp(escapeRegExp(option)) : option;
    const target = this.list(title).getByRole('option', { name }).first();
    await target.waitFor({ state: 'visible', timeout: 15_000 });
    await target.click();
    await this.list(title).waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /** Answers an input box (showInputBox) with this title: types the text and presses Enter. */
  async answer(title: RegExp | string, text: string, timeoutMs = 30_000): Promise<void> {
    const input = this.page.getByRole('textbox', { name: titled(title) });
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.fill(text);
    await input.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 15_000 });
  }
}
