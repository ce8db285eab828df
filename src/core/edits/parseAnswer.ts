// Turns a model's answer into edits. SEARCH/REPLACE blocks and diff hunks are taken as they are;
// a fenced block of code is read with tree-sitter: each function, method or class it defines
// replaces the one of that name in the files the model was shown (a method found in its class),
// new definitions are inserted next to the ones they came with, and missing imports are added.
import { languageOf } from '../index/languages';
import { parseText } from '../index/parser';
import { extractFileSymbols } from '../index/fileSymbols';
import type { CodeSymbol, LanguageId } from '../index/types';
import { scanAnswer, type CodeBlock } from './answerBlocks';
import { resolveFile } from './files';
import { findSymbol, symbolsOf } from './symbols';
import { lineStartOffset } from './text';
import type { EditContext, ParsedAnswer, ParsedEdit, ParseProblem } from './types';

const LANGUAGE_TAGS: Record<string, LanguageId> = {
  python: 'python',
  python3: 'python',
  py: 'python',
  javascript: 'javascript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  node: 'javascript',
  typescript: 'typescript',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
};

/** Fences that hold commands, output or data, never an edit. */
const NOT_CODE = new Set(['bash', 'sh', 'shell', 'zsh', 'console', 'powershell', 'cmd', 'text', 'txt', 'plaintext', 'output', 'log', 'json', 'jsonc', 'yaml', 'yml', 'toml', 'ini', 'markdown', 'md', 'html', 'xml', 'css', 'sql']);

const EXTENSION: Record<LanguageId, string> = { python: '.py', javascript: '.js', typescript: '.ts', tsx: '.tsx' };

const IMPORT_NODES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

export async function parseEditAnswer(answer: string, context: EditContext): Promise<ParsedAnswer> {
  const scanned = scanAnswer(answer);
  const problems: ParseProblem[] = [...scanned.problems];
  const edits: ParsedEdit[] = [];
  const resolve = (file: string | undefined) => (file === undefined ? undefined : (resolveFile(file, context.files.keys()) ?? file));

  for (const block of scanned.blocks) {
    if (block.type === 'search-replace') {
      const file = resolve(block.file);
      edits.push({ kind: 'search-replace', ...(file ? { file } : {}), search: block.search, replace: block.replace, block: block.block, source: 'search-replace' });
    } else if (block.type === 'diff') {
      for (const hunk of block.hunks) {
        const file = resolve(hunk.file);
        edits.push({ kind: 'search-replace', ...(file ? { file } : {}), search: hunk.search, replace: hunk.replace, block: block.block, source: 'diff', ...(hunk.line ? { line: hunk.line } : {}) });
      }
    }
  }

  // Code blocks count only when the answer has no explicit edits: next to SEARCH/REPLACE blocks
  // they are illustrations (the failing test, a usage example), not replacements.
  const codeBlocks = scanned.blocks.filter((b): b is CodeBlock => b.type === 'code');
  if (edits.length === 0) {
    if (codeBlocks.length === 0 && scanned.blocks.length === 0) {
      const bare = await bareCode(scanned.text, context);
      if (bare) codeBlocks.push(bare);
    }
    for (const block of codeBlocks) {
      await readCodeBlock(block, context, edits, problems);
    }
  }

  const unique = lastEditPerSymbol(edits);
  if (unique.length === 0 && !problems.some((p) => p.kind === 'truncated' || p.kind === 'malformed' || p.kind === 'unrecognized')) {
    problems.push({
      kind: 'no-edits',
      message:
        codeBlocks.length === 0
          ? 'The answer contains no code. Reply with SEARCH/REPLACE blocks, or with the whole corrected function in a fenced code block.'
          : 'None of the code blocks in the answer is a SEARCH/REPLACE block or a whole function of the code shown.',
    });
  }
  return { edits: unique, problems };
}

