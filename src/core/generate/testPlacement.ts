// Where tests of a module live (or should): the project's existing test file for that module
// when there is one, else a new file named and placed like the project's other tests. Also the
// import line a new test file needs to reach the target.
import path from 'node:path';
import type { LanguageId } from '../index/types';
import { isTestFile } from '../testing/testFiles';
import { mentions } from './testBlocks';

export interface TestPlacement {
  /** Relative path of the test file. */
  file: string;
  /** True when the file exists (tests are appended), false for a new file. */
  exists: boolean;
  /** Why this file: "tests/test_stats.py imports shelf.stats". */
  reason: string;
}

/** Source files of the folder as the generators see them: relative path and (lazily) text. */
export interface SourceListing {
  files: string[];
  read(file: string): Promise<string>;
}

const PY = /\.pyi?$/;
const ECMA = /\.[cm]?[jt]sx?$/;

function family(language: LanguageId | undefined, file: string): 'python' | 'ecma' | undefined {
  if (language === 'python' || PY.test(file)) return 'python';
  if (language || ECMA.test(file)) return 'ecma';
  return undefined;
}

/** `shelf/stats.py` -> `shelf.stats`; a `src/` layout without `src/__init__.py` drops `src`. */
export function pythonModuleName(file: string, files: readonly string[] = []): string {
  let stem = file.replace(PY, '');
  if (stem.endsWith('/__init__')) stem = stem.slice(0, -'/__init__'.length);
  const parts = stem.split('/');
  // A `src/` layout: `src` is not a package, the packages inside it are importable.
  if (parts.length > 1 && parts[0] === 'src' && !files.includes('src/__init__.py')) parts.shift();
  return parts.join('.');
}

/** Module base name without extension and test markers: `test_stats.py` -> `stats`, `money.test.ts` -> `money`. */
export function moduleStem(file: string): string {
  const base = path.posix.basename(file);
  return base
    .replace(/\.(test|spec)(?=\.[cm]?[jt]sx?$)/, '')
    .replace(/\.[^.]+$/, '')
    .replace(/^test_|_test$/, '');
}

/** The specifier a file at `from` uses to import `target` (relative, without extension unless the project writes one). */
export function relativeImport(from: string, target: string, keepJsExtension = false): string {
  let rel = path.posix.relative(path.posix.dirname(from), target);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  const withoutExt = rel.replace(/\.[cm]?[jt]sx?$/, '');
  if (!keepJsExtension) return withoutExt;
  return `${withoutExt}${/\.[cm]?tsx?$/.test(target) ? '.js' : path.posix.extname(target)}`;
}

/** Does `code` import the module `target`? */
export function importsModule(testFile: string, code: string, target: string, files: readonly string[]): boolean {
  if (PY.test(target)) {
    const module = pythonModuleName(target, files);
    const escaped = module.replace(/\./g, '\\.');
    const last = module.split('.').pop()!;
    return new RegExp(`^\\s*(from\\s+${escaped}\\s+import\\b|import\\s+${escaped}\\b|from\\s+\\.+\\s*import\\s+.*\\b${last}\\b|from\\s+\\.+${last}\\s+import\\b|from\\s+[\\w.]+\\s+import\\s+.*\\b${last}\\b)`, 'm').test(code);
  }
  const wanted = target.replace(/\.[cm]?[jt]sx?$/, '');
  const specifiers = [...code.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers.some((spec) => {
    if (!spec.startsWith('.')) return false;
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(testFile), spec)).replace(/\.[cm]?[jt]sx?$/, '');
    return resolved === wanted || resolved === `${wanted}/index` || `${resolved}/index` === wanted;
  });
}

