import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(name) ? [full] : [];
  });
}

describe('architecture', () => {
  it('keeps src/core free of any vscode import', () => {
    const importsVscode = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]vscode['"]/;
    const offenders = sourceFiles(path.join(root, 'src/core')).filter((file) => importsVscode.test(readFileSync(file, 'utf8')));
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });

  it('keeps src/cli free of any vscode import', () => {
    const offenders = sourceFiles(path.join(root, 'src/cli')).filter((file) => /['"]vscode['"]/.test(readFileSync(file, 'utf8')));
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });

  it('detects a vscode import when there is one (the check itself can fail)', () => {
    const importsVscode = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]vscode['"]/;
    expect(importsVscode.test("import * as vscode from 'vscode';")).toBe(true);
    expect(importsVscode.test("const v = require('vscode')")).toBe(true);
    expect(importsVscode.test("// talks to vscode-free code")).toBe(false);
  });
});