/** When a symbol is given twice (the "before" and the "after" version), the last one counts. */
function lastEditPerSymbol(edits: ParsedEdit[]): ParsedEdit[] {
  const lastIndex = new Map<string, number>();
  edits.forEach((edit, index) => {
    if (edit.kind === 'replace-symbol' || edit.kind === 'insert-symbol') lastIndex.set(`${edit.kind}|${edit.file ?? ''}|${edit.qualifiedName}`, index);
  });
  return edits.filter((edit, index) => (edit.kind === 'replace-symbol' || edit.kind === 'insert-symbol' ? lastIndex.get(`${edit.kind}|${edit.file ?? ''}|${edit.qualifiedName}`) === index : true));
}

function languageFor(block: CodeBlock, file: string | undefined, context: EditContext): LanguageId | undefined {
  if (block.lang && LANGUAGE_TAGS[block.lang]) return LANGUAGE_TAGS[block.lang];
  if (file) {
    const fromFile = languageOf(file);
    if (fromFile) return fromFile;
  }
  if (context.defaultFile) {
    const fromDefault = languageOf(context.defaultFile);
    if (fromDefault) return fromDefault;
  }
  const languages = new Set([...context.files.keys()].map((f) => languageOf(f)).filter(Boolean));
  return languages.size === 1 ? [...languages][0] : undefined;
}

/** An answer that is nothing but code (no fence): accepted when it parses into definitions. */
async function bareCode(text: string, context: EditContext): Promise<CodeBlock | undefined> {
  const code = text.trim();
  if (!code) return undefined;
  const block: CodeBlock = { type: 'code', lang: '', code, complete: true, block: 1 };
  const language = languageFor(block, undefined, context);
  if (!language) return undefined;
  const snippet = await readSnippet(code, language);
  return snippet.parseErrors === 0 && snippet.definitions.length > 0 ? block : undefined;
}

interface Snippet {
  definitions: { symbol: CodeSymbol; code: string; children: CodeSymbol[] }[];
  imports: string[];
  /** First line of each top-level statement that is neither a definition, an import nor a comment. */
  others: string[];
  parseErrors: number;
  symbols: CodeSymbol[];
}

async function readSnippet(code: string, language: LanguageId): Promise<Snippet> {
  const pseudoFile = `answer${EXTENSION[language]}`;
  const { symbols, parseErrors } = await extractFileSymbols(pseudoFile, code, language);
  const topLevel = symbols.filter((s) => s.parentId === pseudoFile && s.kind !== 'module');
  const definitions = topLevel.map((symbol) => ({
    symbol,
    // From the start of its first line, so every line keeps the indentation it had in the answer.
    code: code.slice(lineStartOffset(code, symbol.startLine), symbol.endByte),
    children: symbols.filter((s) => s.parentId === symbol.id),
  }));
  const imports: string[] = [];
  const others: string[] = [];
  const tree = await parseText(language, code);
  try {
    for (const node of tree.rootNode.namedChildren) {
      if (!node) continue;
      const row = node.startPosition.row + 1;
      if (topLevel.some((s) => row >= s.startLine && row <= s.endLine)) continue;
      if (IMPORT_NODES.has(node.type)) imports.push(node.text);
      else if (node.type === 'comment' || isDocString(node.type, node.text)) continue;
      else others.push(node.text.split('\n')[0]!.trim());
    }
  } finally {
    tree.delete();
  }
  return { definitions, imports, others, parseErrors, symbols };
}

const WRAPPER = 'class SelfDebugMethods {';

/** The methods of a JS/TS block that parses cleanly once wrapped in a class, or undefined. */
async function methodsAlone(code: string, language: LanguageId): Promise<Snippet | undefined> {
  const wrapped = `${WRAPPER}\n${code}\n}`;
  const snippet = await readSnippet(wrapped, language);
  const cls = snippet.definitions[0];
  if (snippet.parseErrors > 0 || snippet.definitions.length !== 1 || !cls) return undefined;
  const methods = cls.children.filter((c) => c.kind === 'method');
  if (methods.length === 0) return undefined;
  return {
    definitions: methods.map((symbol) => ({ symbol, code: wrapped.slice(lineStartOffset(wrapped, symbol.startLine), symbol.endByte), children: [] })),
    imports: [],
    others: [],
    parseErrors: 0,
    symbols: methods,
  };
}

