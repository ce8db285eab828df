// The @vscode/test-electron suite cannot run on a machine without network (it downloads VS
// Code), so this checks what can be checked anywhere: the suite bundles, and the runner fails
// with a clear message instead of hanging when the VS Code it is pointed at is missing.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const runner = path.resolve(__dirname, 'runTests.mjs');
const out = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-electron-bundle-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('test:electron runner', () => {
  it('bundles the mocha entry and every suite file, keeping vscode and mocha external', async () => {
    const { stdout } = await run(process.execPath, [runner, '--build-only', '--out', out]);
    expect(stdout).toMatch(/bundled \d+ suite file/);
    const index = readFileSync(path.join(out, 'index.js'), 'utf8');
    expect(index).toMatch(/exports|module\.exports/);
    expect(index).toContain('require("mocha")');
    const suite = readFileSync(path.join(out, 'extension.test.js'), 'utf8');
    expect(suite).toContain('require("vscode")');
    expect(suite).toContain('Show Log opens the SelfDebug output channel');
  });

  it('fails with a clear message when VSCODE_EXECUTABLE_PATH points nowhere', async () => {
    const missing = path.join(out, 'no-such-code');
    const result = await run(process.execPath, [runner, '--out', path.join(out, 'second')], {
      env: { ...process.env, VSCODE_EXECUTABLE_PATH: missing },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`VSCODE_EXECUTABLE_PATH=${missing} does not exist`);
    expect(existsSync(path.join(out, 'second', 'index.js'))).toBe(true);
  });
});
