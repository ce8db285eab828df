// Builds a benchmark project for bench:localize from real library code: modules of this machine's
// Python standard library and their own unittest suites (read from the local installation, not
// copied into the repository). Modules are renamed std_<name> so pytest, which imports some of
// them itself, tests the copies.
//   node bench/localize-stdlib.mjs [--out DIR] [--modules textwrap,shlex,fnmatch]
// then: npm run bench:localize -- --project DIR --test-command "python3 -m pytest -q" --mutants 30 --seed 1
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: path.join(os.tmpdir(), 'selfdebug-stdlib-project') },
    modules: { type: 'string', default: 'textwrap,shlex,fnmatch' },
    python: { type: 'string', default: 'python3' },
  },
});

const stdlib = execFileSync(values.python, ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
const out = path.resolve(values.out);
rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, 'tests'), { recursive: true });

for (const name of values.modules.split(',').map((m) => m.trim()).filter(Boolean)) {
  const source = path.join(stdlib, `${name}.py`);
  const tests = path.join(stdlib, 'test', `test_${name}.py`);
  if (!existsSync(source) || !existsSync(tests)) throw new Error(`${name}: no ${source} or ${tests}`);
  writeFileSync(path.join(out, `std_${name}.py`), readFileSync(source, 'utf8'));
  const rewritten = readFileSync(tests, 'utf8')
    .replace(new RegExp(`^import ${name}$`, 'm'), `import std_${name} as ${name}`)
    .replace(new RegExp(`^from ${name} import`, 'gm'), `from std_${name} import`);
  writeFileSync(path.join(out, 'tests', `test_std_${name}.py`), rewritten);
}
writeFileSync(path.join(out, 'pyproject.toml'), '[tool.pytest.ini_options]\ntestpaths = ["tests"]\npythonpath = ["."]\n');

const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
try {
  execFileSync(values.python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], { cwd: out, env, stdio: 'pipe' });
} catch (error) {
  throw new Error(`the assembled suite does not pass:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
} finally {
  rmSync(path.join(out, '.benchmarks'), { recursive: true, force: true });
}
process.stdout.write(`${out}\n`);