/** Test files of the same language family, with the ones that import the target first. */
export async function testFilesFor(target: string, language: LanguageId, listing: SourceListing): Promise<{ importing: string[]; others: string[] }> {
  const fam = family(language, target);
  const tests = listing.files.filter((f) => isTestFile(f) && family(undefined, f) === fam && !/(^|\/)conftest\.py$/.test(f) && f !== target);
  const importing: string[] = [];
  const others: string[] = [];
  for (const file of tests) {
    let text: string;
    try {
      text = await listing.read(file);
    } catch {
      continue;
    }
    if (importsModule(file, text, target, listing.files)) importing.push(file);
    else others.push(file);
  }
  const stem = moduleStem(target);
  const byName = (a: string, b: string) => Number(moduleStem(b) === stem) - Number(moduleStem(a) === stem) || a.localeCompare(b);
  return { importing: importing.sort(byName), others: others.sort(byName) };
}

/** Test files that mention `name` and import its module (where existing tests of it may be). */
export async function testFilesMentioning(target: string, name: string, language: LanguageId, listing: SourceListing): Promise<string[]> {
  const { importing, others } = await testFilesFor(target, language, listing);
  const out: string[] = [];
  for (const file of [...importing, ...others]) {
    const text = await listing.read(file).catch(() => '');
    if (mentions(text, name) && (importing.includes(file) || mentions(text, moduleStem(target)))) out.push(file);
  }
  return out;
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

/** The file generated tests of `target` go to. */
export async function chooseTestFile(target: string, language: LanguageId, listing: SourceListing): Promise<TestPlacement> {
  const { importing, others } = await testFilesFor(target, language, listing);
  const stem = moduleStem(target);
  const named = importing.find((f) => moduleStem(f) === stem);
  if (named) return { file: named, exists: true, reason: `${named} is the test file of ${target}` };
  const sameName = others.find((f) => moduleStem(f) === stem);
  if (sameName) return { file: sameName, exists: true, reason: `${sameName} is named after ${target}` };
  if (importing.length === 1) return { file: importing[0]!, exists: true, reason: `${importing[0]} is the only test file that imports ${target}` };
  return { file: newTestFilePath(target, language, [...importing, ...others]), exists: false, reason: `no test file of ${target} yet; placed like the project's other tests` };
}

/** A new test file's path, following the layout and naming of `existing` test files. */
export function newTestFilePath(target: string, language: LanguageId, existing: string[]): string {
  const stem = moduleStem(target);
  if (language === 'python') {
    const suffixStyle = existing.filter((f) => /_test\.py$/.test(f)).length > existing.filter((f) => /(^|\/)test_[^/]*\.py$/.test(f)).length;
    const name = suffixStyle ? `${stem}_test.py` : `test_${stem}.py`;
    const dir = mostCommon(existing.map((f) => path.posix.dirname(f))) ?? 'tests';
    return dir === '.' ? name : `${dir}/${name}`;
  }
  const spec = existing.filter((f) => /\.spec\./.test(f)).length > existing.filter((f) => /\.test\./.test(f)).length;
  const ext = path.posix.extname(target);
  const name = `${stem}.${spec ? 'spec' : 'test'}${ext}`;
  if (!existing.length) return path.posix.join(path.posix.dirname(target), name);
  // Tests next to their sources, or in a test folder that mirrors the source tree.
  const beside = existing.filter((f) => !/(^|\/)(tests?|__tests__|spec)\//.test(f)).length > existing.length / 2;
  if (beside) return path.posix.join(path.posix.dirname(target), name);
  const dir = mostCommon(existing.map((f) => f.split('/')[0]!)) ?? 'test';
  const dirOfTarget = path.posix.dirname(target);
  const sub = dirOfTarget.split('/').slice(1).join('/');
  if (dir === '__tests__') return path.posix.join(dirOfTarget, '__tests__', name);
  return sub ? `${dir}/${sub}/${name}` : `${dir}/${name}`;
}

/** True when the project's JS/TS test files import with a `.js` extension (ESM with NodeNext). */
export function usesJsExtensions(testTexts: string[]): boolean {
  const specs = testTexts.flatMap((t) => [...t.matchAll(/from\s+['"](\.[^'"]+)['"]/g)].map((m) => m[1]!));
  return specs.length > 0 && specs.filter((s) => /\.[cm]?js$/.test(s)).length > specs.length / 2;
}
