// What the generators did, for the output channel and for the "possible bug" report document.
import type { GenerateOutcome, TestGenOutcome } from '../../core/generate/types';
import { percent } from '../../core/generate/targetCoverage';

export function implementationLog(outcome: GenerateOutcome): string[] {
  const lines: string[] = [];
  for (const reason of outcome.rejectedAnswers) lines.push(`  unusable ${reason}`);
  for (const c of outcome.candidates) {
    const existing = c.existingTests ? `, existing tests ${c.existingTests.passed.length} passed / ${c.existingTests.failed.length} failed` : '';
    const execution = outcome.executions.find((e) => e.candidateId === c.id);
    const passed = execution ? outcome.checks.filter((k) => execution.checks[k.id] === 'pass').length : 0;
    lines.push(`  candidate ${c.id}${c.duplicates ? ` (+${c.duplicates} identical)` : ''}: ${c.loadError ? c.loadError : `passes ${passed}/${outcome.checks.length} generated tests`}${existing}${c.group !== undefined ? `, group ${c.group + 1}` : ', not ranked'}`);
  }
  const e = outcome.evidence;
  if (e) {
    lines.push(`  ranking: ${e.method}${e.rankingEvidence ? ` — ${e.rankingEvidence}` : ''}`);
    for (const c of e.clarifications) lines.push(`  question: ${c.call} → ${c.answer ?? 'skipped'} (options ${c.options.join(' / ')})`);
    if (e.repaired) lines.push('  the winner was self-debugged against the existing tests');
  }
  lines.push(`${outcome.status}: ${outcome.message} (${outcome.tokens.prompt}+${outcome.tokens.completion} tokens, model ${(outcome.llmMs / 1000).toFixed(1)} s, total ${(outcome.totalMs / 1000).toFixed(1)} s)`);
  return lines;
}

export function testsLog(outcome: TestGenOutcome): string[] {
  const lines: string[] = [];
  for (const t of outcome.kept) lines.push(`  keeps ${t.name}${t.property ? ' (property-based)' : ''} (round ${t.round})`);
  for (const t of outcome.failing) lines.push(`  possible bug or wrong expectation: ${t.name}: ${t.failure.message.split('\n')[0]}`);
  if (outcome.duplicates) lines.push(`  ${outcome.duplicates} duplicate test(s) dropped`);
  if (outcome.coverageBefore && outcome.coverageAfter) lines.push(`  line coverage of ${outcome.target.qualifiedName}: ${percent(outcome.coverageBefore)} → ${percent(outcome.coverageAfter)}`);
  else if (outcome.coverageNote) lines.push(`  coverage not measured: ${outcome.coverageNote}`);
  lines.push(`${outcome.status}: ${outcome.message} (${outcome.rounds} round(s), ${outcome.tokens.prompt}+${outcome.tokens.completion} tokens, total ${(outcome.totalMs / 1000).toFixed(1)} s)`);
  return lines;
}

/** A Markdown document listing the generated tests that fail on the current code. */
export function failingTestsMarkdown(outcome: TestGenOutcome, fence: string): string {
  const parts = [
    `# Generated tests of \`${outcome.target.qualifiedName}\` that fail`,
    '',
    `These tests were generated for \`${outcome.target.file}\` and fail on the current code. Each is either a **possible bug** in the code or a **wrong expectation** in the test: read the failure and decide. They were not added to ${outcome.testFile ? `\`${outcome.testFile}\`` : 'the tests'}.`,
  ];
  for (const t of outcome.failing) {
    parts.push('', `## ${t.name}`, '', '```' + fence, t.code, '```', '', 'Failure:', '', '```', t.failure.message.trim(), '```');
    if (t.failure.expected !== undefined) parts.push('', `Expected: \`${t.failure.expected}\`  `, `Actual: \`${t.failure.actual ?? ''}\``);
  }
  return `${parts.join('\n')}\n`;
}
