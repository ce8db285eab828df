// What globalSetup hands to every end-to-end test file (through vitest's provide/inject).
export interface E2eContext {
  /** node_modules/code-server of the cached install (contains out/node/entry.js). */
  serverDir: string;
  /** An extensions dir with the freshly packaged selfdebug.vsix installed; copy before changing. */
  extensionsDir: string;
  /** Chromium executable for playwright-core. */
  chromiumPath: string;
  /** Temporary root of this run (workspaces, user-data dirs); removed by the teardown. */
  runDir: string;
  /** The extension's `publisher.name` and version, as installed. */
  extensionId: string;
  extensionVersion: string;
  /** Set when the set-up failed: every session start fails with it. */
  setupError?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eContext;
  }
}
