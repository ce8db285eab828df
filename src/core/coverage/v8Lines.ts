// Turns V8 precise (block) coverage of one script into executed lines of the original sources.
// V8 reports nested byte ranges with execution counts; a line counts as executed when the
// innermost range around its first token ran. Compiled scripts are mapped through their source
// map (vitest's inline maps, tsc's .map files), so lines are those of the TypeScript source.
import { z } from 'zod';
import { originalLine, traceMapOf } from '../localize/parse/sourceMaps';

export const v8RangeSchema = z.object({ startOffset: z.number(), endOffset: z.number(), count: z.number() });
export const v8FunctionSchema = z.object({ functionName: z.string(), ranges: z.array(v8RangeSchema), isBlockCoverage: z.boolean().optional() });
export const v8ScriptSchema = z.object({ scriptId: z.string().optional(), url: z.string(), functions: z.array(v8FunctionSchema) });

export type V8Range = z.infer<typeof v8RangeSchema>;
export type V8Script = z.infer<typeof v8ScriptSchema>;

/** Absolute path of a coverage URL (`file:///x.ts` or a plain path); undefined for node: and eval scripts. */
export function pathOfUrl(url: string): string | undefined {
  if (url.startsWith('file://')) return decodeURIComponent(new URL(url).pathname);
  if (url.startsWith('/')) return url;
  return undefined;
}

// Lines that are only punctuation carry no statement of their own.
const TRIVIAL = /^[\s{}()[\];,]*$/;

/** Byte offset and column of the first token of every non-trivial line of a text. */
function probes(text: string): { line: number; offset: number; column: number }[] {
  const result: { line: number; offset: number; column: number }[] = [];
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const content = text.slice(start, end);
    if (!TRIVIAL.test(content)) {
      const column = content.length - content.trimStart().length;
      result.push({ line, offset: start + column, column });
    }
    start = end + 1;
    line += 1;
  }
  return result;
}

/** Count of the innermost range around each offset (offsets ascending); undefined outside all ranges. */
export function countsAt(ranges: V8Range[], offsets: number[]): (number | undefined)[] {
  const sorted = [...ranges].sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset);
  const stack: V8Range[] = [];
  const counts: (number | undefined)[] = [];
  let next = 0;
  for (const offset of offsets) {
    while (next < sorted.length && sorted[next].startOffset <= offset) {
      const range = sorted[next++];
      while (stack.length && stack[stack.length - 1].endOffset <= range.startOffset) stack.pop();
      stack.push(range);
    }
    while (stack.length && stack[stack.length - 1].endOffset <= offset) stack.pop();
    counts.push(stack.length ? stack[stack.length - 1].count : undefined);
  }
  return counts;
}

/**
 * Executed lines per original file (absolute paths) of one script. `source` is the script's text
 * as V8 ran it (for vitest, the transformed module with its inline source map).
 */
export function executedLines(script: V8Script, source: string, scriptPath: string): Map<string, Set<number>> {
  const result = new Map<string, Set<number>>();
  const ranges = script.functions.flatMap((f) => f.ranges);
  if (!ranges.length) return result;
  const lineProbes = probes(source);
  const counts = countsAt(
    ranges,
    lineProbes.map((p) => p.offset),
  );
  const traced = traceMapOf(scriptPath, source);
  const add = (file: string, line: number) => {
    let lines = result.get(file);
    if (!lines) result.set(file, (lines = new Set()));
    lines.add(line);
  };
  lineProbes.forEach((probe, index) => {
    const count = counts[index];
    if (!count) return;
    if (!traced) {
      add(scriptPath, probe.line);
      return;
    }
    const original = originalLine(traced, scriptPath, probe.line, probe.column);
    if (original) add(original.file, original.line);
  });
  return result;
}
