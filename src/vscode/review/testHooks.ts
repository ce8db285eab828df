// Hidden commands for end-to-end tests, registered only when the extension host runs with
// SELFDEBUG_TEST_HOOKS=1. `selfdebug.test.showProposal [path]` reads a Proposal (or a list,
// best first) from a JSON file (the argument, else $SELFDEBUG_TEST_PROPOSAL) and presents it.
// Relative file paths in the proposal are taken from the first workspace folder.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { parseProposals } from '../../core/review/schema';
import type { Services } from '../services';
import type { ReviewController } from './controller';
import { reportFailure } from './reportFailure';

export const SHOW_PROPOSAL_COMMAND = 'selfdebug.test.showProposal';

export function registerTestHooks(services: Services, controller: ReviewController): void {
  services.subscribe(
    vscode.commands.registerCommand(SHOW_PROPOSAL_COMMAND, (file?: string) =>
      reportFailure(services, 'Show Proposal (test hook)', async () => {
        const source = typeof file === 'string' && file ? file : process.env.SELFDEBUG_TEST_PROPOSAL;
        if (!source) throw new Error('no proposal file: pass a path or set SELFDEBUG_TEST_PROPOSAL');
        const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
        const proposals = parseProposals(JSON.parse(await readFile(path.resolve(root, source), 'utf8')));
        for (const proposal of proposals) {
          for (const change of proposal.changes) change.path = path.resolve(root, change.path);
        }
        await controller.present(proposals);
      }),
    ),
  );
  services.logger.info(`Test hooks enabled: ${SHOW_PROPOSAL_COMMAND}`);
}
