// Entry point for raw test output: finds which runner printed it, extracts the failures, and
// makes every frame workspace-relative (through source maps for compiled JavaScript), marking
// the frames that are in the workspace.
import path from 'node:path';
import type { FrameworkId, StackFrame } from '../../testing/types';
import type { ParsedFailure } from '../types';
import { detectNodeRunner, parseNodeOutput } from './nodeOutput';
import { looksLikePython, parsePythonOutput } from './pythonOutput';
import { SourceMapper } from './sourceMaps';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Which runner printed the text; undefined when nothing recognisable is in it. */
export function detectRunner(text: string): FrameworkId | 'python' | undefined {
  const clean = stripAnsi(text);
  if (/^={3,} test session starts ={3,}/m.test(clean) || /^FAILED \S+::/m.test(clean)) return 'pytest';
  const node = detectNodeRunner(clean);
  if (node) return node;
  return looksLikePython(clean) ? 'python' : undefined;
}

export interface ParseOptions {
  /** Absolute workspace folder. */
  root: string;
  /** Map compiled JS frames through source maps (default true). */
  sourceMaps?: boolean;
}

/** Failures in the order the runner printed them, frames relative to `root` (innermost last). */
export function parseFailureOutput(text: string, options: ParseOptions): ParsedFailure[] {
  const clean = stripAnsi(text).replace(/\r\n?/g, '\n');
  const runner = detectRunner(clean);
  let failures: ParsedFailure[];
  if (runner === 'pytest' || runner === 'python') failures = parsePythonOutput(clean);
  else if (runner) failures = parseNodeOutput(clean, runner);
  else {
    // Unknown shape: try both; a plain V8 stack or a Python traceback may still be in it.
    failures = parsePythonOutput(clean);
    if (!failures.length) failures = parseNodeOutput(clean, undefined);
  }
  const mapper = options.sourceMaps === false ? undefined : new SourceMapper();
  return failures.map((failure) => normalizeFailure(failure, options.root, mapper));
}

function normalizeFailure(failure: ParsedFailure, root: string, mapper?: SourceMapper): ParsedFailure {
  const stack = failure.stack.map((frame) => normalizeFrame(frame, root, mapper));
  const file = failure.file ? relativeTo(root, failure.file) : (stack.find((f) => f.inWorkspace)?.file ?? '');
  const id = failure.file && failure.id.startsWith(`${failure.file}::`) ? `${file}::${failure.id.slice(failure.file.length + 2)}` : failure.id;
  return { ...failure, id, file, stack };
}

function normalizeFrame(frame: StackFrame, root: string, mapper?: SourceMapper): StackFrame {
  let file = frame.file;
  if (file.startsWith('file://')) file = decodeURIComponent(new URL(file).pathname);
  const internal = file.startsWith('node:') || file.startsWith('<') || file === 'native' || /^(internal|async_hooks)\//.test(file);
  if (internal) return { ...frame, file, inWorkspace: false };
  let absolute = path.isAbsolute(file) ? file : path.resolve(root, file);
  let line = frame.line;
  let column = frame.column;
  const mapped = mapper?.map({ file: absolute, line, column });
  if (mapped) {
    absolute = mapped.file;
    line = mapped.line;
    column = mapped.column;
  }
  const relative = path.relative(root, absolute).split(path.sep).join('/');
  const outside = relative.startsWith('..') || path.isAbsolute(relative);
  const library = /(^|\/)(node_modules|site-packages|dist-packages|\.venv|venv|\.tox|__pypackages__)\//.test(outside ? absolute : relative);
  return {
    file: outside ? absolute : relative,
    line,
    ...(column !== undefined ? { column } : {}),
    function: frame.function,
    inWorkspace: !outside && !library,
  };
}

function relativeTo(root: string, file: string): string {
  const clean = file.startsWith('file://') ? decodeURIComponent(new URL(file).pathname) : file;
  if (!path.isAbsolute(clean)) return clean.split(path.sep).join('/');
  const relative = path.relative(root, clean);
  return relative.startsWith('..') ? clean : relative.split(path.sep).join('/');
}
