// Loaded by SelfDebug with `mocha --require` to run only some test files: mocha always adds the
// config file's `spec` to the files given on the command line, so a file selection alone would
// still run the whole suite. $SELFDEBUG_MOCHA_FILES holds the absolute paths to keep (JSON).
'use strict';
const { createRequire } = require('node:module');
const path = require('node:path');

function loadMocha() {
  const bases = [require.main && require.main.filename, path.join(process.cwd(), 'package.json')].filter(Boolean);
  for (const base of bases) {
    try {
      return createRequire(base)('mocha');
    } catch {
      // try the next place
    }
  }
  return undefined;
}

const selected = new Set(JSON.parse(process.env.SELFDEBUG_MOCHA_FILES || '[]').map((file) => path.resolve(file)));
const Mocha = loadMocha();
if (selected.size && Mocha && Mocha.prototype) {
  const keep = (mocha) => {
    if (Array.isArray(mocha.files)) mocha.files = mocha.files.filter((file) => selected.has(path.resolve(file)));
  };
  for (const method of ['loadFiles', 'loadFilesAsync', 'run']) {
    const original = Mocha.prototype[method];
    if (typeof original !== 'function') continue;
    Mocha.prototype[method] = function (...args) {
      keep(this);
      return original.apply(this, args);
    };
  }
}
