// Coverage spectrum: Ochiai per line over the passing and failing tests of a coverage run; a
// unit scores as its most suspicious line. The explanation counts tests per unit ("covered by
// 3/3 failing, 2/40 passing").
import type { CoverageReport } from '../../coverage/types';
import type { CodeIndex } from '../../index/types';
import { LineOwners } from '../candidates';
import { isFailing, ochiai, spectrumTable } from '../spectrum';
import type { SignalMap } from './signal';

export interface UnitSpectrum {
  /** Ochiai of the unit's most suspicious line. */
  lineScore: number;
  /** Lines of the unit that reach that score. */
  topLines: number;
  /** Tests that executed any line of the unit. */
  failed: number;
  passed: number;
  /** Ochiai of the unit as a whole (any line executed). */
  unitScore: number;
}

export function unitSpectra(report: CoverageReport, index: CodeIndex, owners = new LineOwners(index)): { units: Map<string, UnitSpectrum>; totalFailed: number; totalPassed: number } {
  const table = spectrumTable(report);
  const units = new Map<string, UnitSpectrum>();
  for (const [file, lines] of table.lines) {
    for (const [line, counts] of lines) {
      const unit = owners.owner(file, line);
      if (!unit) continue;
      const score = ochiai(counts.ef, counts.ep, table.totalFailed);
      const acc = units.get(unit.id) ?? { lineScore: 0, topLines: 0, failed: 0, passed: 0, unitScore: 0 };
      if (score > acc.lineScore + 1e-12) Object.assign(acc, { lineScore: score, topLines: 1 });
      else if (Math.abs(score - acc.lineScore) <= 1e-12 && score > 0) acc.topLines += 1;
      units.set(unit.id, acc);
    }
  }
  // Per-unit test counts: a test covers a unit when it executed any of its lines.
  for (const test of report.tests) {
    if (test.outcome === 'skipped') continue;
    const touched = new Set<string>();
    for (const [file, lines] of Object.entries(test.lines)) {
      for (const line of lines) {
        const unit = owners.owner(file, line);
        if (unit) touched.add(unit.id);
      }
    }
    for (const id of touched) {
      const acc = units.get(id);
      if (!acc) continue;
      if (isFailing(test.outcome)) acc.failed += 1;
      else acc.passed += 1;
    }
  }
  for (const acc of units.values()) acc.unitScore = ochiai(acc.failed, acc.passed, table.totalFailed);
  return { units, totalFailed: table.totalFailed, totalPassed: table.totalPassed };
}

export function spectrumSignal(report: CoverageReport, index: CodeIndex, owners?: LineOwners, spectra = unitSpectra(report, index, owners)): SignalMap {
  const { units, totalFailed, totalPassed } = spectra;
  const signal: SignalMap = new Map();
  if (totalFailed === 0) return signal;
  const what = report.granularity === 'file' ? 'test files' : 'tests';
  for (const [id, unit] of units) {
    signal.set(id, {
      value: unit.lineScore,
      note: `covered by ${unit.failed}/${totalFailed} failing, ${unit.passed}/${totalPassed} passing ${what}`,
    });
  }
  return signal;
}
