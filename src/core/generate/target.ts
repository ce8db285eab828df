// Finds the function (or class) a command is about: by name (code lens, CLI), at a cursor line
// (palette) or in a selection. Every way it can go wrong ends in a TargetError that says why.
import { languageOf } from '../index/languages';
import { readCodeUnits, unitAt, unitForSelection, unitNamed } from './codeUnits';
import type { CodeUnit } from './types';

export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

export interface TargetQuery {
  /** Relative path of the file. */
  file: string;
  /** Qualified or plain name. */
  qualifiedName?: string;
  /** Cursor (1-based) or selection start. */
  line?: number;
  /** Selection end (1-based). */
  endLine?: number;
}

export interface ResolvedTarget {
  unit: CodeUnit;
  fileText: string;
}

export async function resolveTarget(query: TargetQuery, readFile: (file: string) => Promise<string>, kinds: CodeUnit['kind'][] = ['function', 'method']): Promise<ResolvedTarget> {
  const language = languageOf(query.file);
  if (!language) throw new TargetError(`${query.file} is not a Python, JavaScript or TypeScript file.`);
  let fileText: string;
  try {
    fileText = await readFile(query.file);
  } catch (error) {
    throw new TargetError(`Cannot read ${query.file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const units = await readCodeUnits(query.file, fileText, language);
  const what = kinds.includes('class') ? 'function, method or class' : 'function or method';
  let unit: CodeUnit | undefined;
  if (query.qualifiedName) {
    unit = unitNamed(units.filter((u) => kinds.includes(u.kind)), query.qualifiedName, query.line);
    if (!unit) throw new TargetError(`There is no ${what} named \`${query.qualifiedName}\` in ${query.file}.`);
  } else if (query.line !== undefined && query.endLine !== undefined && query.endLine > query.line) {
    unit = unitForSelection(units, query.line, query.endLine, kinds);
    if (!unit) throw new TargetError(`The selection (lines ${query.line}-${query.endLine} of ${query.file}) contains no ${what}.`);
  } else if (query.line !== undefined) {
    unit = unitAt(units, query.line, kinds);
    if (!unit) throw new TargetError(`Line ${query.line} of ${query.file} is not inside a ${what}. Put the cursor in one, or select it.`);
  } else {
    throw new TargetError('Say which function: a name, a cursor line or a selection.');
  }
  return { unit, fileText };
}
