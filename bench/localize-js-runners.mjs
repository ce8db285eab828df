// Builds jest and mocha copies of the TypeScript localization fixture (test/fixtures/localize-ts)
// for bench:localize: types stripped with esbuild, ES modules turned into CommonJS, the same
// tests (mocha's copy takes `expect` from jest's `expect` package). Prints the two folders.
//   node bench/localize-js-runners.mjs [--out DIR]
// then: npm run bench:localize -- --project DIR/localize-jest --test-command "npx jest" --mutants 30 --seed 2
//       npm run bench:localize -- --project DIR/localize-mocha --test-command "npx mocha" --mutants 30 --seed 2
import * as esbuild from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'test', 'fixtures', 'localize-ts');
const { values } = parseArgs({ options: { out: { type: 'string', default: path.join(os.tmpdir(), 'selfdebug-localize-js') } } });

/** One TypeScript module as CommonJS JavaScript, with `vitest` imports replaced for the runner. */
async function convert(text, runner, file) {
  const withoutVitest = text.replace(/^import \{([^}]*)\} from 'vitest';$/m, (_, names) =>
    runner === 'mocha' && names.includes('expect') ? "import { expect } from 'expect';" : '',
  );
  let { code } = await esbuild.transform(withoutVitest, { loader: 'ts', format: 'esm', target: 'node20' });
  const exported = [];
  code = code.replace(/^import \{([^}]*)\} from (['"][^'"]+['"]);$/gm, (_, list, from) => `const {${list}} = require(${from});`);
  code = code.replace(/^export (async function|function|class|const|let) (\w+)/gm, (_, kind, name) => {
    exported.push(name);
    return `${kind} ${name}`;
  });
  code = code.replace(/^export \{([^}]*)\};?\n?/gm, (_, list) => {
    exported.push(...list.split(',').map((n) => n.trim()).filter(Boolean));
    return '';
  });
  if (/^(export|import) /m.test(code)) throw new Error(`${file}: module syntax left after conversion`);
  return exported.length ? `${code}module.exports = { ${exported.join(', ')} };\n` : code;
}

const manifests = {
  jest: { name: 'localize-jest', private: true, scripts: { test: 'jest' }, jest: { testMatch: ['<rootDir>/test/**/*.test.js'] } },
  mocha: { name: 'localize-mocha', private: true, scripts: { test: 'mocha' }, mocha: { spec: ['test/**/*.test.js'] } },
};

for (const runner of ['jest', 'mocha']) {
  const out = path.resolve(values.out, `localize-${runner}`);
  rmSync(out, { recursive: true, force: true });
  for (const dir of ['src', 'test']) {
    mkdirSync(path.join(out, dir), { recursive: true });
    for (const name of readdirSync(path.join(source, dir))) {
      const code = await convert(readFileSync(path.join(source, dir, name), 'utf8'), runner, name);
      writeFileSync(path.join(out, dir, name.replace(/\.ts$/, '.js')), code);
    }
  }
  writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(manifests[runner], null, 2)}\n`);
  // The runners (and `expect`) come from this repository's dev dependencies.
  symlinkSync(path.join(root, 'node_modules'), path.join(out, 'node_modules'));
  console.log(out);
}
