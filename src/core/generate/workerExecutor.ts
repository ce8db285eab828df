// Runs generated checks against implementation candidates in the persistent check workers of
// src/core/exec (one process per language, each candidate loaded once, every check with its own
// timeout). The workers load a candidate as a bare module with no project around it, so the
// candidate's source is prepared to find its project:
//   - Python: the folder goes on sys.path and `__package__` is set, so absolute and relative
//     imports of the project's own modules work;
//   - JS/TS: the project files it imports with relative paths are inlined into a small module
//     registry (transpiled like the candidate), since the worker's sandbox loads no files.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { prepareSource } from '../exec/languages';
import type { CheckPool } from '../exec/pool';
import { type CandidateRequest, type ExecLanguage, type ExecLimits } from '../exec/types';
import type { Logger } from '../ports';
import type { CheckExecutor, ExecCheck, ExecutionRequest } from './execution';
import { pythonModuleName } from './testPlacement';
import type { CandidateExecution, CheckStatus, CodeUnit } from './types';

export interface WorkerExecutorOptions {
  /** The pool to run in, per Python interpreter (the project's virtualenv may differ from python3). */
  pool(python: string | undefined): CheckPool;
  /** The project's Python, from test-framework detection. */
  python?: () => Promise<string | undefined>;
  readFile(file: string): Promise<string>;
  listFiles(): Promise<string[]>;
  logger: Logger;
  limits?: Partial<ExecLimits>;
}

const JS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'];
const MAX_INLINED = 40;

export function execLanguage(target: CodeUnit): ExecLanguage {
  if (target.language === 'python') return 'python';
  return target.language === 'javascript' ? 'javascript' : 'typescript';
}

/** Python: the candidate module, told where its project and package are. */
export function pythonCandidateSource(folder: string, target: CodeUnit, fileText: string, files: readonly string[]): string {
  const module = pythonModuleName(target.file, files);
  const pkg = target.file.endsWith('__init__.py') ? module : module.split('.').slice(0, -1).join('.');
  const preamble = [
    `import sys as _selfdebug_sys`,
    `if ${JSON.stringify(folder)} not in _selfdebug_sys.path: _selfdebug_sys.path.insert(0, ${JSON.stringify(folder)})`,
    `__package__ = ${JSON.stringify(pkg)}`,
    `del _selfdebug_sys`,
  ].join('\n');
  // `from __future__` imports must stay first: the preamble goes after them.
  const lines = fileText.split('\n');
  let insertAt = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!/^from\s+__future__\s+import\b/.test(lines[i]!)) continue;
    let end = i;
    if (lines[i]!.includes('(') && !lines[i]!.includes(')')) while (end < lines.length - 1 && !lines[end]!.includes(')')) end++;
    insertAt = end + 1;
  }
  return [...lines.slice(0, insertAt), preamble, ...lines.slice(insertAt)].join('\n');
}

