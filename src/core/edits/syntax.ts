// Does an edit leave the code parseable? tree-sitter marks what it cannot parse with ERROR and
// MISSING nodes; an edit is rejected when it adds some (in the region it wrote, or anywhere in
// the file: an unclosed bracket shows up far below). Parsing uses the index's parser.
import { countErrorNodes, parseText, type Node } from '../index/parser';
import type { LanguageId } from '../index/types';

export interface SyntaxReport {
  /** ERROR/MISSING nodes in the whole file. */
  total: number;
  /** Those overlapping the line range asked about. */
  inRegion: number;
  /** First error at or after the region start (else the first one), for the message. */
  first?: { line: number; missing: boolean; text: string };
}

/** Errors of `text`, counting those overlapping 1-based lines [startLine, endLine] separately. */
export async function syntaxReport(language: LanguageId, text: string, startLine: number, endLine: number): Promise<SyntaxReport> {
  const tree = await parseText(language, text);
  try {
    const root = tree.rootNode;
    const total = countErrorNodes(root);
    if (total === 0) return { total: 0, inRegion: 0 };
    const inRegion = countErrorNodes(root, startLine - 1, endLine - 1);
    const errors: Node[] = [];
    collectErrors(root, errors);
    const first = errors.find((n) => n.endPosition.row >= startLine - 1) ?? errors[0];
    return { total, inRegion, ...(first ? { first: describe(first, text) } : {}) };
  } finally {
    tree.delete();
  }
}

function collectErrors(node: Node, out: Node[]): void {
  if (node.isError || node.isMissing) {
    out.push(node);
    return;
  }
  if (!node.hasError) return;
  for (const child of node.children) if (child) collectErrors(child, out);
}

function describe(node: Node, text: string): { line: number; missing: boolean; text: string } {
  const row = node.startPosition.row;
  const lineText = text.split('\n')[row] ?? '';
  return { line: row + 1, missing: node.isMissing, text: node.isMissing ? node.type : lineText.trim().slice(0, 120) };
}

/** "line 14: `return sum(i.price for i in items`" or "line 9: a missing `)`". */
export function describeSyntaxError(first: SyntaxReport['first']): string {
  if (!first) return 'a syntax error';
  return first.missing ? `a missing \`${first.text}\` at line ${first.line}` : `a syntax error at line ${first.line}: \`${first.text}\``;
}
