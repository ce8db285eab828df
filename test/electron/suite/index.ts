// Mocha entry point that VS Code's Extension Development Host calls (extensionTestsPath).
import path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: true, timeout: 60_000 });
  const files = (process.env.SELFDEBUG_ELECTRON_TESTS ?? '').split(path.delimiter).filter(Boolean);
  if (files.length === 0) return Promise.reject(new Error('SELFDEBUG_ELECTRON_TESTS lists no test files'));
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
