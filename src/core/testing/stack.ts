// Stack frames from what the runners report: V8 stack strings (vitest, jest, mocha, node --test)
// and Python traceback entries (the pytest plugin's JSON, or pytest's text as a fallback).
// Frames are returned outermost first, innermost last, as Python prints them.
import type { StackFrame } from './types';
import { mapPath, type PathContext } from './paths';

// "    at fn (/a/b.js:1:2)", "    at /a/b.js:1:2", "    at async fn (file:///a/b.mjs:1:2)"
const v8Frame = /^\s*at (?:(.*?) \((.*?):(\d+):(\d+)\)|(.*?):(\d+):(\d+))\s*$/;

/** Frames of a V8 `error.stack` (innermost first there; innermost last here). */
export function parseV8Stack(stack: string | undefined, ctx: PathContext): StackFrame[] {
  if (!stack) return [];
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    const match = v8Frame.exec(line);
    if (!match) continue;
    const [, fn, file1, line1, col1, file2, line2, col2] = match;
    const rawFile = file1 ?? file2;
    if (!rawFile || rawFile === '<anonymous>') continue;
    const mapped = mapPath(rawFile, ctx);
    frames.push({
      file: mapped.file,
      line: Number(line1 ?? line2),
      column: Number(col1 ?? col2),
      function: cleanFunctionName(fn),
      inWorkspace: mapped.inWorkspace,
    });
  }
  return frames.reverse();
}

function cleanFunctionName(name: string | undefined): string {
  if (!name) return '<anonymous>';
  return name.replace(/^async /, '').replace(/^new /, 'new ').trim() || '<anonymous>';
}

export interface RawPythonFrame {
  file: string;
  line: number;
  function: string;
}

/** Frames recorded by the pytest plugin (outermost first already). */
export function mapPythonFrames(frames: RawPythonFrame[], ctx: PathContext): StackFrame[] {
  return frames.map((frame) => {
    const mapped = mapPath(frame.file, ctx);
    return { file: mapped.file, line: frame.line, function: frame.function, inWorkspace: mapped.inWorkspace };
  });
}

// pytest's text tracebacks: "tests/test_cart.py:8: AssertionError" or "src/x.py:3: in total".
const pytestLocation = /^(\S[^:\n]*?\.py):(\d+): (?:in (\S+)|\w[\w.]*)?\s*$/;
// Python's own: '  File "/a/b.py", line 3, in total'
const pythonLocation = /^\s*File "(.+?)", line (\d+)(?:, in (\S+))?/;

/** Fallback when the plugin's frames are missing: the locations pytest prints in its failure text. */
export function parsePytestText(text: string | undefined, ctx: PathContext): StackFrame[] {
  if (!text) return [];
  const frames: StackFrame[] = [];
  for (const line of text.split('\n')) {
    const match = pytestLocation.exec(line) ?? pythonLocation.exec(line);
    if (!match) continue;
    const mapped = mapPath(match[1]!, ctx);
    frames.push({ file: mapped.file, line: Number(match[2]), function: match[3] ?? '', inWorkspace: mapped.inWorkspace });
  }
  return frames;
}
