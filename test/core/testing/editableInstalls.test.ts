import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editableRoots } from '../../../src/core/testing/editableInstalls';
import { runTests } from '../../../src/core/testing/runTests';

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
}

describe('editableRoots', () => {
  it('finds folder directories put on sys.path by .pth files and setuptools editable finders', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-editable-'));
    const site = path.join(folder, '.venv/lib/python3.11/site-packages');
    write(site, {
      '_shop.pth': `${path.join(folder, 'src')}\nimport _virtualenv\n# a comment\n/usr/share/elsewhere\nrelative/path\n`,
      '__editable___inventory_0_1_finder.py': `import sys\nMAPPING: dict[str, str] = {'inventory': '${path.join(folder, 'lib', 'inventory')}', 'other': '/opt/other/other'}\nNAMESPACES = {}\n`,
    });
    expect((await editableRoots([site, path.join(folder, 'missing')], folder)).sort()).toEqual([path.join(folder, 'lib'), path.join(folder, 'src')]);
  });
});

describe('a sandboxed pytest run of an editable install', () => {
  it('imports the candidate\'s files, not the ones the install points at', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'selfdebug-editable-run-'));
    write(folder, {
      'pytest.ini': '[pytest]\ntestpaths = tests\n',
      'src/shop/__init__.py': '',
      'src/shop/price.py': 'def total(items):\n    return sum(p for p, q in items)\n',
      'tests/test_price.py': 'from shop.price import total\n\n\ndef test_total():\n    assert total([(2, 3)]) == 6\n',
    });
    // A virtualenv that sees pytest (system site-packages) and has the project "installed" editable.
    execFileSync('python3', ['-m', 'venv', '--without-pip', '--system-site-packages', path.join(folder, '.venv')]);
    const lib = path.join(folder, '.venv', 'lib');
    const site = path.join(lib, readdirSync(lib).find((n) => n.startsWith('python'))!, 'site-packages');
    writeFileSync(path.join(site, '__editable__.shop-0.1.pth'), `${path.join(folder, 'src')}\n`);

    const direct = await runTests({ folder });
    expect(direct.runnerError).toBeUndefined();
    expect(direct.failed).toBe(1);
    const candidate = await runTests({ folder, overlay: { 'src/shop/price.py': 'def total(items):\n    return sum(p * q for p, q in items)\n' } });
    expect(candidate.runnerError).toBeUndefined();
    expect({ passed: candidate.passed, failed: candidate.failed }).toEqual({ passed: 1, failed: 0 });
  });
});
