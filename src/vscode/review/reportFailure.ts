import * as vscode from 'vscode';
import type { Services } from '../services';

/** Commands outside the manifest report failures the way the manifest ones do (log + notification). */
export async function reportFailure(services: Services, title: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    services.logger.error(`${title} failed`, error);
    void vscode.window.showErrorMessage(`SelfDebug: ${title} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
