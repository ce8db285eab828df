// Concrete inputs ("probes") of a function, taken from test code: every call of the entry point
// that appears in a test (`f(3)` in `assert f(3) == 9`). Evaluating the candidates on them shows
// where candidates compute different things, which is what a clarifying question asks about.
import { parseText, type Node } from '../../index/parser';
import type { ExecLanguage } from '../../exec/types';

const callTypes: Record<ExecLanguage, string> = { python: 'call', javascript: 'call_expression', typescript: 'call_expression' };

/** Distinct calls of `entryPoint` found in `tests` (source text of each call), in order of appearance. */
export async function extractCalls(language: ExecLanguage, tests: string[], entryPoint: string): Promise<string[]> {
  const found = new Set<string>();
  for (const test of tests) {
    const tree = await parseText(language, test);
    try {
      collect(tree.rootNode, callTypes[language], entryPoint, found);
    } finally {
      tree.delete();
    }
  }
  return [...found];
}

function collect(node: Node, callType: string, entryPoint: string, found: Set<string>): void {
  if (node.type === callType && !node.hasError) {
    const callee = node.childForFieldName('function');
    if (callee?.type === 'identifier' && callee.text === entryPoint) found.add(node.text);
  }
  for (const child of node.namedChildren) if (child) collect(child, callType, entryPoint, found);
}
