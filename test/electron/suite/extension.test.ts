// The extension inside a desktop VS Code: it activates, registers every manifest command,
// contributes its settings and log language, and Show Log opens the SelfDebug channel.
import * as assert from 'node:assert/strict';
import { describe, it, before } from 'mocha';
import * as vscode from 'vscode';

const EXTENSION_ID = 'selfdebug.selfdebug';

interface Manifest {
  version: string;
  contributes: { commands: { command: string; title: string }[] };
}

async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('SelfDebug extension', () => {
  let extension: vscode.Extension<unknown>;

  before(async () => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not loaded in the Extension Development Host`);
    extension = found;
    await extension.activate();
  });

  it('activates', () => {
    assert.equal(extension.isActive, true);
  });

  it('registers every command of the manifest', async () => {
    const manifest = extension.packageJSON as Manifest;
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
  });

  it('contributes its settings with their defaults', () => {
    const settings = vscode.workspace.getConfiguration('selfdebug');
    assert.equal(settings.get('maxRounds'), 3);
    assert.equal(settings.get('candidatesPerRound'), 4);
    assert.equal(settings.get('llm.baseUrl'), '');
  });

  it('registers the selfdebug-log language for its output channel', async () => {
    assert.ok((await vscode.languages.getLanguages()).includes('selfdebug-log'));
  });

  it('Show Log opens the SelfDebug output channel with the activation line', async () => {
    await vscode.commands.executeCommand('selfdebug.showLog');
    const manifest = extension.packageJSON as Manifest;
    // Shown output channels are text documents with the "output" scheme.
    const text = await eventually(() => {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && /SelfDebug/.test(d.uri.toString()));
      const content = doc?.getText();
      return content && content.includes('activated') ? content : undefined;
    }, 'the SelfDebug output channel to show its activation line');
    assert.match(text, new RegExp(`SelfDebug ${manifest.version.replace(/\./g, '\\.')} activated`));
  });

  it('answers a command whose feature needs an LLM without throwing', async () => {
    // With no endpoint configured it must explain the set-up in a notification, not fail.
    await vscode.commands.executeCommand('selfdebug.generateImplementation');
  });
});
