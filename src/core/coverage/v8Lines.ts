// Turns V8 precise (block) coverage of one script into executed lines of the original sources.
// V8 reports nested byte ranges with execution counts; a line counts as executed when the
// innermost range around its first token ran. Compiled scripts are mapped through their source
// map (vitest's and babel-jest's inline maps, tsc's .map files): there the first token of an
// original line is its first mapped segment, wherever the compiler put it (babel joins
// `} else if` onto one line, so probing the compiled lines would lose the original `else` lines).
import path from 'node:path';
import { eachMapping, type TraceMap } from '@jridgewell/trace-mapping';
import { z } from 'zod';
import { traceMapOf } from '../localize/parse/sourceMaps';

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

/** Byte offset where each line (1-based index) of a text starts. */
function lineStarts(text: string): number[] {
  const starts = [0, 0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/**
 * For each original line of a source map, the compiled offset of its first mapped segment (the
 * one with the smallest original column). Lines that are only punctuation are left out when the
 * map carries the original text.
 */
function originalProbes(traced: TraceMap, compiled: string, mapFile: string): { file: string; line: number; offset: number }[] {
  const starts = lineStarts(compiled);
  const first = new Map<string, { file: string; line: number; column: number; offset: number }>();
  const contents = new Map<string, string[] | undefined>();
  traced.resolvedSources.forEach((source, index) => {
    if (source != null) contents.set(source, traced.sourcesContent?.[index]?.split('\n'));
  });
  eachMapping(traced, (mapping) => {
    if (mapping.source == null || mapping.originalLine == null) return;
    const start = starts[mapping.generatedLine];
    if (start === undefined) return;
    const key = `${mapping.source}\0${mapping.originalLine}`;
    const seen = first.get(key);
    if (seen && seen.column <= mapping.originalColumn) return;
    const text = contents.get(mapping.source)?.[mapping.originalLine - 1];
    if (text !== undefined && TRIVIAL.test(text)) return;
    const file = mapping.source.startsWith('file://') ? decodeURIComponent(new URL(mapping.source).pathname) : path.resolve(path.dirname(mapFile), mapping.source);
    first.set(key, { file, line: mapping.originalLine, column: mapping.originalColumn, offset: start + mapping.generatedColumn });
  });
  return [...first.values()].sort((a, b) => a.offset - b.offset);
}

/** Where to look up each source line's execution count in one script's text. */
export interface ScriptProbes {
  /** Whether the text carries a source map (lines are then those of the original files). */
  mapped: boolean;
  /** Original file (absolute), line, and the offset in the script's text, by ascending offset. */
  probes: { file: string; line: number; offset: number }[];
}

/**
 * The probes of a script's text (as V8 ran it: for vitest and jest, the transformed module with
 * its inline source map). They depend on the text only, so a script's probes serve every test.
 */
export function scriptProbes(source: string, scriptPath: string): ScriptProbes {
  const traced = traceMapOf(scriptPath, source);
  if (traced) return { mapped: true, probes: originalProbes(traced, source, scriptPath) };
  return { mapped: false, probes: probes(source).map((p) => ({ file: scriptPath, line: p.line, offset: p.offset })) };
}

/** Executed lines per original file (absolute paths), from one run's ranges of a script. */
export function executedLinesAt(script: Pick<V8Script, 'functions'>, lineProbes: ScriptProbes['probes']): Map<string, Set<number>> {
  const result = new Map<string, Set<number>>();
  const ranges = script.functions.flatMap((f) => f.ranges);
  if (!ranges.length) return result;
  const counts = countsAt(
    ranges,
    lineProbes.map((p) => p.offset),
  );
  lineProbes.forEach((probe, index) => {
    if (!counts[index]) return;
    let lines = result.get(probe.file);
    if (!lines) result.set(probe.file, (lines = new Set()));
    lines.add(probe.line);
  });
  return result;
}

/** Executed lines per original file (absolute paths) of one script, as `source` ran. */
export function executedLines(script: V8Script, source: string, scriptPath: string): Map<string, Set<number>> {
  return executedLinesAt(script, scriptProbes(source, scriptPath).probes);
}
