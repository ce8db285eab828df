// The units the localizer ranks: functions and methods outside test files. A line belongs to the
// innermost such unit around it, so a closure's lines count for the closure, not its parent.
import type { CodeIndex, CodeSymbol } from '../index/types';
import { isTestFile } from '../testing/testFiles';

export function isCandidate(symbol: CodeSymbol): boolean {
  return (symbol.kind === 'function' || symbol.kind === 'method') && !isTestFile(symbol.file);
}

export function candidateSymbols(index: CodeIndex): CodeSymbol[] {
  return index.symbols().filter(isCandidate);
}

/** Innermost function or method around a line, if it is a candidate. */
export function unitAt(index: CodeIndex, file: string, line: number): CodeSymbol | undefined {
  let symbol = index.enclosingSymbol(file, line);
  // enclosingSymbol may answer with a class for a line between methods; walk out to a function.
  while (symbol && symbol.kind !== 'function' && symbol.kind !== 'method') symbol = symbol.parentId ? index.symbol(symbol.parentId) : undefined;
  return symbol && isCandidate(symbol) ? symbol : undefined;
}

/** Maps every line of a file to its innermost candidate, built once per file. */
export class LineOwners {
  private readonly byFile = new Map<string, (CodeSymbol | undefined)[]>();
  constructor(private readonly index: CodeIndex) {}

  owner(file: string, line: number): CodeSymbol | undefined {
    let owners = this.byFile.get(file);
    if (!owners) {
      owners = [];
      // Outer symbols first so inner ones overwrite their lines.
      const symbols = this.index
        .symbolsInFile(file)
        .filter(isCandidate)
        .sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
      for (const symbol of symbols) for (let l = symbol.startLine; l <= symbol.endLine; l++) owners[l] = symbol;
      this.byFile.set(file, owners);
    }
    return owners[line];
  }
}
