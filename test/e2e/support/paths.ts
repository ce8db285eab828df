// Where the end-to-end harness finds the repository, the installer and writes its results.
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../..');
/** Screenshots, code-server logs and traces of a run (git-ignored). */
export const resultsRoot = path.join(repoRoot, 'test-results', 'e2e');
export const installScript = path.join(repoRoot, 'scripts', 'e2e', 'install-code-server.sh');
export const vsixPath = path.join(repoRoot, 'selfdebug.vsix');
export const examplesRoot = path.join(repoRoot, 'examples');
export const fixturesRoot = path.join(repoRoot, 'test', 'e2e', 'fixtures');
