import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOfWorker, linesTrustworthy, type WorkerFile } from '../../../src/core/coverage/workerFiles';

const disk = 'function f(x) {\n\n  return x + 1;\n}\nmodule.exports = f;\n';
const read = (text: string | undefined) => () => text;

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'workerfiles-'));
  writeFileSync(path.join(root, 'f.js'), disk);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('linesTrustworthy', () => {
  it('trusts the file’s own text, also inside a one-line module wrapper', () => {
    expect(linesTrustworthy(disk, '/p/f.js', read(disk))).toBe(true);
    expect(linesTrustworthy(`(function (exports, require, module) { ${disk}\n});`, '/p/f.js', read(disk))).toBe(true);
  });

  it('distrusts a transform that moved lines and left no source map', () => {
    const moved = disk.replace('\n\n', '\n');
    expect(linesTrustworthy(moved, '/p/f.js', read(disk))).toBe(false);
    expect(linesTrustworthy(`"use strict";\n${disk}`, '/p/f.js', read(disk))).toBe(false);
    expect(linesTrustworthy(disk, '/p/f.js', read(undefined))).toBe(false);
  });
});

describe('linesOfWorker', () => {
  // V8 ranges: the whole script ran once, f's body (offsets 0-33) once.
  const functions = [{ functionName: 'f', ranges: [{ startOffset: 0, endOffset: 33, count: 1 }] }];
  const worker = (source: string): WorkerFile => ({
    version: 1,
    tests: [{ id: 't.test.js::adds', outcome: 'failed', scripts: [{ scriptId: '7', url: `file://${path.join(root, 'f.js')}`, functions }] }],
    sources: { '7': source },
  });

  it('gives workspace-relative executed lines per test', () => {
    const warnings: string[] = [];
    expect(linesOfWorker(worker(disk), root, warnings)).toEqual([{ id: 't.test.js::adds', outcome: 'failed', lines: { 'f.js': [1, 3] } }]);
    expect(warnings).toEqual([]);
  });

  it('leaves out, with a warning, a script whose lines cannot be trusted', () => {
    const warnings: string[] = [];
    expect(linesOfWorker(worker(disk.replace('\n\n', '\n')), root, warnings)[0]?.lines).toEqual({});
    expect(warnings).toEqual([`${path.join(root, 'f.js')} ran transformed without a source map; its lines are left out`]);
  });
});
