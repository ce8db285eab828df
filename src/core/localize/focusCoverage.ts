// The coverage spectrum of the failures being localized. A coverage run executes the whole suite,
// so tests that fail for another reason (a second bug, a stub that raises) would count as
// evidence against the code they run and can outrank the code the target test actually runs.
// Failing tests that are none of the targets are left out of the spectrum (counted neither as
// failing nor as passing: their outcome says nothing about this fault).
import type { CoverageReport, TestCoverage } from '../coverage/types';
import type { TestFailure } from '../testing/types';
import { isFailing } from './spectrum';

export interface FocusedCoverage {
  report: CoverageReport;
  /** Failing tests of the run that were left out because they are not being localized. */
  ignored: string[];
}

/** Test ids may come from parsed output ("./tests\\x.py::t") or the runner ("tests/x.py::t"). */
function normalise(id: string): string {
  return id.replace(/\\/g, '/').replace(/^\.\//, '');
}

function targets(entry: TestCoverage, granularity: CoverageReport['granularity'], ids: Set<string>, files: Set<string>): boolean {
  const id = normalise(entry.id);
  if (ids.has(id)) return true;
  // One entry per test file: it stands for every test in that file.
  return granularity === 'file' && files.has(id);
}

/**
 * The report restricted to the target failures' own failing tests (passing tests all stay).
 * When none of the run's failing tests can be matched to a target (ids in another form, or the
 * target passed this time), the report is returned unchanged rather than emptied.
 */
export function focusCoverage(report: CoverageReport, failures: Pick<TestFailure, 'id' | 'file'>[]): FocusedCoverage {
  const ids = new Set(failures.map((f) => normalise(f.id)));
  const files = new Set(failures.map((f) => normalise(f.file)).filter(Boolean));
  const failing = report.tests.filter((t) => isFailing(t.outcome));
  const matched = failing.filter((t) => targets(t, report.granularity, ids, files));
  if (!matched.length || matched.length === failing.length) return { report, ignored: [] };
  const ignored = failing.filter((t) => !matched.includes(t));
  const left = new Set(ignored);
  return { report: { ...report, tests: report.tests.filter((t) => !left.has(t)) }, ignored: ignored.map((t) => t.id) };
}
