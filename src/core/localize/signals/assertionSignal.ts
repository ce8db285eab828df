// The check that failed: functions called on the line where the test failed (the assertion, or
// the call that raised), functions the runner named in the failed assertion (pytest's
// "+ where 0 = f(10)"), and, when the code itself raised on purpose, the functions its check
// called (`if self.total_debits() != self.total_credits(): raise ...`). These produced the values
// the check rejected; the ones that produced a wrong value have usually returned already, so
// they are not in the stack.
import type { CodeIndex, CodeSymbol } from '../../index/types';
import type { TestFailure } from '../../testing/types';
import { candidateSymbols, LineOwners } from '../candidates';
import type { TestBody } from '../testBodies';
import type { ParsedFailure } from '../types';
import { lineOf, type SignalMap, type SourceTexts } from './signal';
import { codeFrames, DELIBERATE } from './traceSignal';

const CALLED_NAME = /([A-Za-z_$][\w$]*)\s*(?:<[^<>()]*>)?\s*\(/g;
const NOT_CALLS = new Set(['if', 'elif', 'for', 'while', 'switch', 'return', 'assert', 'expect', 'function', 'catch', 'typeof', 'await', 'new', 'raise', 'throw', 'print', 'len', 'str', 'int', 'list', 'dict', 'set', 'tuple', 'sorted', 'sum', 'isinstance', 'raises', 'toBe', 'toEqual', 'toThrow', 'toStrictEqual', 'toMatchObject', 'toContain', 'strictEqual', 'deepStrictEqual', 'equal', 'ok']);
const GUARD = /^\s*(if|elif|else\s+if|while|assert|\}\s*else\s+if)\b/;
/** Lines above a raise searched for the condition that guards it. */
const GUARD_LOOKBACK = 3;

export function namesCalledOn(line: string): string[] {
  const names = new Set<string>();
  for (const match of line.matchAll(CALLED_NAME)) if (!NOT_CALLS.has(match[1])) names.add(match[1]);
  return [...names];
}

/** The lines of a deliberate raise and of the condition that guards it (innermost frame outside tests). */
export function checkLines(failure: TestFailure, sources: SourceTexts): { file: string; lines: number[] } | undefined {
  const frames = codeFrames(failure);
  const innermost = frames[frames.length - 1];
  if (!innermost || !DELIBERATE.test(lineOf(sources, innermost.file, innermost.line) ?? '')) return undefined;
  const lines = [innermost.line];
  if (!/^\s*assert\b/.test(lineOf(sources, innermost.file, innermost.line) ?? '')) {
    for (let line = innermost.line - 1; line >= Math.max(1, innermost.line - GUARD_LOOKBACK); line--) {
      lines.push(line);
      if (GUARD.test(lineOf(sources, innermost.file, line) ?? '')) break;
    }
  }
  return { file: innermost.file, lines };
}

export function assertionSignal(failures: ParsedFailure[], bodies: (TestBody | undefined)[], index: CodeIndex, sources: SourceTexts, owners = new LineOwners(index)): SignalMap {
  const signal: SignalMap = new Map();
  if (!failures.length) return signal;
  const byName = new Map<string, CodeSymbol[]>();
  for (const symbol of candidateSymbols(index)) byName.set(symbol.name, [...(byName.get(symbol.name) ?? []), symbol]);
  const isCandidate = (s: CodeSymbol | undefined): s is CodeSymbol => !!s && byName.get(s.name)?.includes(s) === true;

  /** Candidates called on some lines of a file: resolved call edges first, else names on the lines. */
  const calledOn = (file: string, lines: number[], froms: string[]): { symbols: CodeSymbol[]; weight: number }[] => {
    const wanted = new Set(lines);
    const resolved = froms
      .flatMap((from) => index.edgesFrom(from, 'calls'))
      .filter((e) => e.line !== undefined && wanted.has(e.line))
      .map((e) => index.symbol(e.to))
      .filter(isCandidate);
    if (resolved.length) return [{ symbols: resolved, weight: 1 }];
    return lines
      .flatMap((line) => namesCalledOn(lineOf(sources, file, line) ?? ''))
      .map((name) => byName.get(name) ?? [])
      .filter((symbols) => symbols.length > 0)
      .map((symbols) => ({ symbols, weight: 1 / symbols.length }));
  };

  type Kind = 'test' | 'named' | 'check';
  const totals = new Map<string, { sum: number; kind: Kind }>();
  failures.forEach((failure, i) => {
    const body = bodies[i];
    const implicated = new Map<string, { weight: number; kind: Kind }>();
    const add = (groups: { symbols: CodeSymbol[]; weight: number }[], kind: Kind) => {
      for (const { symbols, weight } of groups) {
        for (const s of symbols) {
          const prev = implicated.get(s.id);
          if (!prev || prev.weight < weight) implicated.set(s.id, { weight, kind: prev && prev.weight === weight ? prev.kind : kind });
        }
      }
    };
    if (body?.failingLine) add(calledOn(body.file, [body.failingLine], [body.file, ...index.symbolsInFile(body.file).map((s) => s.id)]), 'test');
    const check = checkLines(failure, sources);
    if (check) {
      const unit = owners.owner(check.file, check.lines[0]);
      add(calledOn(check.file, check.lines, unit ? [unit.id] : [check.file]), 'check');
    }
    for (const name of failure.mentioned ?? []) {
      const symbols = byName.get(name.split('.').pop()!) ?? [];
      if (symbols.length) add([{ symbols, weight: 1 / symbols.length }], 'named');
    }
    for (const [id, { weight, kind }] of implicated) {
      const acc = totals.get(id) ?? { sum: 0, kind };
      acc.sum += weight;
      totals.set(id, acc);
    }
  });
  const notes: Record<Kind, string> = {
    test: 'called on the failing line of the test',
    named: 'named in the failed assertion',
    check: 'called by the check that raised',
  };
  for (const [id, acc] of totals) signal.set(id, { value: acc.sum / failures.length, note: notes[acc.kind] });
  return signal;
}
