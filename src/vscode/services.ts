// What features share: the extension context, the log, settings, and the services other
// features provide. A feature adds its service type to ServiceMap by declaration merging:
//   declare module '../services' { interface ServiceMap { index: IndexService } }
import * as vscode from 'vscode';
import { parseConfig, type SelfDebugConfig } from '../core/config';
import type { Logger } from '../core/ports';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ServiceMap {}

export class Services {
  private readonly provided = new Map<string, unknown>();

  constructor(
    readonly context: vscode.ExtensionContext,
    readonly logger: Logger,
    readonly output: vscode.OutputChannel,
  ) {}

  provide<K extends keyof ServiceMap>(key: K, service: ServiceMap[K]): void {
    this.provided.set(key as string, service);
  }

  get<K extends keyof ServiceMap>(key: K): ServiceMap[K] {
    const service = this.provided.get(key as string);
    if (service === undefined) throw new Error(`SelfDebug service '${String(key)}' is not available`);
    return service as ServiceMap[K];
  }

  tryGet<K extends keyof ServiceMap>(key: K): ServiceMap[K] | undefined {
    return this.provided.get(key as string) as ServiceMap[K] | undefined;
  }

  /** Current settings, validated; a bad setting is reported, not silently replaced. */
  config(scope?: vscode.ConfigurationScope): SelfDebugConfig {
    const section = vscode.workspace.getConfiguration('selfdebug', scope);
    const keys = ['llm', 'candidatesPerRound', 'maxRounds', 'temperature', 'tokenBudget', 'testCommands', 'testTimeoutSeconds', 'maxParallelRuns', 'generate'];
    const raw: Record<string, unknown> = {};
    for (const key of keys) raw[key] = section.get(key);
    return parseConfig(JSON.parse(JSON.stringify(raw)));
  }

  subscribe(...disposables: vscode.Disposable[]): void {
    this.context.subscriptions.push(...disposables);
  }
}
