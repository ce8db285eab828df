// Per-file line coverage from a per-test coverage report, as an editor shows it: for each source
// file the tests reached, its statement lines inside functions (tree-sitter; module and class
// bodies run at import, before any test, so per-test coverage cannot see them), which of them
// ran, and which tests ran each.
import { functionStatementLines } from '../generate/codeUnits';
import { languageOf } from '../index/languages';
import { isTestFile } from '../testing/testFiles';
import type { CoverageReport } from './types';

export interface FileCoverageSummary {
  /** Workspace-relative, '/'-separated. */
  file: string;
  /** 1-based statement lines inside functions, sorted. */
  statements: number[];
  /** The statement lines some test ran, sorted. */
  executed: number[];
  /** Test id -> the statement lines of this file it ran (tests that ran none are left out). */
  byTest: Record<string, number[]>;
}

/** Summaries of the source files (not tests) the report's tests reached, sorted by file. */
export async function summarizeByFile(report: CoverageReport, readText: (file: string) => Promise<string | undefined>): Promise<FileCoverageSummary[]> {
  const files = new Set<string>();
  for (const test of report.tests) for (const file of Object.keys(test.lines)) if (languageOf(file) && !isTestFile(file)) files.add(file);
  const summaries: FileCoverageSummary[] = [];
  for (const file of [...files].sort()) {
    const text = await readText(file);
    if (text === undefined) continue;
    const statements = await functionStatementLines(file, text);
    if (!statements.length) continue;
    const isStatement = new Set(statements);
    const executed = new Set<number>();
    const byTest: Record<string, number[]> = {};
    for (const test of report.tests) {
      const ran = (test.lines[file] ?? []).filter((line) => isStatement.has(line));
      if (!ran.length) continue;
      byTest[test.id] = ran;
      for (const line of ran) executed.add(line);
    }
    summaries.push({ file, statements, executed: [...executed].sort((a, b) => a - b), byTest });
  }
  return summaries;
}
