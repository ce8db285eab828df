// Does the project use a property-based testing library the generated tests may use? Only when
// the project itself declares it (and it can actually be loaded): hypothesis for Python,
// fast-check for JS/TS. A library that is merely installed somewhere else does not count.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { LanguageId } from '../index/types';
import { findNodePackage } from '../testing/runners';
import { runProcess } from '../util/process';

const PY_MANIFESTS = ['pyproject.toml', 'setup.cfg', 'setup.py', 'Pipfile', 'requirements.txt', 'requirements-dev.txt', 'requirements-test.txt', 'dev-requirements.txt', 'test-requirements.txt'];

const packageJsonSchema = z.looseObject({
  dependencies: z.record(z.string(), z.string()).optional(),
  devDependencies: z.record(z.string(), z.string()).optional(),
});

async function text(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

export interface PropertyLibraryProbe {
  folder: string;
  language: LanguageId;
  /** The project's Python (pytest detection), to check that hypothesis imports. */
  python?: string;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export async function detectPropertyLibrary(probe: PropertyLibraryProbe): Promise<'hypothesis' | 'fast-check' | undefined> {
  if (probe.language === 'python') {
    let declared = false;
    for (const name of PY_MANIFESTS) {
      const content = await text(path.join(probe.folder, name));
      if (content && /(^|[\s"'[,])hypothesis\b/im.test(content)) {
        declared = true;
        break;
      }
    }
    if (!declared) return undefined;
    const run = await runProcess({ command: probe.python ?? 'python3', args: ['-c', 'import hypothesis'], cwd: probe.folder, timeoutMs: 15_000, signal: probe.signal, env: probe.env });
    return run.exitCode === 0 ? 'hypothesis' : undefined;
  }
  const manifest = await text(path.join(probe.folder, 'package.json'));
  if (!manifest) return undefined;
  let parsed;
  try {
    parsed = packageJsonSchema.safeParse(JSON.parse(manifest));
  } catch {
    return undefined;
  }
  if (!parsed.success) return undefined;
  const deps = { ...parsed.data.dependencies, ...parsed.data.devDependencies };
  if (deps['fast-check'] === undefined) return undefined;
  return findNodePackage(probe.folder, 'fast-check') ? 'fast-check' : undefined;
}
