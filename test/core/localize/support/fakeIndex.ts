// A small in-memory CodeIndex for the localizer's unit tests: symbols are declared by file,
// qualified name and line range; search scores by shared words, so tests control the ranking.
import type { CodeEdge, CodeIndex, CodeSymbol, EdgeKind, FileEntry, IndexStats, SearchHit } from '../../../../src/core/index/types';

export interface SymbolSpec {
  file: string;
  name: string;
  kind?: CodeSymbol['kind'];
  lines: [number, number];
  /** Words the search matches (defaults to the split name). */
  text?: string;
}

export class FakeIndex implements CodeIndex {
  readonly root = '/work/project';
  private readonly list: CodeSymbol[] = [];
  private readonly edges: CodeEdge[] = [];
  private readonly texts = new Map<string, string>();

  constructor(specs: SymbolSpec[], edges: [string, string, EdgeKind?, number?, number?][] = []) {
    const files = new Set(specs.map((s) => s.file));
    for (const file of files) {
      this.list.push({ id: file, file, language: 'python', name: file, qualifiedName: file, kind: 'module', startLine: 1, endLine: 10_000, startByte: 0, endByte: 0, signature: '' });
    }
    for (const spec of specs) {
      const parts = spec.name.split('.');
      const parentName = parts.slice(0, -1).join('.');
      const symbol: CodeSymbol = {
        id: `${spec.file}#${spec.name}`,
        file: spec.file,
        language: spec.file.endsWith('.py') ? 'python' : 'typescript',
        name: parts[parts.length - 1],
        qualifiedName: spec.name,
        kind: spec.kind ?? (parentName ? 'method' : 'function'),
        startLine: spec.lines[0],
        endLine: spec.lines[1],
        startByte: 0,
        endByte: 0,
        signature: `def ${parts[parts.length - 1]}()`,
        parentId: parentName ? `${spec.file}#${parentName}` : spec.file,
      };
      this.list.push(symbol);
      this.texts.set(symbol.id, (spec.text ?? spec.name.replace(/[._]/g, ' ')).toLowerCase());
    }
    for (const [from, to, kind = 'calls', confidence = 1, line] of edges) this.edges.push({ from, to, kind, confidence, line });
  }

  stats(): IndexStats {
    return { files: this.files().length, symbols: this.list.length, edges: this.edges.length, parseErrors: 0, ms: 0, languages: {} };
  }
  files(): FileEntry[] {
    return [...new Set(this.list.map((s) => s.file))].map((path) => ({ path, language: 'python', lines: 100, parseErrors: 0 }));
  }
  symbols(): CodeSymbol[] {
    return this.list;
  }
  symbol(id: string): CodeSymbol | undefined {
    return this.list.find((s) => s.id === id);
  }
  symbolsInFile(file: string): CodeSymbol[] {
    return this.list.filter((s) => s.file === file && s.kind !== 'module');
  }
  enclosingSymbol(file: string, line: number): CodeSymbol | undefined {
    return this.symbolsInFile(file)
      .filter((s) => s.startLine <= line && line <= s.endLine)
      .sort((a, b) => a.endLine - a.startLine - (b.endLine - b.startLine))[0];
  }
  edgesFrom(id: string, kind?: EdgeKind): CodeEdge[] {
    return this.edges.filter((e) => e.from === id && (!kind || e.kind === kind));
  }
  edgesTo(id: string, kind?: EdgeKind): CodeEdge[] {
    return this.edges.filter((e) => e.to === id && (!kind || e.kind === kind));
  }
  search(query: string, limit = 20): SearchHit[] {
    const words = new Set(query.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean));
    return this.list
      .map((symbol) => ({ symbol, score: (this.texts.get(symbol.id) ?? '').split(/\s+/).filter((w) => words.has(w)).length }))
      .filter((h) => h.score > 0)
      .sort((a, b) => b.score - a.score || a.symbol.id.localeCompare(b.symbol.id))
      .slice(0, limit);
  }
  sourceOf(id: string): string | undefined {
    return this.texts.get(id);
  }
}

/** Source texts keyed by file, for the signals that read lines. */
export function sources(files: Record<string, string>) {
  return { get: (file: string) => files[file] };
}
