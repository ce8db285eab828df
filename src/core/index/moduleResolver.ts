// Resolves an import's module to an indexed file. Two styles, chosen by the language
// descriptor: `dotted` (Python: relative dots, packages with __init__, source roots found by
// suffix) and `path` (JS/TS: relative paths with extension and index-file probing, `.js`
// written for a `.ts` file, tsconfig `paths`/`baseUrl`).
import { languageDescriptor, type ModuleStyle } from './languages';
import { joinRelative, mappedCandidates, type PathMapping } from './tsconfig';
import type { LanguageId } from './types';

export class ModuleResolver {
  private readonly files = new Set<string>();
  /** Dotted module name suffix ('b.c' for 'src/a/b/c.py') -> files with that suffix. */
  private readonly bySuffix = new Map<string, Set<string>>();
  private mappings: PathMapping[] = [];

  has(file: string): boolean {
    return this.files.has(file);
  }

  add(file: string, language: LanguageId): void {
    if (this.files.has(file)) return;
    this.files.add(file);
    const style = languageDescriptor(language).modules;
    if (style.style === 'dotted') for (const key of dottedSuffixes(file, style)) addTo(this.bySuffix, key, file);
  }

  remove(file: string, language: LanguageId): void {
    if (!this.files.delete(file)) return;
    const style = languageDescriptor(language).modules;
    if (style.style === 'dotted') {
      for (const key of dottedSuffixes(file, style)) {
        const set = this.bySuffix.get(key);
        set?.delete(file);
        if (set && !set.size) this.bySuffix.delete(key);
      }
    }
  }

  setPathMappings(mappings: PathMapping[]): void {
    // Deepest config first, so a file uses its nearest tsconfig.
    this.mappings = [...mappings].sort((a, b) => b.dir.length - a.dir.length);
  }

  /** The file an import in `fromFile` names, or undefined (a package outside the index). */
  resolve(fromFile: string, language: LanguageId, source: string): string | undefined {
    const style = languageDescriptor(language).modules;
    return style.style === 'dotted' ? this.resolveDotted(fromFile, source, style) : this.resolvePath(fromFile, source, style);
  }

  /** For `from pkg import name`: the file of submodule `name` of the package in `packageFile`. */
  submodule(packageFile: string, name: string, language: LanguageId): string | undefined {
    const style = languageDescriptor(language).modules;
    if (style.style !== 'dotted') return undefined;
    const stem = stripExtension(packageFile, style.extensions);
    if (!stem.endsWith(style.packageInit)) return undefined;
    const dir = stem.slice(0, -style.packageInit.length).replace(/\/$/, '');
    return this.moduleFile(dir ? `${dir}/${name}` : name, style);
  }

  /** Python's dotted name of a file, from the chain of packages (folders with __init__) above it. */
  canonicalModuleName(file: string, language: LanguageId): string | undefined {
    const style = languageDescriptor(language).modules;
    return style.style === 'dotted' ? this.canonicalName(file, style) : undefined;
  }

  private canonicalName(file: string, style: Extract<ModuleStyle, { style: 'dotted' }>): string | undefined {
    const parts = stripExtension(file, style.extensions).split('/');
    if (parts[parts.length - 1] === style.packageInit) parts.pop();
    let first = parts.length - 1;
    while (first > 0 && this.isPackage(parts.slice(0, first).join('/'), style)) first--;
    return parts.slice(first).join('.') || undefined;
  }

  private isPackage(dir: string, style: Extract<ModuleStyle, { style: 'dotted' }>): boolean {
    return style.extensions.some((ext) => this.files.has(`${dir}/${style.packageInit}${ext}`));
  }

