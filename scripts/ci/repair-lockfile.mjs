#!/usr/bin/env node
// Adds the lockfile entries npm leaves out when the registry it talks to lacks a package's
// builds for other platforms: optional dependencies such as @unrs/resolver-binding-win32-x64-msvc
// (jest's resolver). Without them `npm ci` refuses to run ("Missing: ... from lock file").
// Each added entry is marked optional with the os/cpu/libc its name states, so npm skips it on
// every other platform and never downloads it here. Idempotent; prints what it added.
//
//   node scripts/ci/repair-lockfile.mjs [--check] [path/to/package-lock.json]
//   --check  only report (exit 1 when entries are missing)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const check = args.includes('--check');
const file = path.resolve(args.find((a) => !a.startsWith('--')) ?? 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages ?? {};

const OS = ['android', 'darwin', 'freebsd', 'linux', 'openharmony', 'win32', 'netbsd', 'openbsd', 'sunos', 'aix'];
const CPU = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el', 'wasm32'];

/** os/cpu/libc from a platform package name like "...-linux-arm-musleabihf" or "...-win32-x64-msvc". */
export function platformOf(name) {
  const match = new RegExp(`-(${OS.join('|')})-(${CPU.join('|')})(?:-([a-z]+))?$`).exec(name);
  if (!match) return undefined;
  const [, os, cpu, abi] = match;
  const platform = { os: [os], cpu: [cpu] };
  if (os === 'linux' && abi) platform.libc = [abi.startsWith('musl') ? 'musl' : 'glibc'];
  return platform;
}

/** Where npm would look up `dep` required from the package at `location` (nearest node_modules). */
function resolve(location, dep) {
  let dir = location;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${dep}`;
    if (packages[candidate]) return candidate;
    if (!dir) return undefined;
    const idx = dir.lastIndexOf('/node_modules/');
    dir = idx >= 0 ? dir.slice(0, idx) : '';
  }
}

const added = [];
const unknown = [];
for (const [location, entry] of Object.entries(packages)) {
  for (const [dep, range] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolve(location, dep)) continue;
    const platform = platformOf(dep);
    if (!platform || !/^\d+\.\d+\.\d+/.test(range)) {
      unknown.push(`${dep}@${range} (optional dependency of ${location || 'the root'})`);
      continue;
    }
    // Hoisted like npm does, unless another version already sits at the top.
    const key = packages[`node_modules/${dep}`] ? `${location}/node_modules/${dep}` : `node_modules/${dep}`;
    packages[key] = { version: range, ...platform, dev: entry.dev || undefined, optional: true };
    added.push(`${dep}@${range}`);
  }
}

if (unknown.length) console.error(`repair-lockfile: cannot tell the platform of:\n  ${unknown.join('\n  ')}`);
if (added.length === 0) {
  console.log('repair-lockfile: nothing missing');
  process.exit(unknown.length ? 1 : 0);
}
if (check) {
  console.error(`repair-lockfile: ${added.length} platform-specific optional entries missing:\n  ${added.join('\n  ')}`);
  process.exit(1);
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'))));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`repair-lockfile: added ${added.length} platform-specific optional entries (${added.slice(0, 3).join(', ')}${added.length > 3 ? ', ...' : ''})`);
