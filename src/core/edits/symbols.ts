// Finds the function, method or class an answer's definition replaces: by qualified name
// (`Cart.total`), else by name (`total` → the method `Cart.total` when it is the only one),
// in the named file, else the default file, else any file shown to the model. Symbols come from
// the index's tree-sitter extraction.
import { extractFileSymbols } from '../index/fileSymbols';
import { languageOf } from '../index/languages';
import type { CodeSymbol } from '../index/types';

export type DefinitionKind = 'function' | 'method' | 'class';

const cache = new Map<string, Promise<CodeSymbol[] | undefined>>();
const CACHE_SIZE = 64;

/** Symbols of a file's text; undefined for languages the index does not parse. */
export function symbolsOf(file: string, text: string): Promise<CodeSymbol[] | undefined> {
  const key = `${file}\0${text}`;
  let found = cache.get(key);
  if (!found) {
    found = languageOf(file) ? extractFileSymbols(file, text).then((r) => r.symbols) : Promise.resolve(undefined);
    found.catch(() => cache.delete(key));
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, found);
  }
  return found;
}

export interface SymbolQuery {
  qualifiedName: string;
  kind: DefinitionKind;
  /** The file the answer named (already resolved to a key of `files`). */
  file?: string;
  defaultFile?: string;
  targets?: readonly { file: string; qualifiedName: string }[];
  /** Rank methods above functions of the same name (a Python `def f(self)` given alone). */
  preferMethod?: boolean;
}

export type SymbolLookup = { ok: true; file: string; symbol: CodeSymbol } | { ok: false; reason: string; notFound: boolean };

function kindFits(symbol: CodeSymbol, kind: DefinitionKind): boolean {
  if (kind === 'class') return symbol.kind === 'class';
  return symbol.kind === 'function' || symbol.kind === 'method';
}

function matches(symbol: CodeSymbol, qualifiedName: string): 0 | 1 | 2 {
  if (symbol.qualifiedName === qualifiedName) return 2;
  if (symbol.qualifiedName.endsWith(`.${qualifiedName}`)) return 1;
  return 0;
}

const describe = (file: string, s: CodeSymbol) => `${s.qualifiedName} at ${file}:${s.startLine}`;

export async function findSymbol(files: ReadonlyMap<string, string>, query: SymbolQuery): Promise<SymbolLookup> {
  const { qualifiedName, kind } = query;
  const order: string[] = [];
  if (query.file) order.push(query.file);
  else {
    if (query.defaultFile && files.has(query.defaultFile)) order.push(query.defaultFile);
    for (const target of query.targets ?? []) if (files.has(target.file) && !order.includes(target.file)) order.push(target.file);
    for (const file of files.keys()) if (!order.includes(file)) order.push(file);
  }
  // The named or default file wins when it has the symbol; other files are searched only otherwise.
  const hasDefault = !query.file && query.defaultFile !== undefined && files.has(query.defaultFile);
  const scopes = hasDefault ? [[query.defaultFile!], order] : [order];
  for (const scope of scopes) {
    const found: { file: string; symbol: CodeSymbol; quality: number }[] = [];
    for (const file of scope) {
      const symbols = await symbolsOf(file, files.get(file) ?? '');
      for (const symbol of symbols ?? []) {
        if (!kindFits(symbol, kind)) continue;
        let quality: number = matches(symbol, qualifiedName);
        if (quality && query.preferMethod) quality = symbol.kind === 'method' ? 2 : 1;
        if (quality) found.push({ file, symbol, quality });
      }
    }
    if (found.length === 0) continue;
    const bestQuality = Math.max(...found.map((f) => f.quality));
    let best = found.filter((f) => f.quality === bestQuality);
    if (best.length > 1 && query.targets?.length) {
      const targeted = best.filter((f) => query.targets!.some((t) => t.file === f.file && t.qualifiedName === f.symbol.qualifiedName));
      if (targeted.length) best = targeted;
    }
    if (best.length === 1) return { ok: true, file: best[0]!.file, symbol: best[0]!.symbol };
    return {
      ok: false,
      notFound: false,
      reason: `\`${qualifiedName}\` is defined ${best.length} times (${best.map((b) => describe(b.file, b.symbol)).join(', ')}); give the method inside its class, or use a SEARCH/REPLACE block naming the file.`,
    };
  }
  const where = query.file ?? (order.length ? order.join(', ') : 'the files shown');
  const what = kind === 'class' ? 'class' : 'function or method';
  return { ok: false, notFound: true, reason: `There is no ${what} named \`${qualifiedName}\` in ${where}.` };
}
