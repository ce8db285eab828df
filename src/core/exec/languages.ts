// How to start the check worker of each language, and how candidate/check code is prepared for
// it (TypeScript is stripped of its types; ES module syntax becomes CommonJS for the vm sandbox).
import { transform } from 'sucrase';
import { resourcePath } from '../resources';
import type { ExecLanguage } from './types';
import type { WorkerSpec } from './worker';

export type WorkerKind = 'python' | 'node';

export function workerKind(language: ExecLanguage): WorkerKind {
  return language === 'python' ? 'python' : 'node';
}

export interface WorkerCommands {
  /** Python interpreter; default `python3`. */
  python?: string;
  /** Node binary for JS/TS candidates; default the running Node (Electron runs as Node). */
  node?: string;
}

export function workerSpec(kind: WorkerKind, cwd: string, commands: WorkerCommands = {}): WorkerSpec {
  if (kind === 'python') {
    return {
      name: 'python',
      command: commands.python ?? 'python3',
      args: ['-u', resourcePath('python', 'check_worker.py')],
      cwd,
      // One BLAS/OpenMP thread: candidates are forked from the worker, and a thread pool started
      // by a preloaded library must not exist at fork time (nor crowd a small machine).
      env: {
        ...process.env,
        // Scratch folders of the worker and its candidates go under the pool's own temp folder,
        // removed with the pool even when a worker was killed.
        TMPDIR: cwd,
        PYTHONHASHSEED: '0',
        PYTHONDONTWRITEBYTECODE: '1',
        PYTHONIOENCODING: 'utf-8',
        OPENBLAS_NUM_THREADS: '1',
        OMP_NUM_THREADS: '1',
        MKL_NUM_THREADS: '1',
      },
    };
  }
  return {
    name: 'node',
    command: commands.node ?? process.execPath,
    args: [resourcePath('node', 'check_worker.js')],
    cwd,
    // Inside VS Code process.execPath is Electron; this makes it behave as plain Node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', TMPDIR: cwd },
  };
}

const moduleSyntax = /^\s*(import\s|import\{|export\s|export\{|export\*)/m;

/**
 * Turns JS/TS source into a script for the Node worker's vm context: types are removed and
 * `import`/`export` become `require`/`exports` (only when the code uses them, so plain scripts
 * keep their sloppy-mode semantics). Python code is returned as is.
 */
export function prepareSource(language: ExecLanguage, code: string): string {
  if (language === 'python') return code;
  const transforms: ('typescript' | 'imports')[] = [];
  if (language === 'typescript') transforms.push('typescript');
  if (moduleSyntax.test(code)) transforms.push('imports');
  if (!transforms.length) return code;
  return transform(code, { transforms, disableESTransforms: true, keepUnusedImports: true }).code;
}