const RELATIVE_SPEC = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]*)['"]/gm;

/** JS/TS: the candidate with the project files it imports (relatively, recursively) inlined. */
export async function ecmaCandidateSource(target: CodeUnit, fileText: string, files: readonly string[], readFile: (file: string) => Promise<string>): Promise<string> {
  const known = new Set(files);
  const resolve = (from: string, spec: string): string | undefined => {
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
    const stem = base.replace(/\.(m|c)?js$/, '');
    const tries = [base, ...JS_EXTENSIONS.map((e) => stem + e), ...JS_EXTENSIONS.map((e) => `${base}/index${e}`)];
    return tries.find((t) => known.has(t));
  };
  const modules = new Map<string, string>();
  const links: Record<string, string> = {};
  const queue: { file: string; text: string }[] = [{ file: target.file, text: fileText }];
  while (queue.length) {
    const { file, text } = queue.shift()!;
    for (const match of text.matchAll(RELATIVE_SPEC)) {
      const spec = match[1]!;
      const resolved = resolve(file, spec);
      if (!resolved) continue;
      links[`${file}\u0000${spec}`] = resolved;
      if (modules.has(resolved) || resolved === target.file || modules.size >= MAX_INLINED) continue;
      const source = await readFile(resolved);
      const lang: ExecLanguage = /\.[cm]?tsx?$/.test(resolved) ? 'typescript' : 'javascript';
      modules.set(resolved, prepareSource(lang, source));
      queue.push({ file: resolved, text: source });
    }
  }
  if (!Object.keys(links).length) return fileText;
  const definitions = [...modules].map(([file, code]) => `${JSON.stringify(file)}: function (exports, require, module) {\n${code}\n}`).join(',\n');
  const preamble = [
    'var require = (function (outer) {',
    `  var defs = {${definitions}};`,
    `  var links = ${JSON.stringify(links)};`,
    '  var cache = {};',
    '  function make(from) {',
    '    return function (spec) {',
    "      var file = links[from + '\\u0000' + spec];",
    '      if (file === undefined) return outer(spec);',
    '      if (!cache[file]) {',
    '        var module = { exports: {} };',
    '        cache[file] = module;',
    '        defs[file](module.exports, make(file), module);',
    '      }',
    '      return cache[file].exports;',
    '    };',
    '  }',
    `  return make(${JSON.stringify(target.file)});`,
    '})(require);',
  ].join('\n');
  return `${preamble}\n${fileText}`;
}

function checkCode(check: ExecCheck, language: ExecLanguage): string | undefined {
  if (language !== 'typescript') return check.code;
  try {
    const code = prepareSource('typescript', check.code).trim();
    return check.kind === 'eval' ? code.replace(/;\s*$/, '') : code;
  } catch {
    return undefined;
  }
}

export class WorkerExecutor implements CheckExecutor {
  constructor(private readonly options: WorkerExecutorOptions) {}

  async execute(request: ExecutionRequest): Promise<CandidateExecution[]> {
    const { target, folder, signal } = request;
    const language = execLanguage(target);
    const files = await this.options.listFiles();
    const python = language === 'python' ? await this.options.python?.() : undefined;
    const pool = this.options.pool(python);
    const compiled = request.checks.map((c) => ({ check: c, code: checkCode(c, language) }));
    const runnable = compiled.filter((c): c is { check: ExecCheck; code: string } => c.code !== undefined);
    const suite = {
      id: `gen-${createHash('sha1').update(JSON.stringify(runnable.map((c) => [c.check.id, c.code, c.check.kind]))).digest('hex').slice(0, 12)}`,
      checks: runnable.map((c) => ({ id: c.check.id, code: c.code, kind: c.check.kind })),
    };
    const requests: CandidateRequest[] = [];
    for (const candidate of request.candidates) {
      const code = language === 'python' ? pythonCandidateSource(folder, target, candidate.fileText, files) : await ecmaCandidateSource(target, candidate.fileText, files, this.options.readFile);
      requests.push({ language, code, suite, entryPoint: target.name, ...(this.options.limits ? { limits: this.options.limits } : {}) });
    }
    let runs;
    try {
      runs = await pool.runMany(requests, { signal, onProgress: (done, total) => request.onCandidate?.(done, total) });
    } finally {
      pool.dropSuite(suite);
    }
    return runs.map((run, i): CandidateExecution => {
      const checks: Record<string, CheckStatus> = {};
      const messages: Record<string, string> = {};
      const values: Record<string, string> = {};
      for (const { check, code } of compiled) {
        if (code === undefined) {
          checks[check.id] = 'error';
          messages[check.id] = 'the check does not compile';
        }
      }
      for (const result of run.checks) {
        checks[result.id] = result.status;
        if (result.message) messages[result.id] = result.message;
        if (result.value !== undefined) values[result.id] = result.value;
      }
      const loadError = run.load.status === 'ok' ? undefined : `${run.load.status === 'timeout' ? 'loading timed out' : 'loading failed'}: ${run.load.message ?? run.load.status}`;
      if (loadError) for (const c of request.checks) checks[c.id] ??= 'error';
      return { candidateId: request.candidates[i]!.id, ...(loadError ? { loadError } : {}), checks, messages, values, ms: run.ms };
    });
  }
}
