// Turns a file's references into graph edges: contains (parent -> child), imports (file ->
// file), calls and inherits (symbol -> symbol), each call or base class resolved through the
// file's scopes and imports, with a confidence saying how it was resolved.
import { languageDescriptor, type LanguageDescriptor } from './languages';
import type { ModuleResolver } from './moduleResolver';
import type { CodeEdge, CodeSymbol, LanguageId, Reference } from './types';

/** How sure a resolved call or base class is, by how it was resolved. */
export const confidence = {
  /** `self.m()` / `this.m()` to a method of the enclosing class. */
  sameClass: 0.95,
  /** A definition in the same file (innermost enclosing scope first). */
  sameFile: 0.9,
  /** A name bound by an import, or `mod.f()` through an imported module. */
  imported: 0.9,
  /** `self.m()` found in a base class, `super().m()`, `Cls.m()` on a known class. */
  inherited: 0.8,
  /** A name that may come from `from m import *` / `export * from`. */
  wildcard: 0.7,
  /** The only function or class with that name in the workspace. */
  uniqueGlobal: 0.5,
  /** The only method with that name, called on an object of unknown type. */
  uniqueMethod: 0.4,
  /** One of two or three candidates with that name. */
  ambiguous: 0.2,
} as const;

/**
 * The names a reference's resolution can depend on: its name, alias, the parts of its receiver
 * (and of a dotted module import). A definition appearing or vanishing elsewhere changes the
 * reference's resolution only if its name is one of these.
 */
export function referenceTokens(reference: Reference): string[] {
  const tokens = [reference.name];
  if (reference.alias) tokens.push(reference.alias);
  if (reference.receiver && reference.receiver !== '<expr>') {
    for (const part of reference.receiver.split('.')) tokens.push(part.endsWith('()') ? part.slice(0, -2) : part);
  }
  if (reference.kind === 'import' && reference.importKind === 'module' && reference.source) for (const part of reference.source.split('.')) if (part) tokens.push(part);
  return tokens;
}

/** More candidates than this for a name resolves nothing. */
export const MAX_AMBIGUOUS = 3;
const MAX_HOPS = 5;

export interface LinkedFile {
  path: string;
  language: LanguageId;
  symbols: CodeSymbol[];
  references: Reference[];
  defaultExport?: string;
}

export interface LinkContext {
  file(path: string): LinkedFile | undefined;
  symbol(id: string): CodeSymbol | undefined;
  /** Symbols of these kinds with this name. */
  symbolsNamed(name: string, kinds: readonly ('class' | 'function' | 'method')[]): Iterable<CodeSymbol>;
  resolver: ModuleResolver;
}

type Binding = { kind: 'module'; file: string } | { kind: 'symbol'; id: string } | { kind: 'external' };

interface Scope {
  names: Map<string, Binding>;
  /** Modules whose names a wildcard import brings in. */
  wildcards: string[];
}

interface Target {
  id: string;
  confidence: number;
}

export class Linker {
  private readonly scopes = new Map<string, Scope>();
  private readonly bases = new Map<string, Target[]>();
  /** Each reference's resolution, kept while the names it depends on stay as they are. */
  private resolutions = new WeakMap<Reference, Target[]>();

  constructor(private readonly context: LinkContext) {}

  /** Forget everything derived; call after the set of files or the module resolver changed. */
  clearCaches(): void {
    this.scopes.clear();
    this.bases.clear();
    this.resolutions = new WeakMap();
  }

  /** Forget one file's derived data (it was removed). */
  forgetFile(path: string): void {
    this.scopes.delete(path);
  }

  /**
   * Forget what was derived from a file before relinking it: its scope, its classes' bases, and
   * the resolutions of its references that use one of `tokens` (see `referenceTokens`), or of
   * all of them. Other references keep theirs.
   */
  invalidate(path: string, tokens: ReadonlySet<string> | 'all'): void {
    const file = this.context.file(path);
    if (tokens !== 'all' && !tokens.size) return;
    this.scopes.delete(path);
    if (!file) return;
    for (const symbol of file.symbols) if (symbol.kind === 'class') this.bases.delete(symbol.id);
    for (const reference of file.references) if (tokens === 'all' || referenceTokens(reference).some((t) => tokens.has(t))) this.resolutions.delete(reference);
  }

