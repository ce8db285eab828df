// Notification toasts. Each toast is a dialog whose accessible name is
// "<message>, source: <extension>, notification[, <hint>]"; that name carries the full text even
// when the toast shows it truncated.
import type { Page } from 'playwright-core';
import { eventually } from '../eventually';

export interface Notification {
  message: string;
  source?: string;
}

export function parseNotificationLabel(label: string): Notification | undefined {
  const match = /^([\s\S]*?)(?:, source: ([^,]+))?, notification(?:, [\s\S]*)?$/.exec(label);
  if (!match) return undefined;
  return match[2] ? { message: match[1], source: match[2] } : { message: match[1] };
}

export class Notifications {
  constructor(private readonly page: Page) {}

  /** The toasts on screen now. */
  async visible(): Promise<Notification[]> {
    const labels = await this.page
      .getByRole('dialog', { name: /, notification(,|$)/ })
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? ''));
    return labels.map(parseNotificationLabel).filter((n): n is Notification => n !== undefined);
  }

  /** Waits for a toast whose message matches, and returns it. */
  async waitFor(match: RegExp | string, timeoutMs = 30_000): Promise<Notification> {
    const test = (m: string) => (typeof match === 'string' ? m.includes(match) : match.test(m));
    return eventually(
      async () => {
        const all = await this.visible();
        const found = all.find((n) => test(n.message));
        if (!found) throw new Error(`visible notifications: ${JSON.stringify(all.map((n) => n.message))}`);
        return found;
      },
      { timeoutMs, what: `a notification matching ${String(match)}` },
    );
  }

  /** Waits for the next toast from an extension (by display name), e.g. after running its command. */
  async waitForFrom(source: string, timeoutMs = 30_000): Promise<Notification> {
    return eventually(
      async () => {
        const found = (await this.visible()).find((n) => n.source === source);
        if (!found) throw new Error(`no notification from ${source} yet`);
        return found;
      },
      { timeoutMs, what: `a notification from ${source}` },
    );
  }

  /** Dismisses every notification, so the next assertion sees only new ones. */
  async clear(): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.getByRole('textbox', { name: 'Type the name of a command to run.' });
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('>Notifications: Clear All Notifications');
    await this.page.getByRole('option', { name: /^Notifications: Clear All Notifications/ }).first().click();
    await eventually(async () => {
      if ((await this.visible()).length) throw new Error('notifications still visible');
    }, { timeoutMs: 10_000, what: 'notifications to clear' });
  }
}
