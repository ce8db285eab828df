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

const MISSING_ATTRIBUTE = /['"]?([A-Za-z_$][\w$]*)['"]? object has no attribute ['"]([A-Za-z_$][\w$]*)['"]/;
const CONSTRUCTORS = new Set(['__init__', 'constructor', '__post_init__', 'setUp']);

/** The constructor of a class the index knows, by the class's name. */
function constructorsOf(index: CodeIndex, className: string): string[] {
  return candidateSymbols(index)
    .filter((s) => CONSTRUCTORS.has(s.name) && s.parentId !== undefined && index.symbol(s.parentId)?.name === className)
    .map((s) => s.id);
}

export function originSignal(failures: ParsedFailure[], index: CodeIndex): SignalMap {
  const signal: SignalMap = new Map();
  const messages = failures.map((f) => f.message.split('\n').slice(0, 3).join('\n'));
  const perFailure = messages.map(namesInMessage);
  if (!perFailure.some((names) => names.length)) return signal;
  const candidates = candidateSymbols(index).map((symbol) => ({ symbol, source: index.sourceOf(symbol.id) ?? '' }));
  const totals = new Map<string, { sum: number; note: string }>();
  const credit = (id: string, value: number, note: string) => {
    const acc = totals.get(id) ?? { sum: 0, note };
    acc.sum += value;
    totals.set(id, acc);
  };
  perFailure.forEach((names, i) => {
    // "'Cart' object has no attribute 'coupon'": attributes are set in the constructor; when
    // none assigns it, that is where the assignment is missing.
    const missing = MISSING_ATTRIBUTE.exec(messages[i]);
    const owners = missing ? constructorsOf(index, missing[1]) : [];
    for (const id of owners) credit(id, 1 / owners.length, `constructor of ${missing![1]}, which lacks ${missing![2]}`);
    for (const name of names) {
      if (missing && name === missing[1]) continue;
      const assigning = candidates.filter((c) => assignsName(c.source, name) && !owners.includes(c.symbol.id));
      // A name assigned everywhere says nothing about where it went missing.
      if (!assigning.length || assigning.length > 5) continue;
      // Next to a constructor, other assignments are the second place to look.
      const share = (owners.length ? 0.5 : 1) / assigning.length;
      for (const { symbol } of assigning) credit(symbol.id, share, `assigns ${name}, which the error names`);
    }
  });
  for (const [id, acc] of totals) signal.set(id, { value: Math.min(1, acc.sum / failures.length), note: acc.note });
  return signal;
}
