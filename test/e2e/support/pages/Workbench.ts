// One VS Code window in the browser: the entry point of the page objects. Assertions go
// through accessible names (role + aria-label) wherever VS Code provides them.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { eventually } from '../eventually';
import { resultsRoot } from '../paths';
import { Editor } from './Editor';
import { Notifications } from './Notifications';
import { Palette } from './Palette';
import { Panel } from './Panel';
import { QuickPick } from './QuickPick';
import { Review } from './Review';
import { Views } from './Views';

export class Workbench {
  readonly palette: Palette;
  readonly notifications: Notifications;
  readonly editor: Editor;
  readonly panel: Panel;
  readonly review: Review;
  readonly quickPick: QuickPick;
  readonly views: Views;
  private shots = 0;

  constructor(
    readonly page: Page,
    /** The workspace folder on disk (a per-test copy). */
    readonly folder: string,
    /** Where screenshots of this window go. */
    readonly screenshotDir: string,
  ) {
    this.palette = new Palette(page);
    this.notifications = new Notifications(page);
    this.editor = new Editor(page);
    this.panel = new Panel(page);
    this.review = new Review(this.editor, this.palette);
    this.quickPick = new QuickPick(page);
    this.views = new Views(page);
  }

  /** Waits until the workbench has rendered its main parts. */
  async waitForReady(timeoutMs = 120_000): Promise<void> {
    await this.page.getByRole('application').first().waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.getByRole('tree', { name: 'Files Explorer' }).waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /**
   * Answers the Workspace Trust dialog that blocks every click on first open. Returns false
   * when no dialog came (the folder was already trusted or trust is disabled).
   */
  async answerTrust(trust: boolean, timeoutMs = 30_000): Promise<boolean> {
    const dialog = this.page.getByRole('dialog', { name: /Do you trust the authors/ });
    try {
      await dialog.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      return false;
    }
    await this.screenshot(trust ? 'trust-dialog' : 'trust-dialog-before-refusing');
    const button = dialog.getByRole('button', { name: trust ? 'Yes, I trust the authors' : "No, I don't trust the authors" });
    await button.click();
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
    return true;
  }

  /** Whether the window is in Restricted Mode (untrusted), read from its status bar entry. */
  async isRestricted(): Promise<boolean> {
    return (await this.page.getByRole('button', { name: /^Restricted Mode/ }).count()) > 0;
  }

  /** Waits until the status bar shows (or stops showing) Restricted Mode. */
  async waitForTrustState(trusted: boolean, timeoutMs = 20_000): Promise<void> {
    await eventually(
      async () => {
        if ((await this.isRestricted()) === trusted) throw new Error(trusted ? 'still in Restricted Mode' : 'not in Restricted Mode');
      },
      { timeoutMs, what: trusted ? 'the workspace to be trusted' : 'Restricted Mode' },
    );
  }

  /** Trusts the folder: answers the dialog, or uses the Restricted Mode entry when it is gone. */
  async trustWorkspace(): Promise<void> {
    if (!(await this.answerTrust(true, 5_000)) && (await this.isRestricted())) {
      await this.runCommand('Workspaces: Manage Workspace Trust');
      await this.page.getByRole('button', { name: /^Trust$/ }).first().click();
    }
    await this.waitForTrustState(true);
  }

  /** Runs a palette command by title ("SelfDebug: Show Log"). */
  async runCommand(title: string): Promise<void> {
    await this.palette.run(title);
  }

  async openFile(relativePath: string): Promise<void> {
    await this.editor.openFile(relativePath);
  }

  /**
   * Saves a screenshot for the walkthrough/README under test-results/e2e/walkthrough/<name>.png;
   * `node scripts/e2e/update-walkthrough-images.mjs` copies them into media/walkthrough/.
   */
  async walkthroughShot(name: string): Promise<string> {
    const dir = path.join(resultsRoot, 'walkthrough');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.png`);
    await this.settle();
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Lets toasts and panels finish their fade-in, so a screenshot shows what a person sees. */
  private async settle(): Promise<void> {
    await this.page.waitForTimeout(400);
  }

  /** Saves `NN-step.png`; returns its path. */
  async screenshot(step: string): Promise<string> {
    mkdirSync(this.screenshotDir, { recursive: true });
    const name = `${String(++this.shots).padStart(2, '0')}-${step.replace(/[^\w.-]+/g, '-')}.png`;
    await this.settle();
    const file = path.join(this.screenshotDir, name);
    await this.page.screenshot({ path: file });
    return file;
  }
}
