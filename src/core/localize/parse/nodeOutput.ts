// Reads failures out of JavaScript/TypeScript test output as printed: vitest, jest, mocha and
// `node --test` (spec and TAP reporters). V8 prints stacks innermost first; the frames returned
// here are reversed to the contract's order (innermost last). Paths are left as printed.
import type { FrameworkId } from '../../testing/types';
import type { ParsedFailure } from '../types';

interface RawFrame {
  file: string;
  line: number;
  column?: number;
  function: string;
}

/** `at fn (file:1:2)`, `at file:1:2`, `at async fn (file:1:2)`, `at new X (file:1:2)`. */
const AT_FRAME = /^\s*at (?:async )?(?:(.+?) \()?((?:file:\/\/)?[^()\s][^()]*?):(\d+):(\d+)\)?\s*(?:\{\s*)?$/;
/** vitest: `❯ fn src/x.ts:16:65` or `❯ test/x.test.ts:11:24`. */
const VITEST_FRAME = /^\s*❯ (?:(.+?) )?(\S+?):(\d+):(\d+)\s*$/;
/** TAP stack lines: `fn (/abs/file.js:1:2)` or `/abs/file.js:1:2`. */
const TAP_FRAME = /^\s*(?:(.+?) \()?((?:file:\/\/)?\/[^()]*?|[A-Za-z]:\\[^()]*?|[\w.-][^()\s]*?):(\d+):(\d+)\)?\s*$/;

export function detectNodeRunner(text: string): FrameworkId | undefined {
  if (/^\s*(RUN|DEV)\s+v\d+\.\d+\.\d+ /m.test(text) || /⎯{3,} Failed Tests \d+ ⎯{3,}/.test(text) || /^ FAIL {1,2}\S+ > /m.test(text)) return 'vitest';
  if (/^\s*● .+ › .+$/m.test(text) || /^Test Suites: /m.test(text)) return 'jest';
  if (/^TAP version \d+/m.test(text) || /^ℹ (tests|pass|fail) \d+/m.test(text) || /^✖ failing tests:/m.test(text)) return 'node-test';
  if (/^\s+\d+ (passing|failing)( \(\d+m?s\))?\s*$/m.test(text)) return 'mocha';
  return undefined;
}

export function parseNodeOutput(text: string, runner = detectNodeRunner(text)): ParsedFailure[] {
  const lines = text.split('\n');
  switch (runner) {
    case 'vitest':
      return parseVitest(lines);
    case 'jest':
      return parseJest(lines);
    case 'mocha':
      return parseMocha(lines);
    case 'node-test':
      return /^TAP version \d+/m.test(text) ? parseTap(lines) : parseNodeSpec(lines);
    default:
      return parseBareStacks(lines);
  }
}

function frameFromMatch(match: RegExpExecArray): RawFrame {
  return { function: (match[1] ?? '').trim(), file: match[2], line: Number(match[3]), column: Number(match[4]) };
}

function toFailure(runner: FrameworkId, id: string, testName: string, message: string[], innermostFirst: RawFrame[], file = ''): ParsedFailure {
  const stack = [...innermostFirst].reverse().map((f) => ({ ...f, inWorkspace: true }));
  const testFrame = file ? stack.find((f) => f.file.endsWith(file)) : undefined;
  const { expected, actual } = expectedActual(message);
  return {
    id,
    file: file || (stack[0]?.file ?? ''),
    line: testFrame?.line ?? 0,
    message: message.map((l) => l.trimEnd()).filter((l) => l.trim() !== '').join('\n'),
    expected,
    actual,
    stack,
    kind: 'failed',
    framework: runner,
    testName,
  };
}

/** "- Expected / + Received" diffs (vitest, jest) and mocha's "+ expected - actual". */
function expectedActual(message: string[]): { expected?: string; actual?: string } {
  const expected: string[] = [];
  const actual: string[] = [];
  const hasDiff = message.some((l) => /^\s*([+-] (Expected|Received)\b|\+ expected - actual\s*$)/.test(l));
  if (!hasDiff) return {};
  for (const line of message) {
    const m = /^\s*([+-]) {0,3}(.*)$/.exec(line);
    if (!m || /^\s*[+-] (Expected|Received|expected|actual)\b/.test(line)) continue;
    (m[1] === '-' ? expected : actual).push(m[2]);
  }
  if (!expected.length && !actual.length) return {};
  // mocha prints "+ expected - actual": its minus lines are the actual value.
  if (message.some((l) => /^\s*\+ expected - actual\s*$/.test(l))) return { expected: actual.join('\n'), actual: expected.join('\n') };
  return { expected: expected.join('\n'), actual: actual.join('\n') };
}

function parseVitest(lines: string[]): ParsedFailure[] {
  const failures: ParsedFailure[] = [];
  let current: { header: string; message: string[]; frames: RawFrame[] } | undefined;
  const flush = () => {
    if (!current) return;
    const parts = current.header.split(' > ').map((p) => p.trim());
    const file = parts[0];
    const name = parts[parts.length - 1];
    failures.push(toFailure('vitest', `${file}::${parts.slice(1).join(' > ')}`, name, current.message, current.frames, file));
    current = undefined;
  };
  for (const line of lines) {
    const header = /^ FAIL {1,2}(.+?)\s*$/.exec(line);
    if (header && header[1].includes(' > ')) {
      flush();
      current = { header: header[1], message: [], frames: [] };
      continue;
    }
    if (!current) continue;
    if (/⎯{3,}/.test(line) || /^\s*Test Files\s/.test(line)) {
      flush();
      continue;
    }
    const frame = VITEST_FRAME.exec(line) ?? AT_FRAME.exec(line);
    if (frame) {
      current.frames.push(frameFromMatch(frame));
      continue;
    }
    // Code excerpts ("  14|  code", "     |   ^") are the runner's decoration, not the message.
    if (/^\s*\d*\|/.test(line)) continue;
    if (!current.frames.length) current.message.push(line);
  }
  flush();
  return failures;
}

function parseJest(lines: string[]): ParsedFailure[] {
  const failures: ParsedFailure[] = [];
  let file = '';
  let current: { header: string; file: string; message: string[]; frames: RawFrame[] } | undefined;
  const flush = () => {
    if (!current) return;
    const parts = current.header.split(' › ').map((p) => p.trim());
    failures.push(toFailure('jest', `${current.file}::${parts.join(' > ')}`, parts[parts.length - 1], current.message, current.frames, current.file));
    current = undefined;
  };
  for (const line of lines) {
    const suite = /^(?:FAIL|PASS) (\S+)/.exec(line);
    if (suite) {
      flush();
      file = suite[1];
      continue;
    }
    const header = /^\s{2}● (.+?)\s*$/.exec(line);
    if (header && !/^Console$/.test(header[1])) {
      flush();
      current = { header: header[1], file, message: [], frames: [] };
      continue;
    }
    if (!current) continue;
    if (/^(Test Suites|Tests|Snapshots|Time):/.test(line)) {
      flush();
      continue;
    }
    const frame = AT_FRAME.exec(line);
    if (frame) {
      current.frames.push(frameFromMatch(frame));
      continue;
    }
    if (/^\s*>?\s*\d*\s*\|/.test(line)) continue;
    if (!current.frames.length) current.message.push(line.replace(/^ {4}/, ''));
  }
  flush();
  return failures;
}

function parseMocha(lines: string[]): ParsedFailure[] {
  const failures: ParsedFailure[] = [];
  let current: { title: string[]; message: string[]; frames: RawFrame[]; titleDone: boolean } | undefined;
  const flush = () => {
    if (!current) return;
    const title = current.title.join(' > ');
    const frames = current.frames;
    // The test's own frame is the outermost workspace frame ("Context.<anonymous>").
    const own = [...frames].reverse().find((f) => !f.file.startsWith('node:') && !f.file.includes('node_modules'));
    failures.push(toFailure('mocha', `${own?.file ?? ''}::${title}`, current.title[current.title.length - 1] ?? title, current.message, frames, own?.file ?? ''));
    current = undefined;
  };
  let inFailures = false;
  for (const line of lines) {
    if (/^\s+\d+ failing\s*$/.test(line)) {
      inFailures = true;
      continue;
    }
    if (!inFailures) continue;
    const header = /^ {2}(\d+)\) (.+?)\s*$/.exec(line);
    if (header) {
      flush();
      current = { title: [], message: [], frames: [], titleDone: false };
      const text = header[2];
      if (text.endsWith(':')) {
        current.title.push(text.slice(0, -1));
        current.titleDone = true;
      } else current.title.push(text);
      continue;
    }
    if (!current) continue;
    if (!current.titleDone) {
      const part = line.trim();
      if (part.endsWith(':')) {
        current.title.push(part.slice(0, -1));
        current.titleDone = true;
      } else if (part) current.title.push(part);
      continue;
    }
    const frame = AT_FRAME.exec(line);
    if (frame) {
      current.frames.push(frameFromMatch(frame));
      continue;
    }
    if (!current.frames.length) current.message.push(line.trim());
  }
  flush();
  return failures;
}

