import type { Services } from './services';

export type CommandHandler = (...args: any[]) => unknown;

/** One area of the extension (index, testing, review...). */
export interface Feature {
  name: string;
  /** Registers providers and services; returns the handlers of the manifest commands it owns. */
  activate(services: Services): Record<string, CommandHandler> | Promise<Record<string, CommandHandler>>;
}
