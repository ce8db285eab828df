// Where a failing test's code is: the lines of its body, so the call graph can start from the
// calls the test makes. Python tests are symbols of the index; JavaScript tests are `it(...)` /
// `test(...)` calls, found with tree-sitter by their title.
import type { Node } from 'web-tree-sitter';
import { languageOf } from '../index/languages';
import { parseText } from '../index/parser';
import type { CodeIndex, CodeSymbol } from '../index/types';
import type { TestFailure } from '../testing/types';
import type { ParsedFailure } from './types';

export interface TestBody {
  file: string;
  startLine: number;
  endLine: number;
  /** The test's own symbol when the index has one (Python functions and methods). */
  symbol?: CodeSymbol;
  /** The line the failure was observed on in the test file (assertion or call), if known. */
  failingLine?: number;
}

const JS_TEST_CALLEE = /^(it|test|specify)(\.(only|skip|concurrent|sequential|fails|todo))*$/;

function testNameOf(failure: TestFailure & Partial<ParsedFailure>): string {
  if (failure.testName) return failure.testName;
  const tail = failure.id.includes(' > ') ? failure.id.split(' > ').pop()! : failure.id.split('::').pop()!;
  return tail.replace(/\[.*$/, '');
}

/** The innermost frame of the failure inside its test file: the line the test failed on. */
export function failingLineOf(failure: TestFailure): number | undefined {
  for (let i = failure.stack.length - 1; i >= 0; i--) {
    const frame = failure.stack[i];
    if (frame.inWorkspace && frame.file === failure.file) return frame.line;
  }
  return failure.line || undefined;
}

export async function locateTestBody(failure: TestFailure & Partial<ParsedFailure>, index: CodeIndex, source: string | undefined): Promise<TestBody | undefined> {
  if (!failure.file) return undefined;
  const name = testNameOf(failure);
  const failingLine = failingLineOf(failure);
  const language = languageOf(failure.file);
  if (language === 'python') {
    const qualified = failure.id.split('::').slice(1).join('.').replace(/\[.*$/, '');
    const symbols = index.symbolsInFile(failure.file).filter((s) => (s.kind === 'function' || s.kind === 'method') && s.name === name.split('.').pop());
    const symbol = symbols.find((s) => s.qualifiedName === qualified) ?? symbols.find((s) => failingLine !== undefined && s.startLine <= failingLine && failingLine <= s.endLine) ?? symbols[0];
    if (symbol) return { file: failure.file, startLine: symbol.startLine, endLine: symbol.endLine, symbol, failingLine };
  } else if (language) {
    // The index names test callbacks by their titles: `Suite.test name`.
    const titles = failure.id.includes('::') ? failure.id.slice(failure.id.indexOf('::') + 2).split(' > ') : [name];
    const symbol = index.symbolsInFile(failure.file).find((s) => s.qualifiedName === titles.join('.'));
    if (symbol) return { file: failure.file, startLine: symbol.startLine, endLine: symbol.endLine, symbol, failingLine };
  }
  if (language && language !== 'python' && source !== undefined) {
    const range = await jsTestCallRange(language, source, name, failingLine);
    if (range) return { file: failure.file, ...range, failingLine };
  }
  if (failingLine) return { file: failure.file, startLine: failingLine, endLine: failingLine, failingLine };
  return undefined;
}

async function jsTestCallRange(language: NonNullable<ReturnType<typeof languageOf>>, source: string, title: string, near?: number): Promise<{ startLine: number; endLine: number } | undefined> {
  let tree;
  try {
    tree = await parseText(language, source);
  } catch {
    return undefined;
  }
  try {
    const found: { startLine: number; endLine: number }[] = [];
    const stack: Node[] = [tree.rootNode];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.type === 'call_expression') {
        const callee = node.childForFieldName('function');
        const args = node.childForFieldName('arguments');
        const first = args?.namedChildren[0];
        if (callee && first && JS_TEST_CALLEE.test(callee.text) && stringValue(first) === title) {
          found.push({ startLine: node.startPosition.row + 1, endLine: node.endPosition.row + 1 });
        }
      }
      for (const child of node.namedChildren) if (child) stack.push(child);
    }
    return found.find((r) => near !== undefined && r.startLine <= near && near <= r.endLine) ?? found[0];
  } finally {
    tree.delete();
  }
}

function stringValue(node: Node): string | undefined {
  if (node.type === 'string') return node.text.slice(1, -1);
  if (node.type === 'template_string' && !node.namedChildren.some((c) => c?.type === 'template_substitution')) return node.text.slice(1, -1);
  return undefined;
}
