// Spectrum-based fault localization over per-test line coverage: each line's suspiciousness
// (Ochiai) from how many failing and passing tests executed it; a function scores as its most
// suspicious line. Ochiai: ef / sqrt(totalFailed * (ef + ep)).
import type { CoverageReport } from '../coverage/types';

export interface LineSpectrum {
  /** Failing tests that executed the line. */
  ef: number;
  /** Passing tests that executed the line. */
  ep: number;
}

export function ochiai(ef: number, ep: number, totalFailed: number): number {
  if (ef === 0 || totalFailed === 0) return 0;
  return ef / Math.sqrt(totalFailed * (ef + ep));
}

export interface SpectrumTable {
  totalFailed: number;
  totalPassed: number;
  /** file -> line -> counts */
  lines: Map<string, Map<number, LineSpectrum>>;
}

export function isFailing(outcome: string): boolean {
  return outcome === 'failed' || outcome === 'error';
}

/** Counts per line; skipped tests do not count. */
export function spectrumTable(report: CoverageReport): SpectrumTable {
  const lines = new Map<string, Map<number, LineSpectrum>>();
  let totalFailed = 0;
  let totalPassed = 0;
  for (const test of report.tests) {
    if (test.outcome === 'skipped') continue;
    const failed = isFailing(test.outcome);
    if (failed) totalFailed++;
    else totalPassed++;
    for (const [file, executed] of Object.entries(test.lines)) {
      let perLine = lines.get(file);
      if (!perLine) lines.set(file, (perLine = new Map()));
      for (const line of executed) {
        const counts = perLine.get(line) ?? { ef: 0, ep: 0 };
        if (failed) counts.ef++;
        else counts.ep++;
        perLine.set(line, counts);
      }
    }
  }
  return { totalFailed, totalPassed, lines };
}
