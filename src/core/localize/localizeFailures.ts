// Input A: from failing tests (parsed runner output or the test runner's structured failures),
// optionally with per-test coverage, to ranked suspects with their reasons.
import type { CoverageReport } from '../coverage/types';
import type { CodeIndex } from '../index/types';
import type { TestFailure } from '../testing/types';
import { LineOwners } from './candidates';
import { combineSignals, type Weights } from './combine';
import { focusCoverage } from './focusCoverage';
import { assertionSignal } from './signals/assertionSignal';
import { callGraphSignal } from './signals/callGraphSignal';
import { lexicalSignal } from './signals/lexicalSignal';
import { originSignal } from './signals/originSignal';
import type { SignalMap, SignalName, SourceTexts } from './signals/signal';
import { spectrumSignal, unitSpectra } from './signals/spectrumSignal';
import { traceSignal } from './signals/traceSignal';
import { locateTestBody, type TestBody } from './testBodies';
import type { ParsedFailure, RankedSuspect } from './types';

export interface LocalizeFailuresOptions {
  index: CodeIndex;
  failures: (TestFailure | ParsedFailure)[];
  coverage?: CoverageReport;
  /** Current text of a workspace file (relative path); unsaved editor buffers may win over the disk. */
  readFile: (file: string) => Promise<string | undefined>;
  weights?: Weights;
  /** Suspects returned (default 20). */
  limit?: number;
}

export interface LocalizeFailuresResult {
  suspects: RankedSuspect[];
  /** The signals that had data, for the log ("trace, spectrum, calls"). */
  used: SignalName[];
  /** Failing tests of the coverage run left out of the spectrum: they are not being localized. */
  ignoredFailing: string[];
}

async function loadSources(failures: TestFailure[], readFile: (file: string) => Promise<string | undefined>): Promise<SourceTexts> {
  const files = new Set<string>();
  for (const failure of failures) {
    if (failure.file) files.add(failure.file);
    for (const frame of failure.stack) if (frame.inWorkspace) files.add(frame.file);
  }
  const texts = new Map<string, string | undefined>();
  await Promise.all([...files].map(async (file) => texts.set(file, await readFile(file).catch(() => undefined))));
  return { get: (file) => texts.get(file) };
}

export async function localizeFailures(options: LocalizeFailuresOptions): Promise<LocalizeFailuresResult> {
  const { index } = options;
  const failures = options.failures as ParsedFailure[];
  const sources = await loadSources(failures, options.readFile);
  const owners = new LineOwners(index);
  const bodies: (TestBody | undefined)[] = await Promise.all(failures.map((f) => locateTestBody(f, index, f.file ? sources.get(f.file) : undefined)));
  const signals: Partial<Record<SignalName, SignalMap>> = {
    trace: traceSignal(failures, index, sources, owners),
    calls: callGraphSignal(
      index,
      bodies.filter((b): b is TestBody => !!b),
    ),
    assertion: assertionSignal(failures, bodies, index, sources, owners),
    lexical: lexicalSignal(failures, bodies, index, sources),
    origin: originSignal(failures, index),
  };
  const tiebreak = new Map<string, number>();
  let ignoredFailing: string[] = [];
  if (options.coverage) {
    // Only the target failures' own failing tests: another bug's failures are not evidence here.
    const focused = focusCoverage(options.coverage, failures);
    ignoredFailing = focused.ignored;
    const spectra = unitSpectra(focused.report, index, owners);
    signals.spectrum = spectrumSignal(focused.report, index, owners, spectra);
    // Among equal scores, prefer the unit whose tests as a whole look worse, then the one with
    // more lines at the top suspiciousness (more places the fault can be).
    for (const [id, unit] of spectra.units) tiebreak.set(id, 0.7 * unit.unitScore + 0.3 * Math.min(1, unit.topLines / 20));
  }
  const suspects = combineSignals(index, { signals, tiebreak, weights: options.weights, limit: options.limit ?? 20 });
  const used = (Object.keys(signals) as SignalName[]).filter((name) => (signals[name]?.size ?? 0) > 0);
  return { suspects, used, ignoredFailing };
}
