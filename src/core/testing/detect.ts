// Finds which test framework a folder uses, from what the project itself says: its test script,
// the runners' config files, package.json devDependencies, Python config sections, and as a last
// resort what its test files look like. Each piece of evidence has a weight; the best wins.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { FrameworkId } from './types';
import { findPython } from './runners';

export interface FrameworkDetection {
  framework: FrameworkId;
  /** The evidence, e.g. "vitest.config.mjs", "package.json scripts.test: jest". */
  reasons: string[];
  /** The Python pytest runs with (pytest only). */
  python?: string;
  /** The virtualenv that Python belongs to (pytest only). */
  venv?: string;
  /** What follows `node --test` in the project's test script, e.g. ["tests/"] (node-test only). */
  scriptArgs?: string[];
}

const order: FrameworkId[] = ['pytest', 'vitest', 'jest', 'mocha', 'node-test'];

const packageJsonSchema = z.looseObject({
  scripts: z.record(z.string(), z.string()).optional(),
  dependencies: z.record(z.string(), z.string()).optional(),
  devDependencies: z.record(z.string(), z.string()).optional(),
  jest: z.unknown().optional(),
  mocha: z.unknown().optional(),
});
type PackageJson = z.infer<typeof packageJsonSchema>;

class Evidence {
  private readonly scores = new Map<FrameworkId, { score: number; reasons: string[] }>();
  add(framework: FrameworkId, score: number, reason: string): void {
    const entry = this.scores.get(framework) ?? { score: 0, reasons: [] };
    entry.score = Math.max(entry.score, score);
    entry.reasons.push(reason);
    this.scores.set(framework, entry);
  }
  ranked(): { framework: FrameworkId; reasons: string[] }[] {
    return [...this.scores.entries()]
      .sort(([a, x], [b, y]) => y.score - x.score || order.indexOf(a) - order.indexOf(b))
      .map(([framework, { reasons }]) => ({ framework, reasons }));
  }
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/** Which runner a script line invokes. */
function runnersInScript(script: string): { framework: FrameworkId; args?: string[] }[] {
  const found: { framework: FrameworkId; args?: string[] }[] = [];
  if (/\bvitest\b/.test(script)) found.push({ framework: 'vitest' });
  if (/\bjest\b/.test(script)) found.push({ framework: 'jest' });
  if (/\bmocha\b/.test(script)) found.push({ framework: 'mocha' });
  const nodeTest = /\bnode\s+((?:--[\w-]+(?:=\S+)?\s+)*)--test\b([^&|;]*)/.exec(script);
  if (nodeTest) {
    const args = nodeTest[2]!.trim().split(/\s+/).filter((arg) => arg && !arg.startsWith('-'));
    found.push({ framework: 'node-test', args });
  }
  if (/\bpytest\b/.test(script)) found.push({ framework: 'pytest' });
  return found;
}

async function fromPackageJson(folder: string, evidence: Evidence, scriptArgs: Map<FrameworkId, string[]>): Promise<void> {
  const text = await readText(path.join(folder, 'package.json'));
  if (text === undefined) return;
  let pkg: PackageJson;
  try {
    const parsed = packageJsonSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return;
    pkg = parsed.data;
  } catch {
    return;
  }
  const scripts = pkg.scripts ?? {};
  // `"test": "npm run test:unit"` points at another script: follow it once.
  let testScript = scripts.test ?? '';
  const delegated = /\b(?:npm|pnpm|yarn)\s+(?:run\s+)?([\w:.-]+)/.exec(testScript);
  if (delegated && scripts[delegated[1]!]) testScript += ` ${scripts[delegated[1]!]}`;
  for (const { framework, args } of runnersInScript(testScript)) {
    evidence.add(framework, 100, `package.json scripts.test: ${scripts.test}`);
    if (args?.length) scriptArgs.set(framework, args);
  }
  for (const [name, script] of Object.entries(scripts)) {
    if (name === 'test' || !/test|spec/i.test(name)) continue;
    for (const { framework, args } of runnersInScript(script)) {
      evidence.add(framework, 80, `package.json scripts.${name}: ${script}`);
      if (args?.length && !scriptArgs.has(framework)) scriptArgs.set(framework, args);
    }
  }
  if (pkg.jest !== undefined) evidence.add('jest', 90, 'package.json "jest" section');
  if (pkg.mocha !== undefined) evidence.add('mocha', 90, 'package.json "mocha" section');
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  for (const [dep, framework] of [['vitest', 'vitest'], ['jest', 'jest'], ['ts-jest', 'jest'], ['mocha', 'mocha']] as const) {
    if (deps[dep] !== undefined) evidence.add(framework, 70, `package.json depends on ${dep}`);
  }
}

async function fromConfigFiles(folder: string, names: string[], evidence: Evidence): Promise<void> {
  for (const name of names) {
    if (/^vitest\.(config|workspace)\.[cm]?[jt]s$/.test(name)) evidence.add('vitest', 90, name);
    else if (/^vite\.config\.[cm]?[jt]s$/.test(name)) {
      const text = await readText(path.join(folder, name));
      if (text && /\btest\s*:/.test(text)) evidence.add('vitest', 85, `${name} has a "test" section`);
    } else if (/^jest\.config\.([cm]?[jt]s|json)$/.test(name)) evidence.add('jest', 90, name);
    else if (/^\.mocharc\.(js|cjs|mjs|json|jsonc|ya?ml)$/.test(name)) evidence.add('mocha', 90, name);
    else if (name === 'pytest.ini') evidence.add('pytest', 90, name);
    else if (name === 'conftest.py') evidence.add('pytest', 90, name);
  }
  const sections: [string, string][] = [
    ['pyproject.toml', 'tool.pytest.ini_options'],
    ['setup.cfg', 'tool:pytest'],
    ['tox.ini', 'pytest'],
  ];
  for (const [file, section] of sections) {
    if (!names.includes(file)) continue;
    const text = await readText(path.join(folder, file));
    if (text?.split('\n').some((line) => line.trim() === `[${section}]`)) evidence.add('pytest', 90, `${file} [${section}]`);
    else if (text && /\bpytest\b/.test(text)) evidence.add('pytest', 60, `${file} mentions pytest`);
  }
  for (const file of ['requirements-dev.txt', 'requirements-test.txt', 'requirements.txt', 'setup.py', 'Pipfile']) {
    if (!names.includes(file)) continue;
    const text = await readText(path.join(folder, file));
    if (text && /^\s*["']?pytest\b/m.test(text)) evidence.add('pytest', 60, `${file} lists pytest`);
  }
}

/** Test files in the folder and its usual test folders, as a weak last resort. */
async function fromTestFiles(folder: string, names: string[], evidence: Evidence): Promise<void> {
  const candidates: string[] = names.map((n) => n);
  for (const dir of ['tests', 'test', '__tests__', 'spec']) {
    if (names.includes(dir)) candidates.push(...(await listDir(path.join(folder, dir))).map((n) => `${dir}/${n}`));
  }
  const python = candidates.filter((n) => /(^|\/)(test_\w+|\w+_test)\.py$/.test(n));
  if (python.length) evidence.add('pytest', 50, `Python test files (${python[0]}${python.length > 1 ? ', …' : ''})`);
  const js = candidates.filter((n) => /\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)test-[\w-]+\.[cm]?js$/.test(n)).slice(0, 10);
  for (const file of js) {
    const text = await readText(path.join(folder, file));
    if (text && /from\s+['"]node:test['"]|require\(\s*['"]node:test['"]\s*\)/.test(text)) {
      evidence.add('node-test', 40, `${file} imports node:test`);
      break;
    }
  }
}

/**
 * Every framework with evidence in the folder, best first. `findInterpreter: false` leaves out
 * the Python to run pytest with (finding it may start a Python), for callers that only need to
 * know the framework.
 */
export async function detectFrameworks(folder: string, env: NodeJS.ProcessEnv = process.env, options: { findInterpreter?: boolean } = {}): Promise<FrameworkDetection[]> {
  const evidence = new Evidence();
  const scriptArgs = new Map<FrameworkId, string[]>();
  const names = await listDir(folder);
  await fromPackageJson(folder, evidence, scriptArgs);
  await fromConfigFiles(folder, names, evidence);
  await fromTestFiles(folder, names, evidence);
  return evidence.ranked().map(({ framework, reasons }) => {
    const detection: FrameworkDetection = { framework, reasons };
    if (framework === 'pytest' && options.findInterpreter !== false) {
      const python = findPython(folder, env);
      detection.python = python.command;
      if (python.venv) {
        detection.venv = python.venv;
        detection.reasons.push(`virtualenv ${path.relative(folder, python.venv) || python.venv}`);
      }
    }
    if (scriptArgs.has(framework)) detection.scriptArgs = scriptArgs.get(framework);
    return detection;
  });
}

/** The framework the folder's tests use, or undefined when nothing points to one. */
export async function detectFramework(folder: string, env: NodeJS.ProcessEnv = process.env): Promise<FrameworkDetection | undefined> {
  return (await detectFrameworks(folder, env))[0];
}

/** Detection for a framework the caller already knows (a setting or a flag). */
export function forcedDetection(folder: string, framework: FrameworkId, env: NodeJS.ProcessEnv = process.env): FrameworkDetection {
  const detection: FrameworkDetection = { framework, reasons: ['chosen explicitly'] };
  if (framework === 'pytest') {
    const python = findPython(folder, env);
    detection.python = python.command;
    detection.venv = python.venv;
  }
  return detection;
}