  /** Forget the bases found for these classes (their files' inheritance changed). */
  invalidateBases(classIds: Iterable<string>): void {
    for (const id of classIds) this.bases.delete(id);
  }

  /**
   * Every edge whose source is in this file. `remember`: keep each reference's resolution for
   * the next relink of this file (worth it for files being edited; a full build skips it and
   * saves the bookkeeping).
   */
  linkFile(path: string, remember = true): CodeEdge[] {
    const file = this.context.file(path);
    if (!file) return [];
    // One edge per (kind, from, to): the most confident, at its first line.
    const found: Record<CodeEdge['kind'], Map<string, Map<string, CodeEdge>>> = { contains: new Map(), imports: new Map(), calls: new Map(), inherits: new Map() };
    const edges: CodeEdge[] = [];
    const add = (kind: CodeEdge['kind'], from: string, to: string, confidence: number, line: number) => {
      let targets = found[kind].get(from);
      if (!targets) found[kind].set(from, (targets = new Map()));
      const existing = targets.get(to);
      if (!existing) {
        const edge: CodeEdge = { from, to, kind, confidence, line };
        targets.set(to, edge);
        edges.push(edge);
      } else if (existing.confidence < confidence) existing.confidence = confidence;
    };
    for (const symbol of file.symbols) if (symbol.parentId) add('contains', symbol.parentId, symbol.id, 1, symbol.startLine);
    // What a reference resolves to depends on what it says, not where it is: resolve equal
    // references once per link.
    let local: Map<string, Target[]> | undefined;
    const descriptor = languageDescriptor(file.language);
    for (const reference of file.references) {
      let targets = remember ? this.resolutions.get(reference) : undefined;
      if (!targets) {
        const key = `${reference.kind[0]}${reference.from}\u0000${reference.name}\u0000${reference.receiver ?? ''}\u0000${reference.source ?? ''}\u0000${reference.importKind ?? ''}\u0000${reference.alias ?? ''}`;
        targets = (local ??= new Map()).get(key);
        if (!targets) {
          targets = this.resolve(file, reference, descriptor);
          local.set(key, targets);
        }
        if (remember) this.resolutions.set(reference, targets);
      }
      const kind = reference.kind === 'import' ? 'imports' : reference.kind === 'call' ? 'calls' : 'inherits';
      const from = reference.kind === 'import' ? file.path : reference.from;
      for (const target of targets) add(kind, from, target.id, target.confidence, reference.line);
    }
    return edges;
  }

  private resolve(file: LinkedFile, reference: Reference, descriptor: LanguageDescriptor): Target[] {
    if (reference.kind === 'import') return this.importedFiles(file, reference).map((id) => ({ id, confidence: 1 }));
    if (reference.kind === 'call') return this.resolveCall(file, reference, descriptor);
    const owner = this.context.symbol(reference.from);
    return owner?.kind === 'class' ? this.resolveName(file, reference, 'class') : [];
  }

  /** The files an import statement loads (for `from pkg import sub`, also the submodule). */
  private importedFiles(file: LinkedFile, reference: Reference): string[] {
    if (!reference.source) return [];
    const target = this.context.resolver.resolve(file.path, file.language, reference.source);
    if (!target) return [];
    if (reference.importKind === 'named' && reference.name) {
      const sub = this.context.resolver.submodule(target, reference.name, file.language);
      if (sub) return [target, sub];
    }
    return [target];
  }

