// The generators' conversations, rendered from resources/prompts/generate/*.md. Every part of
// the context is a prioritised section, so a prompt that would not fit the token budget loses
// the least relevant context first (the rest of the file before the existing tests; the task is
// never cut).
import type { LanguageId } from '../index/types';
import { PromptBuilder, type BuiltPrompt } from '../llm/promptBudget';
import type { TokenCounter } from '../llm/tokens';
import type { FrameworkId } from '../testing/types';
import { renderTemplate } from '../util/template';
import type { CodeUnit, ExistingTest, StubKind } from './types';

const FENCES: Record<LanguageId, string> = { python: 'python', javascript: 'javascript', typescript: 'typescript', tsx: 'tsx' };
const NAMES: Record<LanguageId, string> = { python: 'Python', javascript: 'JavaScript', typescript: 'TypeScript', tsx: 'TypeScript (TSX)' };

export const fenceOf = (language: LanguageId) => FENCES[language];
export const languageLabel = (language: LanguageId) => NAMES[language];

const STUB_NOTES: Record<StubKind, string> = {
  pass: '`pass`',
  ellipsis: '`...`',
  'not-implemented': 'it raises a "not implemented" error',
  empty: 'empty',
};

export interface PromptBudget {
  counter: TokenCounter;
  tokenBudget: number;
  /** Tokens kept for each answer. */
  reserveCompletion: number;
}

/** The file without the target's lines (they are shown on their own), capped for the prompt. */
export function fileWithoutTarget(text: string, target: CodeUnit): string {
  const lines = text.split('\n');
  const before = lines.slice(0, target.startLine - 1);
  const after = lines.slice(target.endLine);
  const marker = target.language === 'python' ? `# … ${target.qualifiedName} (shown below) …` : `// … ${target.qualifiedName} (shown below) …`;
  const indent = /^\s*/.exec(lines[target.startLine - 1] ?? '')?.[0] ?? '';
  return [...before, `${indent}${marker}`, ...after].join('\n').trim();
}

function commonView(target: CodeUnit) {
  return {
    language: languageLabel(target.language),
    fence: fenceOf(target.language),
    python: target.language === 'python',
    ecma: target.language !== 'python',
    method: target.kind === 'method',
    name: target.name,
    qualifiedName: target.qualifiedName,
    file: target.file,
    code: target.code,
  };
}

/** How the checks call the target: `median`, or `Shelf().add` style left to the model for methods. */
function callName(target: CodeUnit): string {
  return target.kind === 'method' && target.className ? `${target.className}(...).${target.name}` : target.name;
}

export function implementationPrompt(target: CodeUnit, fileText: string, existing: ExistingTest[], budget: PromptBudget): BuiltPrompt {
  const view = { ...commonView(target), stubNote: target.stub ? STUB_NOTES[target.stub] : undefined };
  const builder = new PromptBuilder(budget.counter)
    .message('system')
    .add({ id: 'system', priority: 100, required: true, text: renderTemplate('generate/implement-system', view) })
    .message('user')
    .add({ id: 'target', priority: 100, required: true, text: renderTemplate('generate/implement', view) });
  const rest = fileWithoutTarget(fileText, target);
  if (rest) builder.add({ id: 'file', priority: 40, trim: 'keep-head', text: renderTemplate('generate/file-context', { ...view, text: rest }) });
  if (existing.length) {
    builder.add({
      id: 'existing-tests',
      priority: 60,
      trim: 'keep-head',
      text: renderTemplate('generate/existing-tests', { ...view, tests: existing.map((t) => ({ file: t.file, code: t.code })) }),
    });
  }
  builder.add({ id: 'ask', priority: 100, required: true, text: renderTemplate('generate/implement-ask', view) });
  return builder.build({ tokenBudget: budget.tokenBudget, reserveCompletion: budget.reserveCompletion });
}

export function checksPrompt(target: CodeUnit, fileText: string, count: number, budget: PromptBudget): BuiltPrompt {
  const view = { ...commonView(target), call: callName(target), count };
  const builder = new PromptBuilder(budget.counter)
    .message('system')
    .add({ id: 'system', priority: 100, required: true, text: renderTemplate('generate/checks-system', view) })
    .message('user')
    .add({ id: 'target', priority: 100, required: true, text: renderTemplate('generate/checks', view) });
  const rest = fileWithoutTarget(fileText, target);
  if (rest) builder.add({ id: 'file', priority: 30, trim: 'keep-head', text: renderTemplate('generate/file-context', { ...view, text: rest }) });
  return builder.build({ tokenBudget: budget.tokenBudget, reserveCompletion: budget.reserveCompletion });
}

export interface TestsPromptView {
  target: CodeUnit;
  fileText: string;
  framework: FrameworkId;
  count: number;
  testFile: string;
  testFileText?: string;
  importLine: string;
  example?: { file: string; text: string };
  kept: string[];
  failing: { name: string; message: string }[];
  uncovered: { line: number; text: string }[];
  propertyLibrary?: 'hypothesis' | 'fast-check';
}

function assertStyle(framework: FrameworkId): { testCall: string; assertStyle: string; suites: boolean } {
  switch (framework) {
    case 'vitest':
      return { testCall: 'it', assertStyle: "`expect` from 'vitest'", suites: true };
    case 'jest':
      return { testCall: 'test', assertStyle: "jest's `expect`", suites: true };
    case 'mocha':
      return { testCall: 'it', assertStyle: "`assert` from 'node:assert/strict'", suites: true };
    default:
      return { testCall: 'test', assertStyle: "`test` from 'node:test' and `assert` from 'node:assert/strict'", suites: false };
  }
}

export function testsPrompt(view: TestsPromptView, budget: PromptBudget): BuiltPrompt {
  const { target } = view;
  const base = { ...commonView(target), framework: view.framework, count: view.count, ...assertStyle(view.framework) };
  const builder = new PromptBuilder(budget.counter)
    .message('system')
    .add({ id: 'system', priority: 100, required: true, text: renderTemplate('generate/tests-system', base) })
    .message('user')
    .add({ id: 'target', priority: 100, required: true, text: renderTemplate('generate/tests', base) });
  const rest = fileWithoutTarget(view.fileText, target);
  if (rest) builder.add({ id: 'file', priority: 30, trim: 'keep-head', text: renderTemplate('generate/file-context', { ...base, text: rest }) });
  builder.add({
    id: 'test-file',
    priority: 70,
    trim: 'keep-head',
    text: renderTemplate('generate/test-file', {
      ...base,
      exists: view.testFileText !== undefined,
      testFile: view.testFile,
      text: view.testFileText,
      importLine: view.importLine,
      example: view.example?.text,
      exampleFile: view.example?.file,
    }),
  });
  builder.add({
    id: 'progress',
    priority: 80,
    trim: 'keep-head',
    text: renderTemplate('generate/tests-progress', { ...base, kept: view.kept, failing: view.failing, uncovered: view.uncovered }),
  });
  if (view.propertyLibrary) builder.add({ id: 'property', priority: 50, text: renderTemplate('generate/tests-property', { ...base, library: view.propertyLibrary }) });
  builder.add({ id: 'ask', priority: 100, required: true, text: renderTemplate('generate/tests-ask', base) });
  return builder.build({ tokenBudget: budget.tokenBudget, reserveCompletion: budget.reserveCompletion });
}
