// Stable test ids and the name patterns that select them.
//   pytest:      its node id, `tests/test_cart.py::TestCart::test_total[1]`
//   JS runners:  `<file>::<suite> > <suite> > <test>` (file relative to the folder)
import path from 'node:path';

const separator = ' > ';

export function jsTestId(file: string, titles: string[]): string {
  return `${file}::${titles.join(separator)}`;
}

/** The file part of any test id (pytest or JS). */
export function fileOfTestId(id: string): string {
  const index = id.indexOf('::');
  return index === -1 ? id : id.slice(0, index);
}

/** The title path of a JS test id (suites, then the test). */
export function titlesOfJsTestId(id: string): string[] {
  const index = id.indexOf('::');
  if (index === -1) return [];
  return id.slice(index + 2).split(separator);
}

/** The last part of an id: the test's own name. */
export function nameOfTestId(id: string): string {
  const titles = id.includes(' > ') || !id.includes('::') ? titlesOfJsTestId(id) : id.split('::').slice(1);
  return titles[titles.length - 1] ?? id;
}

/** True when `id` is `requested` or lies under it (a file, class, suite or parametrized test). */
export function matchesRequestedId(id: string, requested: string): boolean {
  if (id === requested) return true;
  return id.startsWith(`${requested}[`) || id.startsWith(`${requested}::`) || id.startsWith(`${requested}${separator}`);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A pattern for vitest `-t`, jest `-t` and mocha `--grep`, which match the full name (suite and
 * test titles joined by spaces). A suite id also selects the tests under it.
 */
export function fullNamePattern(ids: string[]): string {
  const names = ids.map((id) => titlesOfJsTestId(id).map(escapeRegExp).join(' '));
  return `^(?:${names.join('|')})(?: |$)`;
}

/**
 * A pattern for `node --test --test-name-pattern`: Node 20 matches it against the test's own
 * name, newer releases against the full name, so the suites are optional.
 */
export function nodeTestNamePattern(id: string): string {
  const titles = titlesOfJsTestId(id).map(escapeRegExp);
  const leaf = titles.pop() ?? '';
  const prefix = titles.length ? `(?:${titles.join(' ')} )?` : '';
  return `^${prefix}${leaf}$`;
}

/** Normalises a user-given test file to a '/'-separated path relative to the folder. */
export function normalizeTestFile(folder: string, file: string): string {
  const abs = path.resolve(folder, file);
  const rel = path.relative(folder, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`Test file ${file} is outside the folder ${folder}`);
  return rel.split(path.sep).join('/');
}
