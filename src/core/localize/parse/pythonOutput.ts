// Reads failures out of Python test output as printed: pytest (--tb=auto/long/short/line/native),
// unittest, and bare tracebacks. Frames are listed outermost first, innermost last, as Python
// prints them. Paths are left as printed; parseFailureOutput makes them workspace-relative.
import type { ParsedFailure } from '../types';

interface RawFrame {
  file: string;
  line: number;
  function: string;
}

interface Block {
  header: string;
  kind: 'failed' | 'error';
  lines: string[];
  runner: 'pytest' | 'unittest';
}

const SECTION = /^={3,} (FAILURES|ERRORS) ={3,}\s*$/;
const SECTION_END = /^={3,} .* ={3,}\s*$|^={3,}\s*$/;
const PYTEST_HEADER = /^_{3,} (.+?) _{3,}\s*$/;
const UNITTEST_HEADER = /^(FAIL|ERROR): (\S+) \(([^)]+)\)\s*$/;
// `SUBFAILED(param=1) id` is a failed unittest subTest (pytest 9).
const SUMMARY = /^(FAILED|ERROR|SUBFAILED(?:\(.*?\))?) (\S+::\S+?)(?: - (.*))?\s*$/;
const NATIVE_FRAME = /^\s*File "(.+)", line (\d+), in (.+?)\s*$/;
const SHORT_FRAME = /^(\S[^:]*?\.py):(\d+): in (\S+)\s*$/;
const LOCATION = /^(\S[^:]*?\.py):(\d+):(?: (.*))?$/;
const DEF_LINE = /^[\s>]*(?:async\s+)?def\s+(\w+)\s*\(/;
const ERROR_LINE = /^E {1,}(.*)$/;
const WHERE_FUNCTION = /<(?:function|bound method|built-in method) ([\w.]+)/g;
const WHERE_CALL = /\bwhere .*? = ([A-Za-z_][\w.]*)\(/g;
const EXCEPTION_LINE = /^([A-Za-z_][\w.]*(?:Error|Exception|Failure|Exit|Interrupt|Warning)|AssertionError|KeyError|StopIteration)(?::\s?(.*))?$/;

/** True when the text looks like Python test output or a Python traceback. */
export function looksLikePython(text: string): boolean {
  return (
    /^={3,} (test session starts|FAILURES|ERRORS|short test summary info) ={3,}/m.test(text) ||
    /^Traceback \(most recent call last\):/m.test(text) ||
    /^\S+\.py:\d+: /m.test(text)
  );
}

export function parsePythonOutput(text: string): ParsedFailure[] {
  const lines = text.split('\n');
  const summary = summaryIds(lines);
  const blocks = [...pytestBlocks(lines), ...unittestBlocks(lines)];
  let failures: ParsedFailure[];
  if (blocks.length) {
    failures = blocks.map((block) => failureFromBlock(block, summary));
  } else {
    failures = lineStyleFailures(lines, summary);
    if (!failures.length) failures = bareTracebacks(lines);
  }
  // Failures only listed in the summary (--tb=no) still name the test.
  const seen = new Set(failures.map((f) => f.id));
  for (const entry of summary) {
    if (seen.has(entry.id)) continue;
    const { file, name } = splitNodeId(entry.id);
    failures.push({ id: entry.id, file, line: 0, message: entry.message ?? '', stack: [], kind: entry.kind, framework: 'pytest', testName: name });
  }
  return failures;
}

interface SummaryEntry {
  id: string;
  kind: 'failed' | 'error';
  message?: string;
}

function summaryIds(lines: string[]): SummaryEntry[] {
  const entries: SummaryEntry[] = [];
  for (const line of lines) {
    const match = SUMMARY.exec(line);
    if (match) entries.push({ id: match[2], kind: match[1] === 'ERROR' ? 'error' : 'failed', message: match[3] });
  }
  return entries;
}

function pytestBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let inSection: 'failed' | 'error' | undefined;
  let current: Block | undefined;
  for (const line of lines) {
    const section = SECTION.exec(line);
    if (section) {
      inSection = section[1] === 'FAILURES' ? 'failed' : 'error';
      current = undefined;
      continue;
    }
    if (!inSection) continue;
    if (SECTION_END.test(line)) {
      inSection = undefined;
      current = undefined;
      continue;
    }
    const header = PYTEST_HEADER.exec(line);
    // "_ _ _ _" separators between traceback entries are not headers.
    if (header && !/^_( _)+\s*$/.test(line)) {
      current = { header: header[1], kind: inSection, lines: [], runner: 'pytest' };
      if (/^ERROR at (setup|teardown) of /.test(header[1])) current.kind = 'error';
      blocks.push(current);
      continue;
    }
    current?.lines.push(line);
  }
  return blocks;
}

function unittestBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  for (const line of lines) {
    const header = UNITTEST_HEADER.exec(line);
    if (header) {
      current = { header: header[3], kind: header[1] === 'FAIL' ? 'failed' : 'error', lines: [], runner: 'unittest' };
      blocks.push(current);
      continue;
    }
    if (!current) continue;
    if (/^={10,}\s*$/.test(line) || /^Ran \d+ tests? in /.test(line)) {
      current = undefined;
      continue;
    }
    current.lines.push(line);
  }
  return blocks;
}

