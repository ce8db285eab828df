// Every LLM-backed command starts here: the configured client, or a notification that says
// exactly how to set an endpoint up (with buttons that do it) and no client.
import * as vscode from 'vscode';
import { createLlmClient } from '../../core/llm/client';
import { LlmNotConfiguredError } from '../../core/llm/endpoint';
import type { LlmClient, LlmConfig } from '../../core/llm/types';
import type { Services } from '../services';

export interface ConfiguredLlm {
  client: LlmClient;
  config: LlmConfig;
}

export async function requireLlm(services: Services, action: string): Promise<ConfiguredLlm | undefined> {
  try {
    const config = await services.get('llm').endpoint();
    return { config, client: createLlmClient(config, { logger: services.logger }) };
  } catch (error) {
    if (!(error instanceof LlmNotConfiguredError)) throw error;
    services.logger.warn(`${action}: ${error.message}`);
    const choice = await vscode.window.showWarningMessage(`SelfDebug: ${action} needs a language model. ${error.message}`, { modal: false }, 'Set API Key', 'Open Settings');
    if (choice === 'Set API Key') await vscode.commands.executeCommand('selfdebug.setApiKey');
    if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'selfdebug.llm');
    return undefined;
  }
}
