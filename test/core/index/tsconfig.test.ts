import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPathMapping } from '../../../src/core/index/tsconfig';

const root = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-tsconfig-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(relative: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), text);
}

describe('tsconfig path mapping', () => {
  it('reads JSON with comments and trailing commas, following relative extends', async () => {
    write('tsconfig.base.json', '{ "compilerOptions": { "paths": { "@x/*": ["libs/x/*"], }, }, } // base');
    write('apps/web/tsconfig.json', '{\n  // app\n  "extends": "../../tsconfig.base.json",\n  "compilerOptions": { "strict": true }\n}');
    expect(await readPathMapping(root, 'apps/web/tsconfig.json')).toEqual({ dir: 'apps/web', pathsBase: '', paths: [['@x/*', ['libs/x/*']]] });
  });

  it('resolves baseUrl relative to the config that sets it', async () => {
    write('pkg/jsconfig.json', '{ "compilerOptions": { "baseUrl": "./src" } }');
    expect(await readPathMapping(root, 'pkg/jsconfig.json')).toEqual({ dir: 'pkg', baseUrl: 'pkg/src', pathsBase: 'pkg/src', paths: [] });
  });

  it('ignores configs without mapping, unreadable or malformed ones', async () => {
    write('plain/tsconfig.json', '{ "compilerOptions": { "strict": true } }');
    write('bad/tsconfig.json', '{ "compilerOptions": { "paths": "nope" } }');
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} };
    expect(await readPathMapping(root, 'plain/tsconfig.json', logger)).toBeUndefined();
    expect(await readPathMapping(root, 'bad/tsconfig.json', logger)).toBeUndefined();
    expect(await readPathMapping(root, 'missing/tsconfig.json', logger)).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/bad\/tsconfig.json/);
  });
});
