// bench:fix — the repair loop on seeded bugs in the fixture projects, with a scripted model that
// is right only after feedback. Reports, per bug: the round it was fixed in (expected 2), tokens,
// time in the model, time in tests, harness overhead (everything outside the model), and the
// time of running the failing test once, for scale.
//   npm run bench:fix [-- --repeat N]
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../src/core/config';
import { createLlmClient } from '../src/core/llm/client';
import { silentLogger } from '../src/core/ports/console';
import { fixFailingTests } from '../src/core/repair/workspaceRepair';
import { disposeSandboxes, runTests } from '../src/core/testing';
import { answers } from '../test/support/llm/answers';
import { startScriptedServer } from '../test/support/llm/scriptedServer';

const root = path.resolve(__dirname, '../../..');
const fixtures = path.join(root, 'test/fixtures');

interface Bug {
  name: string;
  fixture: string;
  file: string;
  from: string;
  to: string;
  /** A plausible change that applies but does not fix it. */
  wrong: string;
  /** The fix, in one of the answer shapes models use. */
  right: string;
}

const bugs: Bug[] = [
  {
    name: 'py: bulk tier off-by-one',
    fixture: 'localize-py',
    file: 'storekit/pricing.py',
    from: 'if quantity >= minimum:',
    to: 'if quantity > minimum:',
    wrong: answers.searchReplace('storekit/pricing.py', '            return percent', '            return int(percent)', 'python'),
    right: answers.wholeFunction('python', 'def bulk_discount_percent(quantity):\n    for minimum, percent in BULK_TIERS:\n        if quantity >= minimum:\n            return percent\n    return 0\n'),
  },
  {
    name: 'py: coupon cap constant',
    fixture: 'localize-py',
    file: 'storekit/pricing.py',
    from: 'min(coupon["value"], 50)',
    to: 'min(coupon["value"], 5)',
    wrong: answers.searchReplace('storekit/pricing.py', '        discount = min(coupon["value"], subtotal)', '        discount = min(subtotal, coupon["value"])', 'python'),
    right: answers.searchReplace('storekit/pricing.py', '        discount = percent_of(subtotal, min(coupon["value"], 5))', '        discount = percent_of(subtotal, min(coupon["value"], 50))', 'python'),
  },
  {
    name: 'py: shipping per started kg',
    fixture: 'localize-py',
    file: 'storekit/pricing.py',
    from: 'extra_kg = -(-(weight_grams - 500) // 1000)',
    to: 'extra_kg = (weight_grams - 500) // 1000',
    wrong: answers.searchReplace('storekit/pricing.py', '    return BASE_SHIPPING + PER_EXTRA_KG * extra_kg', '    return PER_EXTRA_KG * extra_kg + BASE_SHIPPING', 'python'),
    right: answers.searchReplace('storekit/pricing.py', '    extra_kg = (weight_grams - 500) // 1000', '    extra_kg = -(-(weight_grams - 500) // 1000)', 'python'),
  },
  {
    name: 'ts: hours ignore whole days',
    fixture: 'localize-ts',
    file: 'src/duration.ts',
    from: 'Math.floor((minutes % MINUTES_PER_DAY) / 60)',
    to: 'Math.floor(minutes / 60)',
    wrong: answers.searchReplace('src/duration.ts', '  if (days > 0) parts.push(`${days}d`);', '  if (days >= 1) parts.push(`${days}d`);', 'typescript'),
    right: answers.searchReplace('src/duration.ts', '  const hours = Math.floor(minutes / 60);', '  const hours = Math.floor((minutes % MINUTES_PER_DAY) / 60);', 'typescript'),
  },
  {
    name: 'ts: zero duration prints nothing',
    fixture: 'localize-ts',
    file: 'src/duration.ts',
    from: 'if (rest > 0 || parts.length === 0)',
    to: 'if (rest > 0)',
    wrong: answers.searchReplace('src/duration.ts', "  return parts.join(' ');", "  return parts.join(' ').trim();", 'typescript'),
    right: answers.searchReplace('src/duration.ts', '  if (rest > 0) parts.push(`${rest}m`);', '  if (rest > 0 || parts.length === 0) parts.push(`${rest}m`);', 'typescript'),
  },
];

function seed(bug: Bug): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-benchfix-'));
  cpSync(path.join(fixtures, bug.fixture), dir, { recursive: true, filter: (src) => !/node_modules|__pycache__|\.pytest_cache/.test(src) });
  const file = path.join(dir, bug.file);
  const text = readFileSync(file, 'utf8');
  if (!text.includes(bug.from)) throw new Error(`${bug.name}: '${bug.from}' not in ${bug.file}`);
  writeFileSync(file, text.replace(bug.from, bug.to));
  if (existsSync(path.join(dir, 'package.json'))) symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const { values } = parseArgs({ options: { repeat: { type: 'string', default: '1' } } });
  const repeat = Number(values.repeat);
  const server = await startScriptedServer({ rules: [] });
  const config = parseConfig({ candidatesPerRound: 2, maxRounds: 3, testTimeoutSeconds: 120 });
  const llmConfig = { baseURL: server.baseURL, apiKey: 'bench', model: 'scripted-coder', timeoutMs: 30_000, maxRetries: 1, temperature: 0.8, tokenBudget: 16_000 };
  const rows: string[] = [];
  let fixedInExpectedRound = 0;
  const totals = { tokens: [] as number[], overhead: [] as number[], once: [] as number[], ratio: [] as number[] };
  try {
    for (const bug of bugs) {
      for (let r = 0; r < repeat; r++) {
        const dir = seed(bug);
        try {
          server.setRules([
            { match: { lastUser: 'explain, step by step' }, reply: { content: bug.right } },
            { reply: { content: bug.wrong } },
          ]);
          const result = await fixFailingTests(
            { folder: dir, config, llm: createLlmClient(llmConfig, { logger: silentLogger }), model: llmConfig.model, coverage: 'off' },
            { logger: silentLogger, signal: new AbortController().signal },
          );
          const target = result.targetTests[0];
          const once = target ? (await runTests({ folder: dir, testIds: [target], config })).ms : NaN;
          const tokens = result.tokens.prompt + result.tokens.completion;
          const overhead = result.totalMs - result.llmMs;
          if (result.status === 'fixed' && result.rounds === 2) fixedInExpectedRound++;
          totals.tokens.push(tokens);
          totals.overhead.push(overhead);
          totals.once.push(once);
          totals.ratio.push(overhead / once);
          rows.push(
            `${bug.name.padEnd(34)} ${result.status.padEnd(9)} round ${result.rounds}  tokens ${String(tokens).padStart(6)}  model ${(result.llmMs / 1000).toFixed(2)} s  tests ${(result.testMs / 1000).toFixed(1)} s  outside model ${(overhead / 1000).toFixed(1)} s  failing test once ${(once / 1000).toFixed(2)} s  (${(overhead / once).toFixed(1)}x)`,
          );
          console.error(rows.at(-1));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
  } finally {
    await disposeSandboxes();
    await server.close();
  }
  console.log(rows.join('\n'));
  console.log(
    `bugs ${bugs.length * repeat} fixed-in-round-2 ${fixedInExpectedRound} median tokens/fix ${median(totals.tokens)} median outside-model ${(median(totals.overhead) / 1000).toFixed(1)} s median failing-test-once ${(median(totals.once) / 1000).toFixed(2)} s median ratio ${median(totals.ratio).toFixed(1)}x`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