function parseNodeSpec(lines: string[]): ParsedFailure[] {
  const failures: ParsedFailure[] = [];
  const seen = new Set<string>();
  let location: string | undefined;
  let current: { name: string; message: string[]; frames: RawFrame[]; location?: string } | undefined;
  const flush = () => {
    if (!current) return;
    const own = current.location ?? [...current.frames].reverse().find((f) => !f.file.startsWith('node:'))?.file ?? '';
    const file = own.replace(/:\d+:\d+$/, '');
    const key = `${current.name}|${current.frames.map((f) => `${f.file}:${f.line}`).join(',')}`;
    if (!seen.has(key)) {
      seen.add(key);
      const failure = toFailure('node-test', `${file}::${current.name}`, current.name, current.message, current.frames, file);
      const loc = /:(\d+):\d+$/.exec(current.location ?? '');
      if (loc) failure.line = Number(loc[1]);
      failures.push(failure);
    }
    current = undefined;
  };
  for (const line of lines) {
    const testAt = /^test at (.+:\d+:\d+)\s*$/.exec(line);
    if (testAt) {
      flush();
      location = testAt[1];
      continue;
    }
    const header = /^\s*✖ (.+?)(?: \([\d.]+m?s\))?\s*$/.exec(line);
    if (header) {
      flush();
      if (header[1] === 'failing tests:') continue;
      current = { name: header[1], message: [], frames: [], location };
      location = undefined;
      continue;
    }
    if (!current) continue;
    if (/^\s*[▶ℹ✔]/.test(line)) {
      flush();
      continue;
    }
    const frame = AT_FRAME.exec(line);
    if (frame) {
      current.frames.push(frameFromMatch(frame));
      continue;
    }
    if (!current.frames.length) current.message.push(line.trim());
  }
  flush();
  // A suite fails when a test in it fails; it carries no stack of its own.
  return failures.filter((f) => f.stack.length > 0 || f.message !== '');
}

