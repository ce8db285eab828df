// Where a missing value comes from: when the error names an identifier ("no attribute
// '_reserved'", "name 'total' is not defined", "KeyError: 'rate'"), the functions that assign it
// are where it should have been set. The stack shows where the value was missed, not where it
// was (not) made; this points at the latter.
import type { CodeIndex } from '../../index/types';
import { candidateSymbols } from '../candidates';
import type { ParsedFailure } from '../types';
import type { SignalMap } from './signal';

const QUOTED_NAME = /['"`]([A-Za-z_$][\w$]*)['"`]/g;
// Words that appear quoted in error messages without naming program state.
const NOT_STATE = new Set(['undefined', 'null', 'None', 'NoneType', 'object', 'str', 'int', 'float', 'list', 'dict', 'tuple', 'function', 'number', 'string']);

export function namesInMessage(message: string): string[] {
  const names = new Set<string>();
  for (const match of message.matchAll(QUOTED_NAME)) if (!NOT_STATE.has(match[1])) names.add(match[1]);
  return [...names];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A plain assignment that creates `name` (`name = ...`, `self.name = ...`), not an item or
 * augmented assignment (those need the name to exist already) and not a comparison.
 */
export function assignsName(source: string, name: string): boolean {
  const pattern = new RegExp(`(?:^|[^\\w$])${escape(name)}\\s*(?::[^=\\n]+)?=(?![=>])`, 'm');
  return pattern.test(source);
}

export function originSignal(failures: ParsedFailure[], index: CodeIndex): SignalMap {
  const signal: SignalMap = new Map();
  const perFailure = failures.map((f) => namesInMessage(f.message.split('\n').slice(0, 3).join('\n')));
  if (!perFailure.some((names) => names.length)) return signal;
  const candidates = candidateSymbols(index).map((symbol) => ({ symbol, source: index.sourceOf(symbol.id) ?? '' }));
  const totals = new Map<string, { sum: number; name: string }>();
  for (const names of perFailure) {
    for (const name of names) {
      const assigning = candidates.filter((c) => assignsName(c.source, name));
      // A name assigned everywhere says nothing about where it went missing.
      if (!assigning.length || assigning.length > 5) continue;
      for (const { symbol } of assigning) {
        const acc = totals.get(symbol.id) ?? { sum: 0, name };
        acc.sum += 1 / assigning.length;
        totals.set(symbol.id, acc);
      }
    }
  }
  for (const [id, acc] of totals) signal.set(id, { value: Math.min(1, acc.sum / failures.length), note: `assigns ${acc.name}, which the error names` });
  return signal;
}
