import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { findCacheDirs, removeNewCacheDirs } from '../../../../src/core/localize/mutation/runnerLitter';

let root: string;
let outside: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'litter-'));
  outside = mkdtempSync(path.join(os.tmpdir(), 'litter-outside-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

it('removes only the cache folders created since the snapshot, never inside node_modules', () => {
  mkdirSync(path.join(root, 'pkg', '__pycache__'), { recursive: true });
  mkdirSync(path.join(outside, '.pytest_cache'));
  symlinkSync(outside, path.join(root, 'node_modules'));
  const before = findCacheDirs(root);
  expect([...before]).toEqual(['pkg/__pycache__']);
  mkdirSync(path.join(root, '.benchmarks'));
  mkdirSync(path.join(root, 'tests', '__pycache__'), { recursive: true });
  expect(removeNewCacheDirs(root, before).sort()).toEqual(['.benchmarks', 'tests/__pycache__']);
  expect([...findCacheDirs(root)]).toEqual(['pkg/__pycache__']);
  expect(findCacheDirs(outside).has('.pytest_cache')).toBe(true);
});
