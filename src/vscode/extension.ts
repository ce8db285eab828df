// Entry point of the VS Code extension: creates the log, activates the features in order and
// registers every command the manifest declares (a command whose feature is not built says so).
import * as vscode from 'vscode';
import { isCancellationError } from '../core/util/cancellation';
import { features } from './features';
import type { CommandHandler } from './feature';
import { createOutputLog } from './outputLog';
import { Services } from './services';

export async function activate(context: vscode.ExtensionContext): Promise<Services> {
  const { output, logger } = createOutputLog();
  context.subscriptions.push(output);
  const services = new Services(context, logger, output);
  const handlers: Record<string, CommandHandler> = {
    'selfdebug.showLog': () => output.show(true),
  };
  for (const feature of features) {
    try {
      Object.assign(handlers, await feature.activate(services));
    } catch (error) {
      logger.error(`Feature '${feature.name}' failed to activate`, error);
    }
  }
  const manifest = context.extension.packageJSON as { contributes: { commands: { command: string; title: string }[] } };
  for (const { command, title } of manifest.contributes.commands) {
    const handler = handlers[command] ?? (() => vscode.window.showInformationMessage(`SelfDebug: ${title} is not available in this version yet.`));
    context.subscriptions.push(vscode.commands.registerCommand(command, guarded(title, handler, services)));
  }
  logger.info(`SelfDebug ${context.extension.packageJSON.version} activated (VS Code ${vscode.version}, Node ${process.versions.node})`);
  return services;
}

/** Every command reports its failure in a notification and the log, never silently. */
function guarded(title: string, handler: CommandHandler, services: Services): CommandHandler {
  return async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (isCancellationError(error)) {
        services.logger.info(`${title}: cancelled`);
        return undefined;
      }
      const message = error instanceof Error ? error.message : String(error);
      services.logger.error(`${title} failed`, error);
      const choice = await vscode.window.showErrorMessage(`SelfDebug: ${title} failed: ${message}`, 'Show Log');
      if (choice === 'Show Log') services.output.show(true);
      return undefined;
    }
  };
}

export function deactivate(): void {}
