// The bottom panel: output channels and the terminal.
import type { Page } from 'playwright-core';
import { eventually } from '../eventually';
import { normaliseRendered } from './Editor';

export class Panel {
  constructor(private readonly page: Page) {}

  /** Visible text of an output channel's view (open it first, e.g. with "SelfDebug: Show Log"). */
  async outputText(channel: string): Promise<string> {
    const view = this.page.getByRole('document', { name: `${channel} - Output` });
    await view.waitFor({ state: 'visible', timeout: 15_000 });
    const lines = await view.locator('.view-line').evaluateAll((nodes) =>
      nodes
        .map((n) => ({ top: parseFloat((n as unknown as { style: { top: string } }).style.top || '0'), text: n.textContent ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text),
    );
    return normaliseRendered(lines.join('\n'));
  }

  async waitForOutput(channel: string, match: RegExp, timeoutMs = 30_000): Promise<string> {
    return eventually(
      async () => {
        const text = await this.outputText(channel);
        if (!match.test(text)) throw new Error(`${channel} output shows:\n${text}`);
        return text;
      },
      { timeoutMs, what: `${match} in the ${channel} output` },
    );
  }

  /** The output channels the Output view can switch to. */
  async outputChannels(): Promise<string[]> {
    const picker = this.page.getByRole('toolbar', { name: 'Output actions' }).getByRole('combobox');
    await picker.waitFor({ state: 'attached', timeout: 15_000 });
    return (await picker.getByRole('option').allTextContents()).map((t) => t.trim());
  }

  /** Text of the active terminal (the DOM renderer is forced by the test settings). */
  async terminalText(): Promise<string> {
    const rows = this.page.locator('.terminal-wrapper.active .xterm-rows').first();
    await rows.waitFor({ state: 'attached', timeout: 15_000 });
    const lines = await rows.locator(':scope > div').allTextContents();
    return normaliseRendered(lines.map((l) => l.trimEnd()).join('\n')).trimEnd();
  }

  async waitForTerminal(match: RegExp, timeoutMs = 60_000): Promise<string> {
    return eventually(
      async () => {
        const text = await this.terminalText();
        if (!match.test(text)) throw new Error(`terminal shows:\n${text.slice(-2000)}`);
        return text;
      },
      { timeoutMs, what: `${match} in the terminal` },
    );
  }
}
