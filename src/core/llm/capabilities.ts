// What we learned about an endpoint at run time, so later requests skip what it does not support.
import type { LlmConfig } from './types';

export interface EndpointQuirks {
  /** Returns fewer answers than `n` asks for (or rejects `n`): ask with parallel requests instead. */
  ignoresN?: boolean;
  /** Rejects `stream_options` (older servers): stream without it and count tokens locally. */
  rejectsStreamOptions?: boolean;
}

export class EndpointCapabilities {
  private readonly quirks = new Map<string, EndpointQuirks>();

  get(key: string): EndpointQuirks {
    return this.quirks.get(key) ?? {};
  }

  note(key: string, learned: EndpointQuirks): void {
    this.quirks.set(key, { ...this.get(key), ...learned });
  }
}

/** Lives as long as the extension host / CLI process, shared by every client. */
export const sharedCapabilities = new EndpointCapabilities();

/** Quirks are per server and model (one server may route models to different backends). */
export function endpointKey(config: Pick<LlmConfig, 'baseURL' | 'model'>): string {
  return `${config.baseURL} ${config.model}`;
}