function failureFromBlock(block: Block, summary: SummaryEntry[]): ParsedFailure {
  const frames = framesOf(block.lines);
  const { message, mentioned } = messageOf(block.lines);
  // Subtest headers carry their parameters: `Class.test (param='x')`.
  const name = block.header.replace(/^ERROR at (setup|teardown) of /, '').replace(/ \(.*\)$/, '');
  const id = matchSummary(name, summary) ?? guessId(name, frames);
  const { file, name: testName } = splitNodeId(id);
  const testFrame = frames.find((f) => f.function === testName.replace(/\[.*$/, '').split('.').pop()) ?? frames[0];
  return {
    id,
    file: file || testFrame?.file || '',
    line: testFrame?.line ?? 0,
    message,
    stack: frames.map((f) => ({ ...f, inWorkspace: true })),
    kind: block.kind,
    framework: block.runner === 'pytest' ? 'pytest' : undefined,
    testName: testName.replace(/\[.*$/, '').split('.').pop(),
    mentioned,
  };
}

/** Frames in printed order (outermost first). */
function framesOf(lines: string[]): RawFrame[] {
  const frames: RawFrame[] = [];
  let lastDef: string | undefined;
  for (const line of lines) {
    const native = NATIVE_FRAME.exec(line);
    if (native) {
      frames.push({ file: native[1], line: Number(native[2]), function: native[3] });
      continue;
    }
    const short = SHORT_FRAME.exec(line);
    if (short) {
      frames.push({ file: short[1], line: Number(short[2]), function: short[3] });
      lastDef = undefined;
      continue;
    }
    const def = DEF_LINE.exec(line);
    if (def && !line.startsWith('E ')) {
      lastDef = def[1];
      continue;
    }
    // Long style prints the location after the entry's source: "tests/x.py:26: " or ": ValueError".
    const location = LOCATION.exec(line);
    if (location && !line.startsWith(' ')) {
      frames.push({ file: location[1], line: Number(location[2]), function: lastDef ?? '' });
      lastDef = undefined;
      continue;
    }
    if (/^_( _)+\s*$/.test(line)) lastDef = undefined;
  }
  return frames;
}

function messageOf(lines: string[]): { message: string; mentioned: string[] } {
  const errorLines: string[] = [];
  const mentioned = new Set<string>();
  for (const line of lines) {
    const e = ERROR_LINE.exec(line);
    const continuation = /^\s{4,}\+\s+(where|and)\b/.test(line) ? line.trim() : undefined;
    const text = e ? e[1] : continuation;
    if (text === undefined) continue;
    errorLines.push(text.trimEnd());
    for (const m of text.matchAll(WHERE_FUNCTION)) mentioned.add(m[1]);
    for (const m of text.matchAll(WHERE_CALL)) mentioned.add(m[1]);
  }
  if (!errorLines.length) {
    // Native/unittest: the exception line follows the last frame.
    for (let i = lines.length - 1; i >= 0; i--) {
      const exception = EXCEPTION_LINE.exec(lines[i].trim());
      if (exception) {
        errorLines.push(lines[i].trim());
        break;
      }
    }
  }
  const message = errorLines.filter((l) => l.trim() !== '').join('\n');
  return { message, mentioned: [...mentioned] };
}

function matchSummary(name: string, summary: SummaryEntry[]): string | undefined {
  const exact = summary.find((e) => e.id === name);
  if (exact) return exact.id;
  const dotted = summary.find((e) => e.id.split('::').slice(1).join('.') === name);
  if (dotted) return dotted.id;
  return summary.find((e) => e.id.endsWith(`::${name}`))?.id;
}

/** A pytest-like id from the header and the frames when the summary does not list the test. */
function guessId(name: string, frames: RawFrame[]): string {
  // unittest names look like `pkg.test_mod.Class.test_name`.
  const base = name.replace(/\[.*$/, '').split('.').pop() ?? name;
  const own = frames.find((f) => f.function === base);
  if (own) {
    const parts = name.split('.');
    const cls = parts.length >= 2 && /^[A-Z]/.test(parts[parts.length - 2]) ? `${parts[parts.length - 2]}::` : '';
    return `${own.file}::${cls}${name.split('.').pop()}`;
  }
  return name;
}

function splitNodeId(id: string): { file: string; name: string } {
  const parts = id.split('::');
  if (parts.length < 2) return { file: '', name: id };
  return { file: parts[0], name: parts.slice(1).join('.') };
}

/** `--tb=line`: one "path:line: message" per failure, matched to the summary by order. */
function lineStyleFailures(lines: string[], summary: SummaryEntry[]): ParsedFailure[] {
  const failures: ParsedFailure[] = [];
  let inSection = false;
  let pending: string[] = [];
  for (const line of lines) {
    if (SECTION.test(line)) {
      inSection = true;
      continue;
    }
    if (!inSection) continue;
    if (SECTION_END.test(line)) break;
    const location = LOCATION.exec(line);
    if (location && !line.startsWith(' ')) {
      const entry = summary[failures.length];
      const id = entry?.id ?? `${location[1]}:${location[2]}`;
      const { message, mentioned } = messageOf(pending);
      const { file, name } = splitNodeId(id);
      failures.push({
        id,
        file: file || location[1],
        // The one location printed is the innermost frame; it is the test's line only in the test file.
        line: !file || location[1].endsWith(file) ? Number(location[2]) : 0,
        message: message || (location[3] ?? ''),
        stack: [{ file: location[1], line: Number(location[2]), function: '', inWorkspace: true }],
        kind: entry?.kind ?? 'failed',
        framework: 'pytest',
        testName: name.replace(/\[.*$/, '').split('.').pop(),
        mentioned,
      });
      pending = [];
      continue;
    }
    pending.push(line);
  }
  return failures;
}

/** Tracebacks outside any runner report (a script, a doctest run, a crash in collection). */
function bareTracebacks(lines: string[]): ParsedFailure[] {
  const failures: ParsedFailure[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^Traceback \(most recent call last\):/.test(lines[i])) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      body.push(lines[j]);
      if (!/^\s/.test(lines[j]) && lines[j].trim() !== '') break;
    }
    const frames = framesOf(body);
    const { message } = messageOf(body);
    const last = frames[frames.length - 1];
    failures.push({
      id: `traceback ${failures.length + 1}`,
      file: last?.file ?? '',
      line: last?.line ?? 0,
      message,
      stack: frames.map((f) => ({ ...f, inWorkspace: true })),
      kind: 'error',
    });
    i = j;
  }
  return failures;
}
