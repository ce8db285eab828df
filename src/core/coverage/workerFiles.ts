// The JSON files SelfDebug's in-process coverage hooks write (vitest setup file, mocha root-hook
// plugin, jest setup file): per test, the raw V8 precise-coverage ranges of workspace scripts, plus
// the source text V8 ran for each script. Read and turned into executed source lines here.
import { realpathSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { TestCoverage } from './types';
import { executedLines, pathOfUrl, v8FunctionSchema } from './v8Lines';

export const workerFileSchema = z.object({
  version: z.literal(1),
  tests: z.array(
    z.object({
      id: z.string(),
      outcome: z.enum(['passed', 'failed', 'error', 'skipped']),
      scripts: z.array(z.object({ scriptId: z.string(), url: z.string(), functions: z.array(v8FunctionSchema) })),
    }),
  ),
  sources: z.record(z.string(), z.string()),
});

export type WorkerFile = z.infer<typeof workerFileSchema>;

/** Workspace-relative '/'-separated path, or undefined outside the folder (also via its real path). */
function relativeTo(roots: string[], file: string): string | undefined {
  for (const root of roots) {
    const relative = path.relative(root, file);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
  }
  return undefined;
}

function rootsOf(root: string): string[] {
  try {
    const real = realpathSync(root);
    return real === root ? [root] : [root, real];
  } catch {
    return [root];
  }
}

/** Executed lines per test of one worker file (ids as the hook wrote them). */
export function linesOfWorker(data: WorkerFile, root: string): TestCoverage[] {
  const roots = rootsOf(root);
  return data.tests.map((test) => {
    const lines: Record<string, Set<number>> = {};
    for (const script of test.scripts) {
      const source = data.sources[script.scriptId];
      const scriptPath = pathOfUrl(script.url);
      if (source === undefined || !scriptPath) continue;
      for (const [file, executed] of executedLines(script, source, scriptPath)) {
        const relative = relativeTo(roots, file);
        if (!relative) continue;
        const set = (lines[relative] ??= new Set());
        for (const line of executed) set.add(line);
      }
    }
    return {
      id: test.id,
      outcome: test.outcome,
      lines: Object.fromEntries(Object.entries(lines).map(([file, set]) => [file, [...set].sort((a, b) => a - b)])),
    };
  });
}

/** All worker files of a coverage directory; unreadable ones become warnings. */
export async function readWorkerFiles(dir: string, root: string): Promise<{ files: number; tests: TestCoverage[]; warnings: string[] }> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  const tests: TestCoverage[] = [];
  const warnings: string[] = [];
  for (const name of names) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path.join(dir, name), 'utf8'));
    } catch (error) {
      warnings.push(`unreadable coverage file ${name}: ${(error as Error).message}`);
      continue;
    }
    const parsed = workerFileSchema.safeParse(json);
    if (!parsed.success) {
      warnings.push(`unreadable coverage file ${name}: ${parsed.error.message}`);
      continue;
    }
    tests.push(...linesOfWorker(parsed.data, root));
  }
  return { files: names.length, tests, warnings };
}