  private scopeOf(file: LinkedFile): Scope {
    const cached = this.scopes.get(file.path);
    if (cached) return cached;
    const scope: Scope = { names: new Map(), wildcards: [] };
    this.scopes.set(file.path, scope);
    const dotted = languageDescriptor(file.language).modules.style === 'dotted';
    const bind = (name: string, binding: Binding) => {
      if (!scope.names.has(name)) scope.names.set(name, binding);
    };
    for (const reference of file.references) {
      if (reference.kind !== 'import' || !reference.source) continue;
      const target = this.context.resolver.resolve(file.path, file.language, reference.source);
      const module: Binding = target ? { kind: 'module', file: target } : { kind: 'external' };
      switch (reference.importKind) {
        case 'module':
          if (reference.alias) bind(reference.alias, module);
          else if (dotted) {
            // `import a.b.c` binds `a`; `a.b.c.f()` is looked up by its dotted receiver.
            const parts = reference.source.split('.');
            for (let i = 1; i <= parts.length; i++) {
              const prefix = parts.slice(0, i).join('.');
              const file2 = i === parts.length ? target : this.context.resolver.resolve(file.path, file.language, prefix);
              bind(prefix, file2 ? { kind: 'module', file: file2 } : { kind: 'external' });
            }
          }
          break;
        case 'namespace':
          if (reference.alias) bind(reference.alias, module);
          break;
        case 'wildcard':
          if (target) scope.wildcards.push(target);
          break;
        case 'default': {
          if (!reference.alias) break;
          const exported = target ? this.context.file(target)?.defaultExport : undefined;
          const binding = target && exported ? this.exportOf(target, exported, 0) : undefined;
          bind(reference.alias, binding ?? (target ? this.exportOf(target, reference.alias, 0) : undefined) ?? module);
          break;
        }
        case 'named': {
          const local = reference.alias ?? reference.name;
          if (!target) bind(local, { kind: 'external' });
          else bind(local, this.exportOf(target, reference.name, 0) ?? { kind: 'external' });
          break;
        }
      }
    }
    return scope;
  }

  /** What `name` is in a module: its own top-level symbol, a re-exported import, a submodule. */
  private exportOf(moduleFile: string, name: string, hops: number): Binding | undefined {
    const own = this.context.symbol(`${moduleFile}#${name}`);
    if (own && own.parentId === moduleFile) return { kind: 'symbol', id: own.id };
    const file = this.context.file(moduleFile);
    if (!file) return undefined;
    const sub = this.context.resolver.submodule(moduleFile, name, file.language);
    if (sub) return { kind: 'module', file: sub };
    if (hops >= MAX_HOPS) return undefined;
    const scope = this.scopeOf(file);
    const bound = scope.names.get(name);
    if (bound && bound.kind !== 'external') return bound;
    for (const wildcard of scope.wildcards) {
      const found = this.exportOf(wildcard, name, hops + 1);
      if (found) return found;
    }
    return undefined;
  }

  private resolveCall(file: LinkedFile, reference: Reference, descriptor: LanguageDescriptor): Target[] {
    const receiver = reference.receiver;
    if (!receiver) {
      if (descriptor.superNames.includes(reference.name)) return [];
      return this.resolveName(file, reference, 'callable');
    }
    const enclosingClass = this.enclosingClass(reference.from);
    if (descriptor.selfNames.includes(receiver) && enclosingClass) {
      const own = this.context.symbol(`${enclosingClass.id}.${reference.name}`);
      if (own) return [{ id: own.id, confidence: confidence.sameClass }];
      const inherited = this.methodInBases(enclosingClass.id, reference.name, 0);
      if (inherited) return [inherited];
      return this.global(reference.name, 'method');
    }
    if (enclosingClass && descriptor.superNames.some((s) => receiver === s || receiver === `${s}()`)) {
      const inherited = this.methodInBases(enclosingClass.id, reference.name, 0);
      return inherited ? [inherited] : [];
    }
    const bound = this.lookup(file, receiver, reference.from);
    if (bound?.kind === 'external') return [];
    if (bound?.kind === 'module') {
      const exported = this.exportOf(bound.file, reference.name, 0);
      return exported?.kind === 'symbol' ? [{ id: exported.id, confidence: confidence.imported }] : [];
    }
    if (bound?.kind === 'symbol') {
      const owner = this.context.symbol(bound.id);
      if (owner?.kind === 'class') {
        const member = this.context.symbol(`${owner.id}.${reference.name}`);
        if (member) return [{ id: member.id, confidence: confidence.inherited }];
        const inherited = this.methodInBases(owner.id, reference.name, 0);
        if (inherited) return [inherited];
      }
    }
    return this.global(reference.name, 'method');
  }

