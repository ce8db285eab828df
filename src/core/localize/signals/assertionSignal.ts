// The failing line of the test: functions called on the line where the test failed (the
// assertion, or the call that raised) and functions the runner named in the failed assertion
// (pytest's "+ where 0 = f(10)"). These produced the value the test rejected.
import type { CodeIndex, CodeSymbol } from '../../index/types';
import { candidateSymbols } from '../candidates';
import type { TestBody } from '../testBodies';
import type { ParsedFailure } from '../types';
import { lineOf, type SignalMap, type SourceTexts } from './signal';

const CALLED_NAME = /([A-Za-z_$][\w$]*)\s*(?:<[^<>()]*>)?\s*\(/g;
const NOT_CALLS = new Set(['if', 'for', 'while', 'switch', 'return', 'assert', 'expect', 'function', 'catch', 'typeof', 'await', 'new', 'print', 'len', 'str', 'int', 'list', 'dict', 'set', 'tuple', 'sorted', 'sum', 'isinstance', 'raises', 'toBe', 'toEqual', 'toThrow', 'toStrictEqual', 'toMatchObject', 'toContain', 'strictEqual', 'deepStrictEqual', 'equal', 'ok']);

export function namesCalledOn(line: string): string[] {
  const names = new Set<string>();
  for (const match of line.matchAll(CALLED_NAME)) if (!NOT_CALLS.has(match[1])) names.add(match[1]);
  return [...names];
}

export function assertionSignal(failures: ParsedFailure[], bodies: (TestBody | undefined)[], index: CodeIndex, sources: SourceTexts): SignalMap {
  const signal: SignalMap = new Map();
  if (!failures.length) return signal;
  const byName = new Map<string, CodeSymbol[]>();
  for (const symbol of candidateSymbols(index)) byName.set(symbol.name, [...(byName.get(symbol.name) ?? []), symbol]);
  const totals = new Map<string, { sum: number; named: boolean }>();
  failures.forEach((failure, i) => {
    const body = bodies[i];
    const implicated = new Map<string, { weight: number; named: boolean }>();
    const add = (symbols: CodeSymbol[], weight: number, named: boolean) => {
      for (const s of symbols) {
        const prev = implicated.get(s.id);
        if (!prev || prev.weight < weight) implicated.set(s.id, { weight, named: named || !!prev?.named });
      }
    };
    const line = body?.failingLine;
    if (body && line) {
      // Calls the index resolved on that line win over name matches.
      const resolved = [body.file, ...index.symbolsInFile(body.file).map((s) => s.id)]
        .flatMap((from) => index.edgesFrom(from, 'calls'))
        .filter((e) => e.line === line)
        .map((e) => index.symbol(e.to))
        .filter((s): s is CodeSymbol => !!s && byName.get(s.name)?.includes(s) === true);
      if (resolved.length) add(resolved, 1, false);
      else {
        for (const name of namesCalledOn(lineOf(sources, body.file, line) ?? '')) {
          const symbols = byName.get(name) ?? [];
          if (symbols.length) add(symbols, 1 / symbols.length, false);
        }
      }
    }
    for (const name of failure.mentioned ?? []) {
      const last = name.split('.').pop()!;
      const symbols = byName.get(last) ?? [];
      if (symbols.length) add(symbols, 1 / symbols.length, true);
    }
    for (const [id, { weight, named }] of implicated) {
      const acc = totals.get(id) ?? { sum: 0, named: false };
      acc.sum += weight;
      acc.named ||= named;
      totals.set(id, acc);
    }
  });
  for (const [id, acc] of totals) {
    signal.set(id, { value: acc.sum / failures.length, note: acc.named ? 'named in the failed assertion' : 'called on the failing line of the test' });
  }
  return signal;
}
