// Self-debugging of the winning implementation when it still fails one of the user's tests: the
// repair loop of src/core/repair runs on a workspace where the winner is in place (an overlay),
// with the target as its only suspect and the target's test files as the regression set.
import { applyEdits } from '../edits/applyEdits';
import { parseEditAnswer } from '../edits/parseAnswer';
import { extractFileSymbols } from '../index/fileSymbols';
import type { CodeEdge, CodeIndex, CodeSymbol } from '../index/types';
import { tokenCounterFor } from '../llm/tokens';
import type { LlmClient } from '../llm/types';
import type { Host } from '../ports';
import { repair } from '../repair/repairLoop';
import type { RepairDeps, RepairOutcome } from '../repair/types';
import type { FrameworkId, TestFailure } from '../testing/types';
import { renderTemplate } from '../util/template';
import { readCodeUnits, unitNamed } from './codeUnits';
import type { GenerateDeps } from './deps';
import { fenceOf } from './prompts';
import type { CodeUnit } from './types';

/** A CodeIndex over a few files (the target's and its tests'), enough for the repair loop's context. */
export async function fileSetIndex(root: string, files: Record<string, string>, importsOf: Record<string, string[]>): Promise<CodeIndex> {
  const symbols: CodeSymbol[] = [];
  for (const [file, text] of Object.entries(files)) {
    try {
      symbols.push(...(await extractFileSymbols(file, text)).symbols);
    } catch {
      // A file the index cannot read is simply not indexed.
    }
  }
  const edges: CodeEdge[] = Object.entries(importsOf).flatMap(([from, targets]) => targets.map((to) => ({ from, to, kind: 'imports' as const, confidence: 1 })));
  const byId = new Map(symbols.map((s) => [s.id, s]));
  const ranged = (s: CodeSymbol) => s.kind !== 'module';
  return {
    root,
    stats: () => ({ files: Object.keys(files).length, symbols: symbols.length, edges: edges.length, parseErrors: 0, ms: 0, languages: {} }),
    files: () => [],
    symbols: () => symbols,
    symbol: (id) => byId.get(id),
    symbolsInFile: (file) => symbols.filter((s) => s.file === file),
    enclosingSymbol: (file, line) =>
      symbols.filter((s) => s.file === file && ranged(s) && s.startLine <= line && line <= s.endLine).sort((a, b) => a.endLine - a.startLine - (b.endLine - b.startLine))[0],
    edgesFrom: (id, kind) => edges.filter((e) => e.from === id && (!kind || e.kind === kind)),
    edgesTo: (id, kind) => edges.filter((e) => e.to === id && (!kind || e.kind === kind)),
    search: () => [],
    sourceOf: (id) => {
      const s = byId.get(id);
      return s ? files[s.file]?.split('\n').slice(s.startLine - 1, s.endLine).join('\n') : undefined;
    },
  };
}

export interface SelfDebugRequest {
  target: CodeUnit;
  /** The target file with the winning implementation. */
  fileText: string;
  failures: TestFailure[];
  testFiles: string[];
  framework: FrameworkId;
  llm: LlmClient;
  deps: GenerateDeps;
}

export interface SelfDebugResult {
  outcome: RepairOutcome;
  /** The target file after the verified repair. */
  fileText?: string;
}

export async function selfDebug(request: SelfDebugRequest, host: Host): Promise<SelfDebugResult> {
  const { target, deps, framework } = request;
  const winnerText = request.fileText;
  const readFile = async (file: string) => (file === target.file ? winnerText : deps.readFile(file));
  const files: Record<string, string> = { [target.file]: winnerText };
  for (const file of request.testFiles) files[file] = await deps.readFile(file).catch(() => '');
  const index = await fileSetIndex(deps.folder, files, Object.fromEntries(request.testFiles.map((f) => [f, [target.file]])));
  const unit = unitNamed(await readCodeUnits(target.file, winnerText, target.language), target.qualifiedName, target.startLine) ?? target;
  const testFiles = new Set(request.testFiles);
  const repairDeps: RepairDeps = {
    llm: request.llm,
    index,
    framework,
    localize: async () => [
      { file: target.file, symbol: unit.qualifiedName, startLine: unit.startLine, endLine: unit.endLine, score: 1, why: 'the generated implementation under test' },
    ],
    runTests: (run) => deps.runTests({ ...run, overlay: { [target.file]: winnerText, ...run.overlay } }),
    readFile,
    async applyAnswer(answer, base, hints) {
      const map = new Map(Object.entries(base));
      const targets = hints.targets.length ? hints.targets : [{ file: target.file, qualifiedName: unit.qualifiedName }];
      const defaultFile = hints.defaultFile ?? target.file;
      const parsed = await parseEditAnswer(answer, { files: map, defaultFile, targets });
      const result = await applyEdits(map, parsed.edits, { defaultFile, targets, readOnly: new Set([...testFiles, ...hints.readOnly]) });
      const changes: Record<string, string> = {};
      for (const file of result.changedFiles) changes[file] = result.files.get(file)!;
      const problems = [...parsed.problems.filter((p) => p.kind !== 'ignored').map((p) => p.message), ...result.rejected.map((r) => r.reason)];
      return { changes, problems };
    },
  };
  const counter = tokenCounterFor(deps.model);
  const outcome = await repair(
    request.failures,
    repairDeps,
    { candidatesPerRound: deps.config.candidatesPerRound, maxRounds: deps.config.maxRounds, temperature: deps.config.temperature },
    {
      language: target.language,
      editFormat: renderTemplate('generate/repair-edit-format', { name: unit.qualifiedName, fence: fenceOf(target.language) }),
      budgetTokens: deps.config.tokenBudget,
      reserveCompletion: Math.min(4000, Math.floor(deps.config.tokenBudget / 3)),
      counter,
    },
    host,
  );
  const fixed = outcome.status === 'fixed' ? outcome.best?.changes[target.file] : undefined;
  return { outcome, ...(fixed ? { fileText: fixed } : {}) };
}
