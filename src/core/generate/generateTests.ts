// "Generate Tests" (TestForge-style): ask for tests of a function or class in the project's
// framework and style, run them against the current code on an isolated copy, keep the passing
// ones as regression tests, report the failing ones as "possible bug or wrong expectation",
// drop duplicates, and measure the target's line coverage before and after. Rounds go on while
// coverage grows (each round is told which lines no test runs yet) and the budget allows.
import path from 'node:path';
import { tokenCounterFor } from '../llm/tokens';
import { meteredClient, UsageMeter } from '../llm/usage';
import { isCancellation } from '../llm/errors';
import type { Host } from '../ports';
import type { Proposal } from '../review/types';
import { matchesRequestedId } from '../testing/testIds';
import { stripAnsi } from '../testing/text';
import type { FrameworkId, TestRunResult } from '../testing/types';
import { unifiedDiff } from '../repair/patch';
import type { GenerateDeps } from './deps';
import { parseTests, type ParsedTest } from './parseTests';
import { detectPropertyLibrary } from './propertyLibrary';
import { testsPrompt } from './prompts';
import { resolveTarget, TargetError, type TargetQuery } from './target';
import { measureTarget, percent } from './targetCoverage';
import { readTestBlocks } from './testBlocks';
import { composeTestFile, testIdsOf, uniqueNames } from './testFileEdit';
import { chooseTestFile, pythonModuleName, relativeImport, testFilesFor, usesJsExtensions } from './testPlacement';
import type { CodeUnit, CoverageMeasure, FailingGeneratedTest, GeneratedTest, TestGenOutcome } from './types';

export interface GenerateTestsOptions {
  /** Tests asked for per round. */
  testsPerRound: number;
  maxRounds: number;
  temperature: number;
  /** Tokens (prompt + completion) all rounds together may use. */
  maxTotalTokens: number;
  /** Offer property-based tests when the project has a library for them. */
  propertyTests: boolean;
}

export const defaultTestsOptions: GenerateTestsOptions = { testsPerRound: 6, maxRounds: 3, temperature: 0.4, maxTotalTokens: 60_000, propertyTests: true };

const JS_FRAMEWORKS: FrameworkId[] = ['vitest', 'jest', 'mocha', 'node-test'];
const BROKEN = /\b(NameError|ReferenceError|ImportError|ModuleNotFoundError|SyntaxError|IndentationError|fixture '[^']+' not found|is not defined|Cannot find module|Failed to (load|resolve) (url|import)|is not a function|is not a constructor)\b/;

interface Kept extends GeneratedTest {
  suites: string[];
}