  private resolveDotted(fromFile: string, source: string, style: Extract<ModuleStyle, { style: 'dotted' }>): string | undefined {
    const dots = /^\.*/.exec(source)![0].length;
    const rest = source.slice(dots);
    if (dots > 0) {
      let dir = posixDirname(fromFile);
      for (let i = 1; i < dots; i++) {
        if (!dir) return undefined;
        dir = posixDirname(dir);
      }
      const target = rest ? (dir ? `${dir}/${rest.split('.').join('/')}` : rest.split('.').join('/')) : dir;
      return this.moduleFile(target, style);
    }
    const candidates = this.bySuffix.get(rest);
    if (!candidates?.size) return undefined;
    if (candidates.size === 1) return candidates.values().next().value;
    // Several files end with this dotted name: prefer the one whose package chain gives exactly
    // this name, then the one nearest to the importing file.
    const ranked = [...candidates].map((file) => ({
      file,
      exact: this.canonicalName(file, style) === rest ? 1 : 0,
      shared: sharedPrefix(fromFile, file),
    }));
    ranked.sort((a, b) => b.exact - a.exact || b.shared - a.shared || a.file.length - b.file.length || (a.file < b.file ? -1 : 1));
    return ranked[0]!.file;
  }

  /** `a/b` -> a/b.py, a/b.pyi, a/b/__init__.py ... whichever is indexed. */
  private moduleFile(stem: string, style: Extract<ModuleStyle, { style: 'dotted' }>): string | undefined {
    for (const ext of style.extensions) if (this.files.has(`${stem}${ext}`)) return `${stem}${ext}`;
    const init = stem ? `${stem}/${style.packageInit}` : style.packageInit;
    for (const ext of style.extensions) if (this.files.has(`${init}${ext}`)) return `${init}${ext}`;
    return undefined;
  }

  private resolvePath(fromFile: string, source: string, style: Extract<ModuleStyle, { style: 'path' }>): string | undefined {
    if (source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..') {
      return this.probe(joinRelative(posixDirname(fromFile), source), style);
    }
    if (style.pathMapping !== 'tsconfig') return undefined;
    const mapping = this.mappings.find((m) => !m.dir || fromFile.startsWith(`${m.dir}/`));
    if (!mapping) return undefined;
    for (const candidate of mappedCandidates(mapping, source)) {
      const found = this.probe(candidate, style);
      if (found) return found;
    }
    return undefined;
  }

  /** Tries a path as written, with each extension, `.js` standing for `.ts`, and as a folder index. */
  private probe(target: string, style: Extract<ModuleStyle, { style: 'path' }>): string | undefined {
    if (target.startsWith('../')) return undefined;
    if (this.files.has(target)) return target;
    for (const ext of style.extensions) if (this.files.has(`${target}${ext}`)) return `${target}${ext}`;
    const written = /\.(m|c)?jsx?$/.exec(target);
    if (written) {
      const stem = target.slice(0, written.index);
      const flavour = written[1] ?? '';
      const typed = target.endsWith('x') ? [`.tsx`] : [`.${flavour}ts`, '.tsx', '.d.ts'];
      for (const ext of typed) if (this.files.has(`${stem}${ext}`)) return `${stem}${ext}`;
    }
    for (const index of style.indexFiles) {
      const base = target ? `${target}/${index}` : index;
      for (const ext of style.extensions) if (this.files.has(`${base}${ext}`)) return `${base}${ext}`;
    }
    return undefined;
  }
}

function dottedSuffixes(file: string, style: Extract<ModuleStyle, { style: 'dotted' }>): string[] {
  const parts = stripExtension(file, style.extensions).split('/');
  if (parts[parts.length - 1] === style.packageInit) parts.pop();
  const keys: string[] = [];
  for (let i = parts.length - 1; i >= 0; i--) keys.push(parts.slice(i).join('.'));
  return keys;
}

function stripExtension(file: string, extensions: string[]): string {
  const ext = extensions.find((e) => file.endsWith(e));
  return ext ? file.slice(0, -ext.length) : file;
}

function posixDirname(p: string): string {
  const slash = p.lastIndexOf('/');
  return slash === -1 ? '' : p.slice(0, slash);
}

function sharedPrefix(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  let n = 0;
  while (n < pa.length && n < pb.length && pa[n] === pb[n]) n++;
  return n;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}
