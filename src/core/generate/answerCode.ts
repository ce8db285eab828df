// The code in a model's answer for the generators: the fenced blocks in the answer's language
// (or the whole answer when it has no fence), each parsed with tree-sitter. A block cut off at
// the end of a truncated answer still gives its complete statements.
import { scanAnswer } from '../edits/answerBlocks';
import { parseText, type Node, type Tree } from '../index/parser';
import type { LanguageId } from '../index/types';

const OTHER_LANGUAGES = new Set(['bash', 'sh', 'shell', 'console', 'text', 'txt', 'output', 'json', 'yaml', 'yml', 'toml', 'diff', 'markdown', 'md', 'html', 'css', 'sql']);
const PY_TAGS = new Set(['python', 'py', 'python3', 'pycon']);
const ECMA_TAGS = new Set(['javascript', 'js', 'jsx', 'mjs', 'cjs', 'typescript', 'ts', 'tsx', 'mts', 'cts', 'node']);

export interface CodePiece {
  code: string;
  /** False when the answer ended inside this block. */
  complete: boolean;
}

/** The answer's code blocks that can be in `language`. */
export function codePieces(answer: string, language: LanguageId): CodePiece[] {
  const scanned = scanAnswer(answer);
  const wanted = language === 'python' ? PY_TAGS : ECMA_TAGS;
  const pieces: CodePiece[] = [];
  for (const block of scanned.blocks) {
    if (block.type !== 'code') continue;
    if (block.lang && (OTHER_LANGUAGES.has(block.lang) || (!wanted.has(block.lang) && (PY_TAGS.has(block.lang) || ECMA_TAGS.has(block.lang))))) continue;
    pieces.push({ code: block.code, complete: block.complete });
  }
  if (!pieces.length && !scanned.blocks.length && scanned.text.trim()) pieces.push({ code: scanned.text, complete: true });
  return pieces;
}

/** Parses code for the generators; JS is read with the TypeScript grammar, which accepts it. */
export async function parseCode(code: string, language: LanguageId): Promise<Tree> {
  return parseText(language === 'javascript' ? 'typescript' : language, code);
}

/** Top-level statements of a tree that parsed without errors. */
export function cleanStatements(root: Node): Node[] {
  return root.namedChildren.filter((n): n is Node => !!n && !n.hasError && !n.isMissing && n.type !== 'ERROR' && n.type !== 'comment');
}

/** A node's text with its first line's column removed from the following lines (so it reads as if at column 0). */
export function nodeSource(node: Node): string {
  const column = node.startPosition.column;
  const [first, ...rest] = node.text.split('\n');
  return [first!, ...rest.map((l) => (l.slice(0, column).trim() === '' ? l.slice(column) : l.trimStart()))].join('\n');
}

/** Indents every line but blank ones. */
export function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((l) => (l.trim() ? prefix + l : l))
    .join('\n');
}
