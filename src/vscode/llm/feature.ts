// LLM endpoint settings and the API key. The key lives in SecretStorage (OPENAI_API_KEY as a
// fallback) and is never written to settings or the log.
import * as vscode from 'vscode';
import { resolveLlmConfig } from '../../core/llm/endpoint';
import type { LlmConfig } from '../../core/llm/types';
import type { Feature } from '../feature';
import type { Services } from '../services';

const SECRET_KEY = 'selfdebug.apiKey';

export interface LlmService {
  /** The endpoint to use now; throws LlmNotConfiguredError with set-up instructions. */
  endpoint(): Promise<LlmConfig>;
}

declare module '../services' {
  interface ServiceMap {
    llm: LlmService;
  }
}

export const llmFeature: Feature = {
  name: 'llm',
  activate(services: Services) {
    const secrets = services.context.secrets;
    services.provide('llm', {
      async endpoint() {
        const apiKey = await secrets.get(SECRET_KEY);
        return resolveLlmConfig({ config: services.config(), env: process.env, apiKey, surface: 'vscode' });
      },
    });
    return {
      'selfdebug.setApiKey': async () => {
        const value = await vscode.window.showInputBox({
          title: 'SelfDebug: API key for the LLM endpoint',
          prompt: 'Stored in VS Code secret storage. Leave empty and press Enter to remove the stored key.',
          password: true,
          ignoreFocusOut: true,
        });
        if (value === undefined) return;
        if (value.trim() === '') {
          await secrets.delete(SECRET_KEY);
          services.logger.info('API key removed from secret storage');
          void vscode.window.showInformationMessage('SelfDebug: API key removed.');
        } else {
          await secrets.store(SECRET_KEY, value.trim());
          services.logger.info('API key stored in secret storage');
          void vscode.window.showInformationMessage('SelfDebug: API key stored.');
        }
      },
    };
  },
};
