import { transformSync } from '@babel/core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countsAt, executedLines, pathOfUrl, v8ScriptSchema, type V8Script } from '../../../src/core/coverage/v8Lines';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs a script under NODE_V8_COVERAGE and returns the coverage of `file`. */
function coverageOf(script: string, file: string): V8Script {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'v8cov-'));
  dirs.push(dir);
  execFileSync(process.execPath, [script], { env: { ...process.env, NODE_V8_COVERAGE: dir } });
  for (const name of readdirSync(dir)) {
    const result = JSON.parse(readFileSync(path.join(dir, name), 'utf8')).result as unknown[];
    for (const entry of result) {
      const script = v8ScriptSchema.parse(entry);
      if (pathOfUrl(script.url) === file) return script;
    }
  }
  throw new Error(`no coverage for ${file}`);
}

describe('countsAt', () => {
  it('answers with the count of the innermost range around each offset', () => {
    const ranges = [
      { startOffset: 0, endOffset: 100, count: 1 },
      { startOffset: 10, endOffset: 50, count: 0 },
      { startOffset: 20, endOffset: 30, count: 4 },
    ];
    expect(countsAt(ranges, [5, 15, 25, 40, 60, 150])).toEqual([1, 0, 4, 0, 1, undefined]);
  });
});

describe('executedLines', () => {
  it('turns block coverage of a plain script into executed lines', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'v8src-'));
    dirs.push(dir);
    const file = path.join(dir, 'lib.js');
    writeFileSync(file, ['function used(x) {', '  if (x > 0) {', '    return 1;', '  }', '  return 2;', '}', 'function unused() {', '  return 3;', '}', 'used(1);', ''].join('\n'));
    const lines = executedLines(coverageOf(file, file), readFileSync(file, 'utf8'), file);
    expect([...(lines.get(file) ?? [])].sort((a, b) => a - b)).toEqual([1, 2, 3, 10]);
  });

  it('maps compiled JavaScript back to the TypeScript lines through the source map', () => {
    const project = path.resolve(__dirname, '../localize/samples/sourcemap-project');
    const compiled = path.join(project, 'dist', 'duration.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'v8map-'));
    dirs.push(dir);
    const runner = path.join(dir, 'run.js');
    writeFileSync(runner, `require(${JSON.stringify(compiled)}).formatDuration(630);\n`);
    const lines = executedLines(coverageOf(runner, compiled), readFileSync(compiled, 'utf8'), compiled);
    const ts = [...(lines.get(path.join(project, 'src', 'duration.ts')) ?? [])].sort((a, b) => a - b);
    // formatDuration (lines 22-32 of the TypeScript) ran; parseDuration (7-19) did not.
    expect(ts).toEqual(expect.arrayContaining([23, 24, 25, 26, 27, 28, 29, 31]));
    expect(ts.some((line) => line >= 8 && line <= 18)).toBe(false);
  });

  it('finds original lines the compiler joined onto another line (babel’s `} else if`)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'v8babel-'));
    dirs.push(dir);
    const original = path.join(dir, 'sign.js');
    const text = ['function sign(x) {', '  if (x > 0) {', '    return 1;', '  }', '  else if (x < 0) {', '    return -1;', '  }', '  return 0;', '}', 'module.exports = sign;', ''].join('\n');
    writeFileSync(original, text);
    // What babel-jest hands V8: reformatted code with an inline map (jest's @babel/core).
    const compiledText = transformSync(text, { filename: original, sourceMaps: 'inline', babelrc: false, configFile: false })!.code!;
    expect(compiledText).toContain('} else if (x < 0) {');
    const compiled = path.join(dir, 'sign.compiled.js');
    writeFileSync(compiled, compiledText);
    const runner = path.join(dir, 'run.js');
    writeFileSync(runner, `require(${JSON.stringify(compiled)})(-1);\n`);
    const lines = executedLines(coverageOf(runner, compiled), compiledText, compiled);
    // Module level (1, 10) and the negative branch (2, 5, 6); not `return 1` (3) nor `return 0` (8).
    expect([...(lines.get(original) ?? [])].sort((a, b) => a - b)).toEqual([1, 2, 5, 6, 10]);
  });
});
