// Which tests guard against regressions: the failing tests' own files plus every test file
// that imports a module the candidates may touch. The whole suite when asked, or when nothing
// narrower can be found.
import type { CodeIndex } from '../index/types';
import { isTestFile } from '../testing/testFiles';
import type { TestSelection } from './types';

export function regressionSelection(index: CodeIndex, targetFiles: string[], touchedFiles: string[], fullSuite: boolean): TestSelection {
  if (fullSuite) return {};
  const files = new Set(targetFiles);
  for (const touched of touchedFiles) {
    for (const edge of index.edgesTo(touched, 'imports')) {
      const importer = index.symbol(edge.from)?.file ?? edge.from;
      if (isTestFile(importer)) files.add(importer);
    }
  }
  return files.size ? { files: [...files].sort() } : {};
}
