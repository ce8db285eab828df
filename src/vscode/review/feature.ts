// The review feature: provides the `review` service (the engine's ReviewPort) and the review
// commands of the manifest; with SELFDEBUG_TEST_HOOKS=1 also a hidden command that shows a
// proposal read from a JSON file (for end-to-end tests).
import * as vscode from 'vscode';
import type { ReviewPort } from '../../core/ports';
import type { Feature } from '../feature';
import type { Services } from '../services';
import { KEEP_BOTH_COMMAND, ReviewCodeLenses } from './codeLens';
import { ReviewController } from './controller';
import { ReviewDecorations } from './decorations';
import { SIDE_BY_SIDE_SCHEME, SideBySideDocuments } from './sideBySide';
import { ReviewStore } from './store';
import { reportFailure } from './reportFailure';
import { registerTestHooks } from './testHooks';

export interface ReviewService extends ReviewPort {
  /** Writes the open reviews to workspace storage now (they are also saved shortly after each change). */
  flush(): Promise<void>;
}

declare module '../services' {
  interface ServiceMap {
    review: ReviewService;
  }
}

export const reviewFeature: Feature = {
  name: 'review',
  activate(services: Services) {
    const controller = new ReviewController(services.logger, new ReviewStore(services.context.workspaceState, services.logger));
    const decorations = new ReviewDecorations();
    const codeLenses = new ReviewCodeLenses((uri) => controller.reviewOf(uri));
    const sideBySide = new SideBySideDocuments((key) => controller.reviewByKey(key));
    services.subscribe(
      decorations,
      vscode.languages.registerCodeLensProvider([{ scheme: 'file' }, { scheme: 'untitled' }], codeLenses),
      vscode.workspace.registerTextDocumentContentProvider(SIDE_BY_SIDE_SCHEME, sideBySide),
      vscode.commands.registerCommand(KEEP_BOTH_COMMAND, (uri?: string, id?: number) => reportFailure(services, 'Keep Both', () => controller.keepBoth(uri, id))),
      controller,
      { dispose: () => void controller.flush() },
    );
    controller.start({ decorations, codeLenses, sideBySide });
    services.provide('review', controller);
    if (process.env.SELFDEBUG_TEST_HOOKS === '1') registerTestHooks(services, controller);

    return {
      'selfdebug.acceptHunk': (uri?: string, id?: number) => controller.acceptHunk(uri, id),
      'selfdebug.rejectHunk': (uri?: string, id?: number) => controller.rejectHunk(uri, id),
      'selfdebug.acceptAll': (uri?: string) => controller.acceptAll(uri),
      'selfdebug.rejectAll': (uri?: string) => controller.rejectAll(uri),
      'selfdebug.openSideBySide': (uri?: string) => controller.openSideBySide(uri),
      'selfdebug.nextCandidate': (uri?: string) => controller.nextCandidate(uri),
    };
  },
};