  /** A bare name (call or base class): enclosing scopes, the file, imports, wildcards, then the workspace. */
  private resolveName(file: LinkedFile, reference: Reference, want: 'callable' | 'class'): Target[] {
    if (reference.receiver) {
      const bound = this.lookup(file, reference.receiver, reference.from);
      if (bound?.kind === 'module') {
        const exported = this.exportOf(bound.file, reference.name, 0);
        return exported?.kind === 'symbol' ? [{ id: exported.id, confidence: confidence.imported }] : [];
      }
      if (bound?.kind === 'external') return [];
      return this.global(reference.name, want === 'class' ? 'class' : 'method');
    }
    const bound = this.lookup(file, reference.name, reference.from);
    if (bound?.kind === 'symbol') {
      const local = bound.id.startsWith(`${file.path}#`);
      return [{ id: bound.id, confidence: local ? confidence.sameFile : confidence.imported }];
    }
    if (bound) return [];
    for (const wildcard of this.scopeOf(file).wildcards) {
      const found = this.exportOf(wildcard, reference.name, 1);
      if (found?.kind === 'symbol') return [{ id: found.id, confidence: confidence.wildcard }];
    }
    return this.global(reference.name, want === 'class' ? 'class' : 'callable');
  }

  /**
   * A name as seen from a symbol: definitions in enclosing functions (innermost first, class
   * bodies are not scopes for their methods), the file's top level, then its imports.
   */
  private lookup(file: LinkedFile, name: string, fromId: string): Binding | undefined {
    for (let scope = this.context.symbol(fromId); scope && scope.kind !== 'module'; scope = scope.parentId ? this.context.symbol(scope.parentId) : undefined) {
      if (scope.kind === 'class') continue;
      const nested = this.context.symbol(`${scope.id}.${name}`);
      if (nested) return { kind: 'symbol', id: nested.id };
    }
    const topLevel = this.context.symbol(`${file.path}#${name}`);
    if (topLevel) return { kind: 'symbol', id: topLevel.id };
    return this.scopeOf(file).names.get(name);
  }

  private enclosingClass(fromId: string): CodeSymbol | undefined {
    for (let symbol = this.context.symbol(fromId); symbol; symbol = symbol.parentId ? this.context.symbol(symbol.parentId) : undefined) {
      if (symbol.kind === 'class') return symbol;
    }
    return undefined;
  }

  private methodInBases(classId: string, name: string, depth: number): Target | undefined {
    if (depth > MAX_HOPS) return undefined;
    for (const base of this.basesOf(classId)) {
      const member = this.context.symbol(`${base.id}.${name}`);
      if (member) return { id: member.id, confidence: Math.min(base.confidence, confidence.inherited) };
      const deeper = this.methodInBases(base.id, name, depth + 1);
      if (deeper) return deeper;
    }
    return undefined;
  }

  private basesOf(classId: string): Target[] {
    const cached = this.bases.get(classId);
    if (cached) return cached;
    this.bases.set(classId, []);
    const owner = this.context.symbol(classId);
    const file = owner ? this.context.file(owner.file) : undefined;
    if (!file) return [];
    const found = file.references
      .filter((r) => r.kind === 'inherit' && r.from === classId)
      .flatMap((r) => this.resolveName(file, r, 'class'))
      .filter((t) => t.id !== classId);
    this.bases.set(classId, found);
    return found;
  }

  private global(name: string, want: 'callable' | 'class' | 'method'): Target[] {
    const matches: CodeSymbol[] = [];
    const kinds = want === 'method' ? (['method'] as const) : want === 'class' ? (['class'] as const) : (['function', 'class'] as const);
    for (const symbol of this.context.symbolsNamed(name, kinds)) {
      matches.push(symbol);
      if (matches.length > MAX_AMBIGUOUS) return [];
    }
    if (matches.length === 1) return [{ id: matches[0]!.id, confidence: want === 'method' ? confidence.uniqueMethod : confidence.uniqueGlobal }];
    return matches.map((m) => ({ id: m.id, confidence: confidence.ambiguous }));
  }
}
