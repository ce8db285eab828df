// Runs an engine operation under a cancellable progress notification, giving it a Host whose
// signal follows the Cancel button, whose test runs show as tasks and whose log is the channel.
import * as vscode from 'vscode';
import type { Host } from '../../core/ports';
import type { Services } from '../services';

export function withEngineHost<T>(services: Services, title: string, work: (host: Host) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => {
      services.logger.info(`${title}: cancelled by the user`);
      controller.abort();
    });
    let reported = 0;
    const host: Host = {
      logger: services.logger,
      signal: controller.signal,
      progress: {
        report(message, fraction) {
          // VS Code takes increments; the engine reports where it is.
          const increment = fraction === undefined ? undefined : Math.max(0, fraction * 100 - reported);
          if (increment) reported += increment;
          progress.report({ message, increment });
        },
      },
      runs: services.tryGet('testing'),
      review: services.tryGet('review'),
    };
    return work(host).finally(() => subscription.dispose());
  });
}
