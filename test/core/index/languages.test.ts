import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allLanguages, grammarWasmPath, languageOf } from '../../../src/core/index/languages';
import { queryFor } from '../../../src/core/index/parser';
import { resourcePath } from '../../../src/core/resources';

describe('language registry', () => {
  it('maps file extensions to languages', () => {
    expect(languageOf('a/b.py')).toBe('python');
    expect(languageOf('stubs/x.pyi')).toBe('python');
    expect(languageOf('src/a.js')).toBe('javascript');
    expect(languageOf('src/a.MJS')).toBe('javascript');
    expect(languageOf('src/a.cjs')).toBe('javascript');
    expect(languageOf('src/a.jsx')).toBe('javascript');
    expect(languageOf('src/a.ts')).toBe('typescript');
    expect(languageOf('src/a.d.ts')).toBe('typescript');
    expect(languageOf('src/a.mts')).toBe('typescript');
    expect(languageOf('src/a.tsx')).toBe('tsx');
    expect(languageOf('README.md')).toBeUndefined();
    expect(languageOf('Makefile')).toBeUndefined();
  });

  it('is data: every language entry names a grammar and query files that exist and compile', async () => {
    const registry = JSON.parse(readFileSync(resourcePath('queries', 'languages.json'), 'utf8')) as { languages: { id: string }[] };
    expect(allLanguages().map((l) => l.id)).toEqual(registry.languages.map((l) => l.id));
    for (const language of allLanguages()) {
      expect(existsSync(grammarWasmPath(language)), language.grammar.wasm).toBe(true);
      for (const file of language.queries) expect(existsSync(resourcePath('queries', file)), file).toBe(true);
      const query = await queryFor(language.id);
      expect(query.captureNames).toContain('definition.function');
      expect(query.captureNames).toContain('reference.call');
      expect(query.captureNames).toContain('reference.import');
    }
  });
});
