// Turns a docstring or JSDoc node's source text into plain text.

const MAX_DOC = 4000;

/** Python string literal -> its content, indented like `inspect.cleandoc`. */
export function cleanDocString(literal: string): string {
  const body = literal.replace(/^[rRuUbBfF]*/, '').replace(/^("""|'''|"|')([\s\S]*?)\1$/, '$2');
  return cleanLines(body.split(/\r?\n/)).slice(0, MAX_DOC);
}

/** `/** ... *\/` -> its text without the comment markers and leading asterisks. */
export function cleanJsDoc(comment: string): string {
  const inner = comment.replace(/^\/\*\*+/, '').replace(/\*+\/$/, '');
  const lines = inner.split(/\r?\n/).map((line) => line.replace(/^\s*\*(?!\/) ?/, ''));
  return cleanLines(lines).slice(0, MAX_DOC);
}

function cleanLines(lines: string[]): string {
  const first = lines[0]?.trim() ?? '';
  const rest = lines.slice(1);
  const indents = rest.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length);
  const margin = indents.length ? Math.min(...indents) : 0;
  const all = [first, ...rest.map((l) => l.slice(margin).trimEnd())];
  while (all.length && !all[0]) all.shift();
  while (all.length && !all[all.length - 1]) all.pop();
  return all.join('\n');
}
