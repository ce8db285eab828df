// Tree views in the side bars (an extension's TreeDataProvider). Each view's tree is named after
// the view ("SelfDebug Suspects"); its rows are tree items named "<label>, <description>" or by
// the item's own accessibility label.
import type { Page } from 'playwright-core';
import { eventually } from '../eventually';

export class Views {
  constructor(private readonly page: Page) {}

  /** Accessible names of the rows the view's tree shows now, top to bottom. */
  async treeItems(view: string): Promise<string[]> {
    const rows = await this.page
      .getByRole('tree', { name: view, exact: true })
      .getByRole('treeitem')
      .evaluateAll((nodes) =>
        nodes.map((n) => ({ top: parseFloat((n as unknown as { style: { top: string } }).style.top || '0'), name: n.getAttribute('aria-label') ?? n.textContent ?? '' })),
      );
    // Rows are positioned absolutely; the DOM order is not the order on screen.
    return rows.sort((a, b) => a.top - b.top).map((r) => r.name);
  }

  /** Waits until the view shows a row whose name matches; returns every row. */
  async waitForTreeItem(view: string, match: RegExp, timeoutMs = 30_000): Promise<string[]> {
    return eventually(
      async () => {
        const items = await this.treeItems(view);
        if (!items.some((i) => match.test(i))) throw new Error(`${view} shows ${JSON.stringify(items)}`);
        return items;
      },
      { timeoutMs, what: `${match} in the ${view} view` },
    );
  }
}
