// npm run bench:review -- [--file <path>] [--every N] [--runs N]
// Times the review model on a real large file (default: the Python standard library's
// _pydecimal.py, read in place): building a review of a proposal that changes every Nth line,
// laying it out for decorations, one keystroke replayed through the session (what the editor
// does on every change while a review is open), Accept All, and the worst case of a file
// rewritten completely (Myers gives up after its timeout and one hunk is shown).
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { layoutHunks } from '../src/core/review/layout';
import { detectEol, fitToDocument } from '../src/core/review/lines';
import { acceptAll, createReview, modelText, rejectAll } from '../src/core/review/model';
import { ReviewSession } from '../src/core/review/session';

const { values } = parseArgs({
  options: { file: { type: 'string' }, every: { type: 'string', default: '50' }, runs: { type: 'string', default: '30' } },
});

function defaultFile(): string {
  const stdlib = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  return path.join(stdlib, '_pydecimal.py');
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time<T>(runs: number, run: () => T): { ms: number; result: T } {
  let result!: T;
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = run();
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), result };
}

const file = values.file ?? defaultFile();
const every = Number(values.every);
const runs = Number(values.runs);
const before = readFileSync(file, 'utf8');
const lines = before.split('\n');
const after = lines.map((line, i) => (i % every === every - 1 ? `${line}  # changed` : line)).join('\n');

const build = time(runs, () => createReview(before, { before, after }));
const model = build.result;
const layout = time(runs, () => layoutHunks(model));
const session = new ReviewSession(model, { shown: true });
const rendered = modelText(model);
const middle = Math.floor(rendered.length / 2);
let text = rendered;
const keystroke = time(runs * 10, () => {
  text = `${text.slice(0, middle)}x${text.slice(middle)}`;
  return session.documentChanged([{ offset: middle, length: 0, text: 'x' }], undefined, text);
});
const accept = time(runs, () => acceptAll(model));
const correct = modelText(accept.result) === fitToDocument(after, before, detectEol(before)) && modelText(rejectAll(model)) === before;
const rewritten = before.split('\n').map((line) => `${line};`).join('\n');
const worst = time(3, () => createReview(before, { before, after: rewritten }));

console.log(`file: ${file} (${lines.length} lines, ${(before.length / 1024).toFixed(0)} KiB)`);
console.log(`proposal: every ${every}th line changed -> ${model.hunks.length} hunks; accept all = proposal, reject all = original: ${correct ? 'yes' : 'NO'}`);
console.log(`build review (diff + pieces): ${build.ms.toFixed(2)} ms`);
console.log(`layout for decorations/lenses: ${layout.ms.toFixed(2)} ms`);
console.log(`one keystroke through the session: ${keystroke.ms.toFixed(3)} ms (outcome: ${keystroke.result})`);
console.log(`accept all: ${accept.ms.toFixed(2)} ms`);
console.log(`whole file rewritten: ${worst.ms.toFixed(0)} ms, ${worst.result.hunks.length} hunk(s)`);
if (!correct) process.exitCode = 1;