function parseTap(lines: string[]): ParsedFailure[] {
  const failures: ParsedFailure[] = [];
  for (let i = 0; i < lines.length; i++) {
    const header = /^\s*not ok \d+ - (.+?)\s*$/.exec(lines[i]);
    if (!header) continue;
    const yaml: string[] = [];
    let j = i + 1;
    if (j < lines.length && /^\s*---\s*$/.test(lines[j])) {
      for (j = j + 1; j < lines.length && !/^\s*\.\.\.\s*$/.test(lines[j]); j++) yaml.push(lines[j]);
    }
    const fields = tapFields(yaml);
    if (fields.type === 'suite' || fields.failureType === 'subtestsFailed') continue;
    const frames: RawFrame[] = [];
    for (const stackLine of (fields.stack ?? '').split('\n')) {
      const frame = TAP_FRAME.exec(stackLine);
      if (frame) frames.push(frameFromMatch(frame));
    }
    const location = (fields.location ?? '').replace(/^'|'$/g, '');
    const file = location.replace(/:\d+:\d+$/, '');
    const message = [fields.name ? `${fields.name}: ${fields.error ?? ''}` : (fields.error ?? '')];
    const failure = toFailure('node-test', `${file}::${header[1]}`, header[1], message, frames, file);
    failure.expected = fields.expected;
    failure.actual = fields.actual;
    const loc = /:(\d+):\d+$/.exec(location);
    if (loc) failure.line = Number(loc[1]);
    failures.push(failure);
    i = j;
  }
  return failures;
}

/** The few YAML keys node's TAP reporter writes, including `|-` block scalars. */
function tapFields(yaml: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i < yaml.length; i++) {
    const m = /^(\s*)(\w+): ?(.*)$/.exec(yaml[i]);
    if (!m) continue;
    const [, indent, key, rawValue] = m;
    if (rawValue === '|-' || rawValue === '|' || rawValue === '>-') {
      const block: string[] = [];
      for (i = i + 1; i < yaml.length; i++) {
        const lead = /^(\s*)/.exec(yaml[i])![1].length;
        if (yaml[i].trim() !== '' && lead <= indent.length) {
          i--;
          break;
        }
        block.push(yaml[i].trim());
      }
      fields[key] = block.join('\n').trim();
    } else {
      fields[key] = rawValue.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');
    }
  }
  return fields;
}

/** An uncaught error printed by node itself: one failure per `Error:` line followed by frames. */
function parseBareStacks(lines: string[]): ParsedFailure[] {
  const failures: ParsedFailure[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!AT_FRAME.test(lines[i]) || (i > 0 && AT_FRAME.test(lines[i - 1]))) continue;
    const frames: RawFrame[] = [];
    let j = i;
    for (; j < lines.length; j++) {
      const frame = AT_FRAME.exec(lines[j]);
      if (!frame) break;
      frames.push(frameFromMatch(frame));
    }
    const message = i > 0 ? [lines[i - 1]] : [];
    failures.push(toFailure('node-test', `stack ${failures.length + 1}`, '', message, frames));
    failures[failures.length - 1].framework = undefined;
    failures[failures.length - 1].kind = 'error';
    i = j;
  }
  return failures;
}
