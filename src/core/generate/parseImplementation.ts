// Turns a model's answer into an implementation candidate: the edit parser of src/core/edits
// reads it (fences, prose, SEARCH/REPLACE blocks, a bare function, a cut-off answer) and the edit
// applier puts it into the target file, rejecting what does not parse. The candidate is accepted
// only when the target is still there afterwards and no longer a stub.
import { applyEdits } from '../edits/applyEdits';
import { parseEditAnswer } from '../edits/parseAnswer';
import { readCodeUnits, unitNamed } from './codeUnits';
import type { CodeUnit, ImplementationCandidate } from './types';

export type ParsedImplementation = { ok: true; candidate: Omit<ImplementationCandidate, 'id' | 'duplicates'> } | { ok: false; reason: string };

export async function parseImplementation(answer: string, target: CodeUnit, fileText: string, finishReason?: string | null): Promise<ParsedImplementation> {
  const files = new Map([[target.file, fileText]]);
  const context = { files, defaultFile: target.file, targets: [{ file: target.file, qualifiedName: target.qualifiedName }], finishReason };
  const parsed = await parseEditAnswer(answer, context);
  if (!parsed.edits.length) {
    return { ok: false, reason: parsed.problems.map((p) => p.message).join(' ') || 'The answer contains no code.' };
  }
  // Only the target's file may change: a generated implementation never edits other files.
  const edits = parsed.edits.filter((e) => e.file === undefined || e.file === target.file);
  const applied = await applyEdits(files, edits, { defaultFile: target.file, targets: context.targets });
  let text = applied.files.get(target.file) ?? fileText;
  if (!applied.changedFiles.includes(target.file)) {
    const reasons = [...applied.rejected.map((r) => r.reason), ...parsed.problems.map((p) => p.message)];
    return { ok: false, reason: reasons.join(' ') || `The answer does not change \`${target.qualifiedName}\`.` };
  }
  let units = await readCodeUnits(target.file, text, target.language);
  let unit = unitNamed(units, target.qualifiedName, target.startLine);
  if (!unit) return { ok: false, reason: `After the edit, \`${target.qualifiedName}\` is no longer defined in ${target.file}.` };
  // Models often leave the docstring out of the function they return: the user's stays.
  if (target.docLines && !unit.docLines && unit.kind !== 'class') {
    text = withDocString(text, unit, fileText.split('\n').slice(target.docLines.start - 1, target.docLines.end));
    units = await readCodeUnits(target.file, text, target.language);
    unit = unitNamed(units, target.qualifiedName, target.startLine) ?? unit;
  }
  if (unit.stub) return { ok: false, reason: `The answer leaves \`${target.qualifiedName}\` a stub.` };
  const extras = applied.applied
    .filter((a) => a.edit.kind === 'insert-symbol' || a.edit.kind === 'add-import' || (a.edit.kind === 'search-replace' && !(a.startLine <= unit.endLine && a.endLine >= unit.startLine)))
    .map((a) => (a.edit.kind === 'insert-symbol' ? `adds \`${a.edit.qualifiedName}\`` : a.edit.kind === 'add-import' ? `adds \`${a.edit.code.trim()}\`` : `changes lines ${a.startLine}-${a.endLine}`));
  return { ok: true, candidate: { code: unit.code, fileText: text, extras } };
}

/** Text of a candidate for comparing implementations: comments, docstrings and blank space removed. */
export function normalizedCode(code: string, python: boolean): string {
  let text = code;
  if (python) {
    text = text.replace(/("""|''')[\s\S]*?\1/g, '').replace(/(^|\s)#.*$/gm, '$1');
  } else {
    text = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** Puts `docLines` (the original docstring) first in the body of `unit` in `text`, indented like the body. */
function withDocString(text: string, unit: CodeUnit, docLines: string[]): string {
  const lines = text.split('\n');
  const bodyIndex = unit.bodyStartLine - 1;
  const bodyIndent = /^\s*/.exec(lines[bodyIndex] ?? '')![0];
  // A body on the `def` line itself (`def f(): return 1`) has no line to put a docstring above.
  if (bodyIndex < unit.startLine || !(lines[bodyIndex] ?? '').trim()) return text;
  const docIndent = /^\s*/.exec(docLines[0] ?? '')![0];
  const moved = docLines.map((line) => (line.startsWith(docIndent) ? bodyIndent + line.slice(docIndent.length) : line));
  lines.splice(bodyIndex, 0, ...moved);
  return lines.join('\n');
}
