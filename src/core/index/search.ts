// Lexical search over symbols with MiniSearch (BM25+). Documents arrive already split into
// terms (by the parse workers, see tokenize.ts), so indexing only splits on spaces; queries
// go through the same term splitter.
import MiniSearch, { type AsPlainObject } from 'minisearch';
import type { SearchDoc } from './fileSymbols';
import { allStopWords } from './languages';
import { searchTerms } from './tokenize';

const fields = ['name', 'doc', 'body'];
const boost = { name: 3, doc: 1.5, body: 1 };

function options() {
  return {
    fields,
    idField: 'id',
    storeFields: [] as string[],
    tokenize: (text: string) => text.split(' '),
    processTerm: (term: string) => term || null,
    // Discarded documents are swept out in the background only once they are a sizeable share:
    // a sweep walks the whole index, too costly to run every few edits.
    autoVacuum: { minDirtCount: 2000, minDirtFactor: 0.2, batchSize: 2000, batchWait: 20 },
    searchOptions: {
      boost,
      tokenize: (text: string) => searchTerms(text, { stopWords: allStopWords() }),
      processTerm: (term: string) => term || null,
      combineWith: 'OR' as const,
    },
  };
}

export class SymbolSearch {
  private constructor(private readonly engine: MiniSearch<SearchDoc>) {}

  static empty(): SymbolSearch {
    return new SymbolSearch(new MiniSearch<SearchDoc>(options()));
  }

  static fromJSON(data: AsPlainObject): SymbolSearch {
    return new SymbolSearch(MiniSearch.loadJS<SearchDoc>(data, options()));
  }

  get size(): number {
    return this.engine.documentCount;
  }

  has(id: string): boolean {
    return this.engine.has(id);
  }

  /** Adds or replaces documents. */
  put(docs: SearchDoc[]): void {
    for (const doc of docs) if (this.engine.has(doc.id)) this.engine.discard(doc.id);
    this.engine.addAll(docs);
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) if (this.engine.has(id)) this.engine.discard(id);
  }

  /** Best matches first; ids with their BM25+ score. */
  search(query: string, limit = 20): { id: string; score: number }[] {
    if (!searchTerms(query, { stopWords: allStopWords() }).length) return [];
    return this.engine
      .search(query)
      .slice(0, limit)
      .map((hit) => ({ id: String(hit.id), score: hit.score }));
  }

  toJSON(): AsPlainObject {
    return this.engine.toJSON();
  }
}