function isDocString(type: string, text: string): boolean {
  return type === 'expression_statement' && /^(['"]{3}|['"])[\s\S]*\1$|^['"]use strict['"];?$/.test(text.trim());
}

async function readCodeBlock(block: CodeBlock, context: EditContext, edits: ParsedEdit[], problems: ParseProblem[]): Promise<void> {
  if (NOT_CODE.has(block.lang)) return;
  const namedFile = block.file === undefined ? undefined : (resolveFile(block.file, context.files.keys()) ?? block.file);
  const language = languageFor(block, namedFile, context);
  if (!language) {
    problems.push({ kind: 'unrecognized', block: block.block, message: `Code block ${block.block} is in a language SelfDebug cannot read${block.lang ? ` (${block.lang})` : ''}; it was not used.` });
    return;
  }
  let snippet = await readSnippet(block.code, language);
  if (language !== 'python' && (snippet.parseErrors > 0 || snippet.definitions.length === 0)) {
    // Methods given without their class (`total(): number {`) only parse inside a class body.
    snippet = (await methodsAlone(block.code, language)) ?? snippet;
  }
  if (!block.complete && (context.finishReason === 'length' || snippet.parseErrors > 0)) {
    problems.push({ kind: 'truncated', block: block.block, message: `Code block ${block.block} was cut off before its closing fence; it was not used.` });
    return;
  }
  if (snippet.definitions.length === 0) {
    // No definition tree-sitter recognises on its own: a method without its class
    // (`total(): number {`), or broken code. If the first line names a definition that exists,
    // replace it: applying it then checks the syntax in place (and rejects broken code precisely).
    const guess = guessDefinition(block.code, language);
    const found = guess && (await findSymbol(context.files, { qualifiedName: guess.name, kind: guess.kind, defaultFile: context.defaultFile, targets: context.targets, ...(namedFile && context.files.has(namedFile) ? { file: namedFile } : {}) }));
    if (guess && found && found.ok) {
      const kind = found.symbol.kind === 'class' ? 'class' : found.symbol.kind === 'method' ? 'method' : 'function';
      edits.push(replaceEdit(block, found.file, found.symbol.qualifiedName, kind, block.code, language));
      return;
    }
  }
  if (snippet.definitions.length === 0) {
    problems.push({
      kind: 'unrecognized',
      block: block.block,
      message: `Code block ${block.block} is neither a SEARCH/REPLACE block nor a whole function or class, so it was not used.`,
    });
    return;
  }

  const lookup = { defaultFile: context.defaultFile, targets: context.targets, ...(namedFile && context.files.has(namedFile) ? { file: namedFile } : {}) };
  type Placed = { index: number; edit: ParsedEdit; known: boolean; qualifiedName: string; file?: string };
  const placed: Placed[] = [];
  const newOnes: { index: number; code: string; name: string }[] = [];

  for (const [index, definition] of snippet.definitions.entries()) {
    const { symbol } = definition;
    const kind = symbol.kind === 'class' ? 'class' : 'function';
    // `def total(self)` given on its own is a method even when a function `total` also exists.
    const preferMethod = language === 'python' && /^\s*(async\s+)?def\s+\w+\s*\(\s*(self|cls)\b/m.test(definition.code);
    const found = await findSymbol(context.files, { qualifiedName: symbol.name, kind, preferMethod, ...lookup });
    if (!found.ok && !found.notFound) {
      // Ambiguous: keep the edit; applying it gives the precise reason back.
      placed.push({ index, known: true, qualifiedName: symbol.name, edit: replaceEdit(block, namedFile, symbol.name, kind, definition.code, language) });
      continue;
    }
    if (!found.ok) {
      newOnes.push({ index, code: definition.code, name: symbol.name });
      continue;
    }
    if (found.symbol.kind === 'class') {
      placed.push(...(await classEdits(block, found.file, found.symbol, definition, snippet, context, language, problems)).map((p) => ({ ...p, index })));
      continue;
    }
    placed.push({
      index,
      known: true,
      qualifiedName: found.symbol.qualifiedName,
      file: found.file,
      edit: replaceEdit(block, found.file, found.symbol.qualifiedName, found.symbol.kind === 'method' ? 'method' : 'function', definition.code, language),
    });
  }

  const anchors = placed.filter((p) => p.known);
  if (anchors.length === 0) {
    const names = newOnes.map((n) => `\`${n.name}\``).join(', ');
    const where = namedFile ?? context.defaultFile ?? [...context.files.keys()].join(', ');
    problems.push({
      kind: 'unrecognized',
      block: block.block,
      message: `Code block ${block.block} defines ${names}, which ${newOnes.length === 1 ? 'does' : 'do'} not exist in ${where}; replace an existing function, or add new code with a SEARCH/REPLACE block.`,
    });
    return;
  }
  // New top-level definitions go next to the nearest replaced one, on the side they were written.
  for (const extra of newOnes) {
    const before = [...anchors].reverse().find((a) => a.index < extra.index);
    const anchor = before ?? anchors.find((a) => a.index > extra.index)!;
    placed.push({
      index: extra.index,
      known: false,
      qualifiedName: extra.name,
      edit: {
        kind: 'insert-symbol',
        ...(anchor.file ? { file: anchor.file } : namedFile ? { file: namedFile } : {}),
        qualifiedName: extra.name,
        code: extra.code,
        anchor: anchor.qualifiedName,
        position: before ? 'after' : 'before',
        language,
        block: block.block,
      },
    });
  }
  placed.sort((a, b) => a.index - b.index);
  const importFile = anchors[0]!.file ?? namedFile;
  for (const code of snippet.imports) edits.push({ kind: 'add-import', ...(importFile ? { file: importFile } : {}), code, language, block: block.block });
  edits.push(...placed.map((p) => p.edit));
  if (snippet.others.length) {
    problems.push({
      kind: 'ignored',
      block: block.block,
      message: `Code block ${block.block}: ${snippet.others.length} statement(s) outside the functions were not used (first: \`${snippet.others[0]!.slice(0, 80)}\`).`,
    });
  }
}

const DEFINITION_LINES: Record<'python' | 'ecmascript', { pattern: RegExp; kind: 'function' | 'class' }[]> = {
  python: [
    { pattern: /^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)/, kind: 'function' },
    { pattern: /^\s*class\s+([A-Za-z_]\w*)/, kind: 'class' },
  ],
  ecmascript: [
    { pattern: /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/, kind: 'function' },
    { pattern: /^\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/, kind: 'class' },
    { pattern: /^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=/, kind: 'function' },
    // A method on its own: `async total(x: T): Promise<number> {` (a call never ends with `{`).
    { pattern: /^\s*(?:(?:public|private|protected|static|async|override|readonly|get|set)\s+)*\*?\s*([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\s*\(.*\)\s*(?::\s*[^{]+)?\{\s*$/, kind: 'function' },
  ],
};

/** The definition a broken code block starts with, read off its first code line. */
function guessDefinition(code: string, language: LanguageId): { name: string; kind: 'function' | 'class' } | undefined {
  const first = code.split('\n').find((l) => l.trim() && !/^\s*(@|#|\/\/|\/\*|\*)/.test(l));
  if (!first) return undefined;
  for (const { pattern, kind } of DEFINITION_LINES[language === 'python' ? 'python' : 'ecmascript']) {
    const match = pattern.exec(first);
    if (match?.[1] && !['if', 'for', 'while', 'switch', 'return', 'catch'].includes(match[1])) return { name: match[1], kind };
  }
  return undefined;
}

function replaceEdit(block: CodeBlock, file: string | undefined, qualifiedName: string, symbolKind: 'function' | 'method' | 'class', code: string, language: LanguageId): ParsedEdit {
  return { kind: 'replace-symbol', ...(file ? { file } : {}), qualifiedName, symbolKind, code, language, block: block.block };
}

/**
 * A class in the answer: the whole class is replaced when the answer has all its methods (or
 * it has none); otherwise each method replaces its namesake and new methods are inserted.
 */
async function classEdits(
  block: CodeBlock,
  file: string,
  target: CodeSymbol,
  definition: Snippet['definitions'][number],
  snippet: Snippet,
  context: EditContext,
  language: LanguageId,
  problems: ParseProblem[],
): Promise<{ edit: ParsedEdit; known: boolean; qualifiedName: string; file?: string }[]> {
  const fileSymbols = (await symbolsOf(file, context.files.get(file) ?? '')) ?? [];
  const existing = fileSymbols.filter((s) => s.parentId === target.id && s.kind === 'method');
  const given = definition.children.filter((s) => s.kind === 'method');
  const givenNames = new Set(given.map((m) => m.name));
  if (existing.length === 0 || existing.every((m) => givenNames.has(m.name))) {
    return [{ known: true, qualifiedName: target.qualifiedName, file, edit: replaceEdit(block, file, target.qualifiedName, 'class', definition.code, language) }];
  }
  const code = block.code;
  const methodCode = (m: CodeSymbol) => code.slice(lineStartOffset(code, m.startLine), m.endByte);
  const out: { edit: ParsedEdit; known: boolean; qualifiedName: string; file?: string }[] = [];
  let previousKnown: string | undefined;
  const pendingNew: CodeSymbol[] = [];
  for (const method of given) {
    const match = existing.find((m) => m.name === method.name);
    if (match) {
      out.push({ known: true, qualifiedName: match.qualifiedName, file, edit: replaceEdit(block, file, match.qualifiedName, 'method', methodCode(method), language) });
      // New methods written before the first known one go before it.
      for (const fresh of pendingNew.splice(0)) out.push(insertEdit(block, file, target, fresh, methodCode(fresh), match.qualifiedName, 'before', language));
      previousKnown = match.qualifiedName;
    } else if (previousKnown) {
      out.push(insertEdit(block, file, target, method, methodCode(method), previousKnown, 'after', language));
    } else {
      pendingNew.push(method);
    }
  }
  // Only new methods: they go after the class's last method.
  const last = existing[existing.length - 1]!;
  for (const fresh of pendingNew) out.push(insertEdit(block, file, target, fresh, methodCode(fresh), last.qualifiedName, 'after', language));
  const strays = strayClassLines(code, definition.symbol, definition.children);
  if (strays.length) {
    problems.push({
      kind: 'ignored',
      block: block.block,
      message: `Code block ${block.block}: lines of class \`${target.name}\` outside its methods were not used (first: \`${strays[0]!.slice(0, 80)}\`); give the whole class to change them.`,
    });
  }
  return out;
}

function insertEdit(block: CodeBlock, file: string, cls: CodeSymbol, method: CodeSymbol, code: string, anchor: string, position: 'before' | 'after', language: LanguageId) {
  const qualifiedName = `${cls.qualifiedName}.${method.name}`;
  return { known: false, qualifiedName, file, edit: { kind: 'insert-symbol' as const, file, qualifiedName, code, anchor, position, language, block: block.block } };
}

/** Non-blank lines in a class body outside its methods, docstring and comments. */
function strayClassLines(code: string, cls: CodeSymbol, children: CodeSymbol[]): string[] {
  const lines = code.split('\n');
  const strays: string[] = [];
  let inDoc = false;
  for (let line = cls.startLine + 1; line <= cls.endLine; line++) {
    if (children.some((c) => line >= c.startLine && line <= c.endLine)) continue;
    const text = (lines[line - 1] ?? '').trim();
    const quotes = (text.match(/"""|'''/g) ?? []).length;
    if (inDoc || quotes) {
      if (quotes % 2 === 1) inDoc = !inDoc;
      continue;
    }
    if (!text || text.startsWith('#') || text.startsWith('//') || text.startsWith('/*') || text.startsWith('*') || /^[{}]\s*;?$/.test(text) || text === 'pass') continue;
    strays.push(text);
  }
  return strays;
}
