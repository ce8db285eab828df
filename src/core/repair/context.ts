// Gathers what the repair prompt shows: the failing tests' code, the suspects' code and the
// signatures of what the suspects call. Reads through RepairDeps so unsaved buffers count.
import type { CodeIndex, CodeSymbol } from '../index/types';
import type { TestFailure } from '../testing/types';
import { isTestFile } from '../testing/testFiles';
import type { Suspect } from './types';

export interface FailingTestContext {
  failure: TestFailure;
  /** Source of the test function (or a window of lines around the failure). */
  code?: string;
}

export interface SuspectContext {
  suspect: Suspect;
  code: string;
}

export interface CalleeSignature {
  signature: string;
  file: string;
}

export interface RepairContext {
  tests: FailingTestContext[];
  suspects: SuspectContext[];
  callees: CalleeSignature[];
  /**
   * Original text of every file shown to the model (relative path → text): the tests', the
   * suspects' and, for fixes that belong in a callee, the files of the callees listed by signature.
   */
  files: Record<string, string>;
}

function sliceLines(text: string, startLine: number, endLine: number): string {
  return text.split('\n').slice(Math.max(0, startLine - 1), endLine).join('\n');
}

/** The test function containing the failure's line, else the symbol named like the test. */
export function findTestSymbol(index: CodeIndex, failure: TestFailure): CodeSymbol | undefined {
  const inFile = index.symbolsInFile(failure.file).filter((s) => s.kind === 'function' || s.kind === 'method');
  const testName = failure.id.split(/::| > /).pop()?.replace(/\[.*\]$/, '');
  const byName = testName ? inFile.find((s) => s.name === testName) : undefined;
  if (byName) return byName;
  if (failure.line > 0) return index.enclosingSymbol(failure.file, failure.line);
  return undefined;
}

export async function gatherContext(
  index: CodeIndex,
  failures: TestFailure[],
  suspects: Suspect[],
  readFile: (file: string) => Promise<string>,
  limits: { suspects: number; callees: number } = { suspects: 5, callees: 12 },
): Promise<RepairContext> {
  const files: Record<string, string> = {};
  const read = async (file: string) => (files[file] ??= await readFile(file));

  const tests: FailingTestContext[] = [];
  for (const failure of failures) {
    let code: string | undefined;
    try {
      const text = await read(failure.file);
      const symbol = findTestSymbol(index, failure);
      if (symbol) code = sliceLines(text, symbol.startLine, symbol.endLine);
      else if (failure.line > 0) code = sliceLines(text, Math.max(1, failure.line - 5), failure.line + 15);
    } catch {
      // The test file may be generated or outside the folder; the failure text still helps.
    }
    tests.push({ failure, code });
  }

  const chosen: SuspectContext[] = [];
  for (const suspect of suspects.slice(0, limits.suspects)) {
    try {
      const text = await read(suspect.file);
      chosen.push({ suspect, code: sliceLines(text, suspect.startLine, suspect.endLine) });
    } catch {
      // A suspect whose file vanished is skipped, not fatal.
    }
  }

  const shown = new Set(chosen.map((s) => `${s.suspect.file}#${s.suspect.symbol}`));
  const callees: CalleeSignature[] = [];
  const seen = new Set<string>();
  for (const { suspect } of chosen) {
    const id = `${suspect.file}#${suspect.symbol}`;
    for (const edge of index.edgesFrom(id, 'calls').sort((a, b) => b.confidence - a.confidence)) {
      const target = index.symbol(edge.to);
      if (!target || shown.has(target.id) || seen.has(target.id)) continue;
      seen.add(target.id);
      callees.push({ signature: target.signature.trim(), file: target.file });
      if (callees.length >= limits.callees) break;
    }
  }
  // The bug is often in a helper the suspects call (a rounding function in another module): the
  // model sees its signature and file, so an edit there must be possible. Test helpers stay out.
  for (const file of new Set(callees.map((c) => c.file))) {
    if (file in files || isTestFile(file)) continue;
    try {
      await read(file);
    } catch {
      // An unreadable callee file only means an edit there is refused, as before.
    }
  }
  return { tests, suspects: chosen, callees, files };
}