/** Body of a test without its name, for spotting duplicates. */
function testKey(code: string, python: boolean): string {
  const body = python ? code.replace(/^\s*(@[^\n]*\n\s*)*(def|class)\s+\w+/, '') : code.replace(/^\s*\w+(\.\w+)*\s*\(\s*(['"`])[\s\S]*?\2/, '');
  return body.replace(/#.*$|\/\/.*$/gm, '').replace(/\s+/g, '');
}

function importLineFor(target: CodeUnit, testFile: string, files: string[], jsExtensions: boolean): string {
  const exported = target.className ? target.className.split('.')[0]! : target.name;
  if (target.language === 'python') return `from ${pythonModuleName(target.file, files)} import ${exported}`;
  return `import { ${exported} } from '${relativeImport(testFile, target.file, jsExtensions)}';`;
}

export async function generateTests(query: TargetQuery, deps: GenerateDeps, options: GenerateTestsOptions, host: Host): Promise<TestGenOutcome> {
  const started = Date.now();
  const { logger, signal } = host;
  const meter = new UsageMeter();
  const llm = meteredClient(deps.llm, meter, deps.model);
  const progress = (message: string, fraction?: number) => {
    logger.info(message);
    host.progress?.report(message, fraction);
  };
  const target = { file: query.file, qualifiedName: query.qualifiedName ?? '' };
  const finish = (partial: Omit<TestGenOutcome, 'tokens' | 'llmMs' | 'totalMs' | 'target' | 'proposals' | 'newFile' | 'kept' | 'failing' | 'duplicates' | 'rounds'> &
    Partial<Pick<TestGenOutcome, 'proposals' | 'newFile' | 'kept' | 'failing' | 'duplicates' | 'rounds'>>): TestGenOutcome => {
    const totals = meter.totals();
    return {
      target,
      proposals: [],
      newFile: false,
      kept: [],
      failing: [],
      duplicates: 0,
      rounds: 0,
      ...partial,
      tokens: { prompt: totals.prompt, completion: totals.completion },
      llmMs: totals.ms,
      totalMs: Date.now() - started,
    };
  };

  try {
    const { unit, fileText } = await resolveTarget(query, deps.readFile, ['function', 'method', 'class']);
    target.qualifiedName = unit.qualifiedName;
    const detection = await deps.framework();
    if (!detection) return finish({ status: 'error', message: `No test framework found in ${deps.folder}; set "selfdebug.testCommands" to say which runner the project uses.` });
    const python = unit.language === 'python';
    if (python !== (detection.framework === 'pytest') || (!python && !JS_FRAMEWORKS.includes(detection.framework))) {
      return finish({ status: 'error', framework: detection.framework, message: `${unit.file} is ${python ? 'Python' : 'JavaScript/TypeScript'}, but the project's tests run with ${detection.framework}.` });
    }
    const files = await deps.listFiles();
    const listing = { files, read: deps.readFile };
    const placement = await chooseTestFile(unit.file, unit.language, listing);
    const testFile = placement.file;
    const existingText = placement.exists ? await deps.readFile(testFile) : undefined;
    const related = await testFilesFor(unit.file, unit.language, listing);
    const jsExtensions = !python && usesJsExtensions(await Promise.all(related.importing.slice(0, 5).map((f) => deps.readFile(f).catch(() => ''))));
    const importLine = importLineFor(unit, testFile, files, jsExtensions);
    const example = !placement.exists && (related.others[0] ?? related.importing[0]) ? { file: (related.others[0] ?? related.importing[0])!, text: await deps.readFile((related.others[0] ?? related.importing[0])!).catch(() => '') } : undefined;
    const existingBlocks = existingText ? await readTestBlocks(testFile, existingText, unit.language) : [];
    const taken = new Set(existingBlocks.map((b) => b.id));
    const seen = new Set(existingBlocks.map((b) => testKey(b.code, python)));
    const propertyLibrary = options.propertyTests ? await detectPropertyLibrary({ folder: deps.folder, language: unit.language, ...(detection.python ? { python: detection.python } : {}), signal }) : undefined;
    logger.info(`Generate tests for ${unit.qualifiedName} (${unit.file}) with ${detection.framework} into ${testFile}: ${placement.reason}${propertyLibrary ? `; property tests with ${propertyLibrary}` : ''}`);

    // Coverage of the target by the project's own tests of its module.
    const coverageFiles = [...new Set([...related.importing, ...(placement.exists ? [testFile] : [])])];
    let coverageNote: string | undefined;
    let before: CoverageMeasure | undefined;
    if (deps.coverage) {
      if (coverageFiles.length) {
        progress(`Measuring the coverage of ${unit.qualifiedName} by its existing tests`, 0.05);
        const measured = await deps.coverage({ testFiles: coverageFiles, overlay: {}, signal });
        if (measured.report) before = measureTarget(measured.report, unit);
        else coverageNote = measured.note;
      } else {
        before = { covered: 0, total: unit.statementLines.length, uncovered: [...unit.statementLines] };
      }
    } else coverageNote = 'coverage is not measured here';
    let after = before;

    const kept: Kept[] = [];
    const failing: (FailingGeneratedTest & { suites: string[] })[] = [];
    const broken: { name: string; message: string }[] = [];
    const imports: string[] = [];
    const support: { suites: string[]; code: string }[] = [];
    let duplicates = 0;
    let rounds = 0;
    let testsRun = 0;
    const counter = tokenCounterFor(deps.model);
    const lines = fileText.split('\n');
    const compose = (tests: Kept[], extraImports: string[], extraSupport: typeof support) =>
      composeTestFile(existingText, { imports: [...imports, ...extraImports], support: [...support, ...extraSupport], tests: tests.map((t) => ({ name: t.name, suites: t.suites, code: t.code, property: t.property })) }, {
        language: unit.language,
        framework: detection.framework,
        targetImport: importLine,
        targetName: unit.className ? unit.className.split('.')[0]! : unit.name,
      });

    for (let round = 1; round <= options.maxRounds; round++) {
      if (signal.aborted) throw new Cancelled();
      const spent = meter.totals();
      if (spent.prompt + spent.completion >= options.maxTotalTokens) {
        logger.info(`Generate tests: token budget of ${options.maxTotalTokens} used up after ${rounds} round(s)`);
        break;
      }
      rounds = round;
      progress(`Round ${round}/${options.maxRounds}: asking for ${options.testsPerRound} tests of ${unit.qualifiedName}`, 0.1 + (0.8 * (round - 1)) / options.maxRounds);
      const prompt = testsPrompt(
        {
          target: unit,
          fileText,
          framework: detection.framework,
          count: options.testsPerRound,
          testFile,
          ...(existingText !== undefined || kept.length ? { testFileText: kept.length ? await compose(kept, [], []) : existingText } : {}),
          importLine,
          ...(example ? { example } : {}),
          kept: kept.map((k) => k.name),
          failing: [...failing.map((f) => ({ name: f.name, message: f.failure.message.split('\n')[0]!.slice(0, 200) })), ...broken.map((b) => ({ name: b.name, message: b.message.split('\n')[0]!.slice(0, 200) }))],
          uncovered: round > 1 || before ? (after?.uncovered ?? []).map((line) => ({ line, text: (lines[line - 1] ?? '').trim() })) : [],
          ...(propertyLibrary ? { propertyLibrary } : {}),
        },
        { counter, tokenBudget: deps.config.tokenBudget, reserveCompletion: Math.min(4000, Math.floor(deps.config.tokenBudget / 3)) },
      );
      const answer = await llm.complete({ messages: prompt.messages, n: 1, temperature: options.temperature, maxTokens: prompt.maxCompletionTokens, signal, purpose: `generate tests round ${round}` });
      const parsed = await parseTests(answer.texts[0] ?? '', unit.language);
      const fresh: ParsedTest[] = [];
      for (const test of parsed.tests) {
        const key = testKey(test.code, python);
        if (seen.has(key)) {
          duplicates++;
          continue;
        }
        seen.add(key);
        fresh.push(test);
      }
      if (!fresh.length) {
        logger.warn(`Round ${round}: the answer held no new test${parsed.tests.length ? ` (${parsed.tests.length} duplicates)` : ''}`);
        if (round > 1) break;
        continue;
      }
      const named = uniqueNames(fresh, taken, testFile, unit.language).map((t) => ({ ...t, round }));
      const candidateText = await compose([...kept, ...named], parsed.imports, parsed.support);
      progress(`Round ${round}: running ${named.length} new test(s) against the current code`, 0.15 + (0.8 * (round - 0.5)) / options.maxRounds);
      const run = await deps.runTests({ files: [testFile], overlay: { [testFile]: candidateText }, label: `generated tests for ${unit.qualifiedName} (round ${round})`, signal });
      if (run.cancelled) throw new Cancelled();
      testsRun += run.tests.length;
      const newlyKept: Kept[] = [];
      for (const test of named) {
        const verdict = verdictFor(run, testIdsOf(testFile, test, unit.language));
        if (verdict.status === 'passed') newlyKept.push({ name: test.name, code: test.code, property: test.property, round, suites: test.suites });
        else if (verdict.status === 'failed' && !BROKEN.test(verdict.message)) {
          failing.push({ name: test.name, code: test.code, property: test.property, round, suites: test.suites, failure: { message: verdict.message, ...(verdict.expected !== undefined ? { expected: verdict.expected } : {}), ...(verdict.actual !== undefined ? { actual: verdict.actual } : {}), kind: verdict.kind } });
        } else broken.push({ name: test.name, message: verdict.message });
      }
      logger.info(`Round ${round}: ${newlyKept.length} passing, ${named.length - newlyKept.length} failing or broken, ${duplicates} duplicates so far`);
      if (newlyKept.length) {
        kept.push(...newlyKept);
        imports.push(...parsed.imports.filter((i) => !imports.includes(i)));
        support.push(...parsed.support);
      }
      const previous = after;
      if (newlyKept.length && deps.coverage && !coverageNote) {
        progress(`Round ${round}: measuring the coverage of ${unit.qualifiedName}`, 0.2 + (0.8 * (round - 0.2)) / options.maxRounds);
        const measured = await deps.coverage({ testFiles: [...new Set([...coverageFiles, testFile])], overlay: { [testFile]: await compose(kept, [], []) }, signal });
        if (measured.report) after = measureTarget(measured.report, unit);
        else coverageNote = measured.note;
      }
      if (after && after.total > 0 && after.covered === after.total) break;
      // TestForge: go on only while a round adds coverage (or, without coverage, passing tests).
      const grew = after && previous ? after.covered > previous.covered : newlyKept.length > 0;
      if (!grew) break;
    }

    const finalText = kept.length ? await compose(kept, [], []) : undefined;
    const proposals: Proposal[] = [];
    let patch: string | undefined;
    const failingOut = failing.map(({ suites: _s, ...f }) => f);
    const keptOut = kept.map(({ suites: _s, ...k }) => k);
    if (finalText !== undefined) {
      patch = unifiedDiff({ [testFile]: existingText ?? null }, { [testFile]: finalText });
      const coverageLine = before && after ? `coverage of ${unit.qualifiedName} ${percent(before)} → ${percent(after)}` : `coverage not measured${coverageNote ? ` (${coverageNote})` : ''}`;
      proposals.push({
        id: `tests:${testFile}:${unit.qualifiedName}`,
        title: `${kept.length} generated test${kept.length === 1 ? '' : 's'} for ${unit.qualifiedName}`,
        kind: 'tests',
        changes: [{ path: path.join(deps.folder, testFile), before: existingText ?? null, after: finalText }],
        evidence: {
          summary: `adds ${kept.length} passing test${kept.length === 1 ? '' : 's'}; ${coverageLine}${failing.length ? `; ${failing.length} failing (possible bug or wrong expectation)` : ''}`,
          fixedTests: [],
          stillFailing: failing.map((f) => f.name),
          regressions: [],
          testsRun,
          tokens: { prompt: meter.totals().prompt, completion: meter.totals().completion },
          llmMs: meter.totals().ms,
          totalMs: Date.now() - started,
          details: [
            ...kept.map((k) => `passes: ${k.name}${k.property ? ' (property-based)' : ''}`),
            ...failing.map((f) => `possible bug or wrong expectation: ${f.name}: ${f.failure.message.split('\n')[0]}`),
          ],
        },
      });
    }
    const status = kept.length ? 'generated' : 'none-passing';
    const message = kept.length
      ? `${kept.length} passing test(s) for ${unit.qualifiedName} in ${testFile}${before && after ? `; line coverage ${percent(before)} → ${percent(after)}` : ''}${failing.length ? `; ${failing.length} failing test(s) to look at (possible bug or wrong expectation)` : ''}.`
      : `No generated test passes on the current code${failing.length ? `; ${failing.length} failing test(s) to look at (possible bug or wrong expectation)` : ''}${broken.length ? `; ${broken.length} broken test(s) were dropped` : ''}.`;
    return finish({
      status,
      framework: detection.framework,
      testFile,
      newFile: !placement.exists,
      kept: keptOut,
      failing: failingOut,
      duplicates,
      ...(before ? { coverageBefore: before } : {}),
      ...(after ? { coverageAfter: after } : {}),
      ...(coverageNote ? { coverageNote } : {}),
      rounds,
      ...(propertyLibrary ? { propertyLibrary } : {}),
      ...(patch ? { patch } : {}),
      proposals,
      message,
    });
  } catch (error) {
    if (error instanceof Cancelled || isCancellation(error) || signal.aborted) return finish({ status: 'error', message: 'Test generation was cancelled; nothing was changed.' });
    if (error instanceof TargetError) return finish({ status: 'error', message: error.message });
    logger.error('Test generation failed', error);
    return finish({ status: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

class Cancelled extends Error {}

interface Verdict {
  status: 'passed' | 'failed' | 'missing';
  message: string;
  expected?: string;
  actual?: string;
  kind: 'failed' | 'error';
}

/** Failure text without colour codes (pytest puts them in its XML report when it runs with colour, escaped as `#x1B`). */
function clean(text: string | undefined): string | undefined {
  return text === undefined ? undefined : stripAnsi(text).replace(/#x1B\[[0-9;]*[A-Za-z]/g, '');
}

function verdictFor(run: TestRunResult, id: string): Verdict {
  if (run.runnerError) return { status: 'missing', message: run.runnerError, kind: 'error' };
  const results = run.tests.filter((t) => t.id === id || matchesRequestedId(t.id, id));
  if (!results.length) {
    const collection = run.collectionErrors[0];
    return { status: 'missing', message: collection ? (clean(collection.message) ?? '') : `the runner did not report ${id}`, kind: 'error' };
  }
  const bad = results.find((t) => t.status === 'failed' || t.status === 'error');
  if (!bad) return results.every((t) => t.status === 'skipped') ? { status: 'missing', message: 'skipped by the runner', kind: 'error' } : { status: 'passed', message: '', kind: 'failed' };
  const failure = run.failures.find((f) => f.id === bad.id);
  return {
    status: 'failed',
    message: clean(failure?.message) ?? 'failed',
    ...(failure?.expected !== undefined ? { expected: clean(failure.expected) } : {}),
    ...(failure?.actual !== undefined ? { actual: clean(failure.actual) } : {}),
    kind: bad.status === 'error' ? 'error' : 'failed',
  };
}
