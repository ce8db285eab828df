// Builds the repair conversation from the templates in resources/prompts/repair/. Each part of
// the context is a section with a priority, so the least relevant context is dropped first
// when the prompt would not fit the token budget.
import { PromptBuilder, type PromptSection } from '../llm/promptBudget';
import type { TokenCounter } from '../llm/tokens';
import type { ChatMessage } from '../llm/types';
import type { LanguageId } from '../index/types';
import type { FrameworkId, StackFrame, TestFailure } from '../testing/types';
import { renderTemplate } from '../util/template';
import type { RepairContext } from './context';

const fences: Record<LanguageId, string> = { python: 'python', javascript: 'javascript', typescript: 'typescript', tsx: 'tsx' };
const languageNames: Record<LanguageId, string> = { python: 'Python', javascript: 'JavaScript', typescript: 'TypeScript', tsx: 'TypeScript (TSX)' };

export function languageName(language: LanguageId): string {
  return languageNames[language];
}

/** The innermost frames, one per line; test-runner and library frames are left out. */
export function formatTrace(stack: StackFrame[], maxFrames = 8): string {
  const frames = stack.filter((f) => f.inWorkspace);
  return frames
    .slice(-maxFrames)
    .map((f) => `  ${f.file}:${f.line} in ${f.function}`)
    .join('\n');
}

/** Messages and expected/actual texts can be huge (a dumped list); keep head and tail. */
export function trimText(text: string | undefined, max = 1500): string | undefined {
  if (text === undefined) return undefined;
  if (text.length <= max) return text;
  return `${text.slice(0, Math.floor(max * 0.7))}\n… [${text.length - max} characters left out] …\n${text.slice(-Math.floor(max * 0.3))}`;
}

function failureView(failure: TestFailure) {
  return {
    id: failure.id,
    file: failure.file,
    message: trimText(failure.message) ?? '',
    expected: trimText(failure.expected, 600),
    actual: trimText(failure.actual, 600),
    trace: formatTrace(failure.stack),
  };
}

export interface PromptSettings {
  language: LanguageId;
  framework: FrameworkId;
  editFormat: string;
  budgetTokens: number;
  /** Tokens kept free for the answer. */
  reserveCompletion: number;
  counter: TokenCounter;
}

export function systemMessage(settings: PromptSettings): ChatMessage {
  return {
    role: 'system',
    content: renderTemplate('repair/system', {
      language: languageName(settings.language),
      framework: settings.framework,
      editFormat: settings.editFormat,
    }),
  };
}

/** The first-round question: task, failing tests, suspects, callees, memory of earlier tries. */
export function initialMessages(context: RepairContext, memory: string[], settings: PromptSettings): ChatMessage[] {
  const fence = fences[settings.language];
  const sections: PromptSection[] = [
    {
      id: 'task',
      priority: 100,
      required: true,
      text: renderTemplate('repair/task', {
        single: context.tests.length === 1,
        count: context.tests.length,
        framework: settings.framework,
        language: languageName(settings.language),
      }),
    },
    ...context.tests.map((t, i) => ({
      id: `test-${i}`,
      priority: i === 0 ? 95 : 70 - i,
      required: i === 0,
      trim: 'keep-head' as const,
      text: renderTemplate('repair/failing-test', { ...failureView(t.failure), code: t.code, fence }),
    })),
    ...context.suspects.map((s, i) => ({
      id: `suspect-${i}`,
      // The top suspect is nearly as important as the test; later ones fade.
      priority: i === 0 ? 90 : 60 - i * 5,
      trim: 'keep-head' as const,
      text: renderTemplate('repair/suspect', { ...s.suspect, rank: i + 1, code: s.code, fence }),
    })),
    ...(context.callees.length ? [{ id: 'callees', priority: 20, text: renderTemplate('repair/callees', { callees: context.callees }) }] : []),
    ...(memory.length ? [{ id: 'memory', priority: 50, text: renderTemplate('repair/memory', { memory }) }] : []),
    { id: 'ask', priority: 100, required: true, text: renderTemplate('repair/ask', {}) },
  ];
  const builder = new PromptBuilder(settings.counter).message('system').add({ id: 'system', priority: 100, required: true, text: systemMessage(settings).content });
  builder.message('user');
  for (const section of sections) builder.add({ ...section, text: section.text.trim() });
  // Throws PromptBudgetError (with advice) when even the required parts do not fit.
  return builder.build({ tokenBudget: settings.budgetTokens, reserveCompletion: settings.reserveCompletion }).messages;
}

export interface FeedbackView {
  patch?: string;
  result: string;
  failures: TestFailure[];
  problems: string[];
}

/** The Self-Debug turn: the change, what the tests said, and "explain, then fix". */
export function feedbackMessage(view: FeedbackView): ChatMessage {
  return {
    role: 'user',
    content: renderTemplate('repair/feedback', {
      patch: view.patch ? trimText(view.patch, 4000) : undefined,
      result: view.result,
      failures: view.failures.slice(0, 3).map(failureView),
      problems: view.problems,
    }),
  };
}

export function rejectedMessage(problems: string[]): ChatMessage {
  return { role: 'user', content: renderTemplate('repair/rejected', { problems }) };
}

export function explainMessages(context: RepairContext, settings: PromptSettings): ChatMessage[] {
  const [system, user] = initialMessages(context, [], { ...settings, editFormat: '' });
  const question = user.content.replace(renderTemplate('repair/ask', {}).trim(), renderTemplate('repair/explain', {}).trim());
  return [system, { role: 'user', content: question }];
}
