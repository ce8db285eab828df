// Shared by SelfDebug's in-process coverage hooks for jest and mocha: which scripts V8 reports
// belong to the workspace (SELFDEBUG_COVERAGE_ROOT, symbolic links resolved, node_modules left
// out), and test file paths relative to it.
'use strict';
const { realpathSync } = require('node:fs');
const path = require('node:path');
const { fileURLToPath } = require('node:url');

function real(file) {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

const root = real(process.env.SELFDEBUG_COVERAGE_ROOT || process.cwd());

function fileOfUrl(url) {
  if (url.startsWith('file://')) return fileURLToPath(url);
  return url.startsWith('/') ? url : undefined;
}

/** A script of the workspace: under the root (as given or resolved), not under node_modules. */
function inWorkspace(url) {
  const file = fileOfUrl(url);
  if (!file) return false;
  return (file.startsWith(root + path.sep) || real(file).startsWith(root + path.sep)) && !file.includes(`${path.sep}node_modules${path.sep}`);
}

/** A test file's path relative to the root, '/'-separated. */
function relativeToRoot(file) {
  return path.relative(root, real(file || '')).split(path.sep).join('/');
}

module.exports = { inWorkspace, relativeToRoot };
