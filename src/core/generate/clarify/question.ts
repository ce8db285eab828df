// ClarifyGPT core: when the two best candidate groups compute different things and the ranking
// cannot tell them apart with confidence, ask the user about one concrete input ("for input X,
// should the result be A or B?") and turn the answer into a check that re-ranks the candidates.
import type { Check, ExecLanguage } from '../../exec/types';
import type { RankedGroup, Ranking } from '../ranking/types';

export interface Probe {
  id: string;
  /** The call as source text: `f(3, [1, 2])`. */
  input: string;
}

/** What a candidate did on a probe: a rendered value, or an error. */
export interface ProbeOutcome {
  status: 'value' | 'error' | 'timeout';
  /** Python repr / JS util.inspect rendering of the value; the error message otherwise. */
  text: string;
}

export interface ClarifyOption {
  /** The rendered result, as the quick pick shows it ("an error (ValueError)" for an error). */
  label: string;
  outcome: ProbeOutcome;
  /** Candidates of the group that computes it. */
  candidates: number[];
  /** Index of that group in ranking.groups. */
  group: number;
}

export interface ClarifyQuestion {
  probe: Probe;
  /** "For input f(3), should the result be 9 or 6?" */
  text: string;
  /** Best-ranked group's answer first. */
  options: [ClarifyOption, ClarifyOption];
  /** How likely the runner-up is, relative to the leader (0..1; 0.5 = a toss-up). */
  closeness: number;
}

export interface ClarifyOptions {
  /** Ask only when the runner-up's relative likelihood is at least this (default 0.05). */
  minCloseness?: number;
}

/**
 * The question to ask, or undefined when there is nothing worth asking: a single group, groups
 * that agree on every probe, or a leader far ahead. `outcomes[i][p]` is candidate i on probes[p].
 */
export function findQuestion(ranking: Ranking, probes: Probe[], outcomes: ProbeOutcome[][], options: ClarifyOptions = {}): ClarifyQuestion | undefined {
  const minCloseness = options.minCloseness ?? 0.05;
  const leaderIndex = 0;
  const leader = ranking.groups[leaderIndex];
  if (!leader || !probes.length) return undefined;
  for (let g = 1; g < ranking.groups.length; g++) {
    const rival = ranking.groups[g];
    if (rival.answersFailed > leader.answersFailed) return undefined;
    const closeness = relativeLikelihood(ranking.method, leader, rival);
    if (closeness < minCloseness) return undefined;
    const probe = mostTellingProbe(probes, outcomes, leader, rival);
    if (probe === undefined) continue; // same outputs everywhere: asking cannot separate them
    const a = modalOutcome(outcomes, leader.members, probe);
    const b = modalOutcome(outcomes, rival.members, probe);
    return {
      probe: probes[probe],
      text: `For input ${probes[probe].input}, should the result be ${label(a)} or ${label(b)}?`,
      options: [
        { label: label(a), outcome: a, candidates: leader.members, group: leaderIndex },
        { label: label(b), outcome: b, candidates: rival.members, group: g },
      ],
      closeness,
    };
  }
  return undefined;
}

/**
 * The user's choice as a check: the probe's result must render exactly as the chosen option did.
 * Comparing renderings (repr / inspect) keeps the check exact for any value type.
 */
export function answerToCheck(language: ExecLanguage, question: ClarifyQuestion, choice: 0 | 1, id: string): Check {
  const chosen = question.options[choice].outcome;
  const input = question.probe.input;
  if (chosen.status !== 'value') {
    // The user wants the call to fail (the input is invalid): any error will do.
    if (language === 'python') {
      return { id, code: `try:\n    ${input}\nexcept Exception:\n    pass\nelse:\n    raise AssertionError(${pythonString(`expected ${input} to raise`)})` };
    }
    return { id, code: `assert.throws(() => ${input})` };
  }
  const expected = chosen.text;
  if (language === 'python') {
    return { id, code: `assert repr(${input}) == ${pythonString(expected)}, ${pythonString(`expected ${expected}`)}` };
  }
  // The Node worker gives checks `__render`, the same rendering it uses for eval results.
  return { id, code: `assert.strictEqual(__render(${input}), ${JSON.stringify(expected)})` };
}

/** Relative likelihood of the rival against the leader: a posterior ratio for the Bayesian methods, a score ratio for CodeT. */
function relativeLikelihood(method: Ranking['method'], leader: RankedGroup, rival: RankedGroup): number {
  if (method === 'b4' || method === 'behaviour') {
    const ratio = Math.exp(rival.score - leader.score);
    return ratio / (1 + ratio);
  }
  if (leader.score <= 0) return rival.score >= leader.score ? 0.5 : 0;
  return Math.max(0, rival.score) / (leader.score + Math.max(0, rival.score));
}

/** The probe where the groups' usual outputs differ, preferring plain values over errors and short inputs. */
function mostTellingProbe(probes: Probe[], outcomes: ProbeOutcome[][], leader: RankedGroup, rival: RankedGroup): number | undefined {
  let best: number | undefined;
  let bestKey: [number, number] | undefined;
  probes.forEach((probe, p) => {
    const a = modalOutcome(outcomes, leader.members, p);
    const b = modalOutcome(outcomes, rival.members, p);
    if (a.status === b.status && a.text === b.text) return;
    const errors = (a.status === 'value' ? 0 : 1) + (b.status === 'value' ? 0 : 1);
    const key: [number, number] = [errors, probe.input.length + a.text.length + b.text.length];
    if (!bestKey || key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
      best = p;
      bestKey = key;
    }
  });
  return best;
}

function modalOutcome(outcomes: ProbeOutcome[][], members: number[], probe: number): ProbeOutcome {
  const counts = new Map<string, { outcome: ProbeOutcome; count: number }>();
  for (const i of members) {
    const outcome = outcomes[i]?.[probe] ?? { status: 'error', text: 'not run' };
    const key = `${outcome.status}\u0000${outcome.text}`;
    const entry = counts.get(key);
    if (entry) entry.count += 1;
    else counts.set(key, { outcome, count: 1 });
  }
  let best: { outcome: ProbeOutcome; count: number } | undefined;
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
  return best?.outcome ?? { status: 'error', text: 'not run' };
}

function label(outcome: ProbeOutcome): string {
  if (outcome.status === 'value') return outcome.text;
  if (outcome.status === 'timeout') return 'no result (it runs too long)';
  return `an error (${outcome.text.split(':')[0] || 'error'})`;
}

function pythonString(text: string): string {
  return JSON.stringify(text); // a JSON string literal is a valid Python string literal for these renderings
}
