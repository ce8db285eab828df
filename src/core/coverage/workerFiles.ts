// The JSON files SelfDebug's in-process coverage hooks write (vitest setup file, mocha root-hook
// plugin, jest setup file): per test, the raw V8 precise-coverage ranges of workspace scripts, plus
// the source text V8 ran for each script. Read and turned into executed source lines here.
import { readFileSync, realpathSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { TestCoverage } from './types';
import { traceMapOf } from '../localize/parse/sourceMaps';
import { executedLinesAt, pathOfUrl, scriptProbes, v8FunctionSchema, type ScriptProbes } from './v8Lines';

export const workerFileSchema = z.object({
  version: z.literal(1),
  tests: z.array(
    z.object({
      id: z.string(),
      outcome: z.enum(['passed', 'failed', 'error', 'skipped']),
      /** jest: the test file and jest's space-joined name, for joining with its JSON results. */
      file: z.string().optional(),
      name: z.string().optional(),
      /** jest: false when the id was built from the space-joined name, not the title path. */
      exactId: z.boolean().optional(),
      scripts: z.array(z.object({ scriptId: z.string(), url: z.string(), functions: z.array(v8FunctionSchema) })),
    }),
  ),
  sources: z.record(z.string(), z.string()),
});

export type WorkerFile = z.infer<typeof workerFileSchema>;
export type WorkerTest = WorkerFile['tests'][number];

/** Workspace-relative '/'-separated path, or undefined outside the folder (also via its real path). */
export function relativeTo(roots: string[], file: string): string | undefined {
  for (const root of roots) {
    const relative = path.relative(root, file);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
  }
  return undefined;
}

/** The folder as given and, when it differs, its real path (symbolic links resolved). */
export function rootsOf(root: string): string[] {
  try {
    const real = realpathSync(root);
    return real === root ? [root] : [root, real];
  } catch {
    return [root];
  }
}

/**
 * Whether the lines of the text V8 ran are those of the file: it has a source map, or it is the
 * file's text (possibly inside a one-line module wrapper). A transform that moved lines without
 * leaving a map would give wrong lines. `mapped`: whether the text's source map is already known
 * to be there.
 */
export function linesTrustworthy(source: string, scriptPath: string, readText: (file: string) => string | undefined, mapped?: boolean): boolean {
  if (mapped ?? traceMapOf(scriptPath, source)) return true;
  const disk = readText(scriptPath);
  if (disk === undefined) return false;
  const at = source.indexOf(disk);
  return at >= 0 && !source.slice(0, at).includes('\n');
}

function readTextOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Executed lines per test of one worker file (ids as the hook wrote them). */
export function linesOfWorker(data: WorkerFile, root: string, warnings: string[] = []): TestCoverage[] {
  const roots = rootsOf(root);
  // Per script: its probes (source map read once, not once per test), or undefined when its lines cannot be trusted.
  const probesByScript = new Map<string, ScriptProbes['probes'] | undefined>();
  const probesOf = (scriptId: string, source: string, scriptPath: string) => {
    if (probesByScript.has(scriptId)) return probesByScript.get(scriptId);
    const found = scriptProbes(source, scriptPath);
    const trusted = linesTrustworthy(source, scriptPath, readTextOrUndefined, found.mapped);
    if (!trusted) warnings.push(`${scriptPath} ran transformed without a source map; its lines are left out`);
    probesByScript.set(scriptId, trusted ? found.probes : undefined);
    return probesByScript.get(scriptId);
  };
  return data.tests.map((test) => {
    const lines: Record<string, Set<number>> = {};
    for (const script of test.scripts) {
      const source = data.sources[script.scriptId];
      const scriptPath = pathOfUrl(script.url);
      const probes = source !== undefined && scriptPath ? probesOf(script.scriptId, source, scriptPath) : undefined;
      if (!probes) continue;
      for (const [file, executed] of executedLinesAt(script, probes)) {
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

/**
 * All worker files of a coverage directory; unreadable ones become warnings. `adjust` may fix each
 * file's ids and outcomes first (dropping a test by leaving it out).
 */
export async function readWorkerFiles(
  dir: string,
  root: string,
  adjust?: (tests: WorkerTest[]) => WorkerTest[],
): Promise<{ files: number; tests: TestCoverage[]; warnings: string[] }> {
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
    const data = adjust ? { ...parsed.data, tests: adjust(parsed.data.tests) } : parsed.data;
    tests.push(...linesOfWorker(data, root, warnings));
  }
  return { files: names.length, tests, warnings: [...new Set(warnings)] };
}
