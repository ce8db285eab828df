// Clarifying questions (ClarifyGPT) in the generation flow: while the best candidate groups are
// close and compute different things on some probe input, the user is asked which result is
// right (through the Prompter port: a quick pick in VS Code); each answer becomes a check that
// re-ranks the candidates. Skipping is always allowed and ends the questions.
import type { Logger, Prompter } from '../ports';
import { findQuestion, type ClarifyOptions as CoreClarifyOptions, type ProbeOutcome } from './clarify/question';
import { probeOutcome, type RankedView } from './rankStep';
import type { CandidateExecution, Clarification, CodeUnit, ImplementationCandidate } from './types';

export type ClarifyOptions = CoreClarifyOptions;

export interface ClarifyContext {
  target: CodeUnit;
  view: RankedView;
  candidates: ImplementationCandidate[];
  probes: string[];
  executions: CandidateExecution[];
  /** Per candidate, one entry per answered question (grows here). */
  answered: boolean[][];
  clarifications: Clarification[];
  prompter: Prompter;
  logger: Logger;
  maxQuestions: number;
  options?: Partial<ClarifyOptions>;
}

function agrees(outcome: ProbeOutcome, chosen: ProbeOutcome): boolean {
  if (chosen.status === 'value') return outcome.status === 'value' && outcome.text === chosen.text;
  return outcome.status !== 'value';
}

/** Asks up to `maxQuestions` questions; `rerank` is called after each answer and returns the new view. */
export async function askClarifications(context: ClarifyContext, rerank: () => RankedView): Promise<void> {
  const { candidates, probes, executions, answered, clarifications, prompter, logger } = context;
  let view = context.view;
  const probeList = probes.map((input, i) => ({ id: `p${i + 1}`, input }));
  const asked = new Set<string>();
  for (let q = 0; q < context.maxQuestions; q++) {
    // The ranking's rows are candidates repeated by their duplicates: give each row its outcomes.
    const rows: number[] = [];
    candidates.forEach((c, i) => {
      for (let k = 0; k <= c.duplicates; k++) rows.push(i);
    });
    const outcomes = rows.map((i) => probeList.map((_, p) => probeOutcome(executions.find((e) => e.candidateId === candidates[i]!.id), p)));
    const question = findQuestion(view.ranking, probeList, outcomes, context.options);
    if (!question || asked.has(question.probe.id)) return;
    asked.add(question.probe.id);
    const [a, b] = question.options;
    const count = (option: typeof a) => new Set(option.candidates.map((row) => rows[row])).size;
    logger.info(`Clarifying question: ${question.text} (closeness ${question.closeness.toFixed(2)})`);
    const choice = await prompter.pick<0 | 1 | -1>(question.text, [
      { label: a.label, detail: `what ${count(a)} candidate${count(a) === 1 ? '' : 's'} compute (the best-ranked group)`, value: 0 },
      { label: b.label, detail: `what ${count(b)} candidate${count(b) === 1 ? '' : 's'} compute`, value: 1 },
      { label: 'Skip', detail: 'rank the candidates without my answer', value: -1 },
    ]);
    const probeIndex = probeList.findIndex((p) => p.id === question.probe.id);
    if (choice === undefined || choice === -1) {
      clarifications.push({ call: question.probe.input, options: [a.label, b.label] });
      logger.info('Clarifying question skipped');
      return;
    }
    const chosen = question.options[choice].outcome;
    candidates.forEach((c, i) => answered[i]!.push(agrees(probeOutcome(executions.find((e) => e.candidateId === c.id), probeIndex), chosen)));
    clarifications.push({
      call: question.probe.input,
      options: [a.label, b.label],
      answer: chosen.status === 'value' ? chosen.text : `error: ${chosen.text}`,
      checkId: `answer-${clarifications.length + 1}`,
    });
    logger.info(`You chose ${question.options[choice].label} for ${question.probe.input}; re-ranking`);
    view = rerank();
  }
}
