// Finds the line of a test in its file when the runner does not report one (mocha), by looking
// for the test's title as the first argument of it()/test()/specify() after its suites' titles.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Reads each file once per run. */
export class SourceCache {
  private readonly files = new Map<string, Promise<string | undefined>>();
  constructor(private readonly root: string) {}

  read(relPath: string): Promise<string | undefined> {
    let text = this.files.get(relPath);
    if (!text) {
      text = readFile(path.join(this.root, relPath), 'utf8').catch(() => undefined);
      this.files.set(relPath, text);
    }
    return text;
  }
}

function quotedTitle(title: string): RegExp {
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\b(?:it|test|specify|describe|suite|context)(?:\\.\\w+)*\\s*\\(\\s*(['"\`])${escaped}\\1`);
}

/** 1-based line of the call that declares `titles` (suites then test), or undefined. */
export function locateJsTest(source: string, titles: string[]): number | undefined {
  const lines = source.split('\n');
  let from = 0;
  let found: number | undefined;
  for (const [index, title] of titles.entries()) {
    const pattern = quotedTitle(title);
    let hit: number | undefined;
    for (let i = from; i < lines.length; i++) {
      if (pattern.test(lines[i]!)) {
        hit = i;
        break;
      }
    }
    // A suite title built at run time is not in the source: keep looking for the next title.
    // The test's own title must be there.
    if (hit === undefined) {
      if (index === titles.length - 1) return undefined;
      continue;
    }
    found = hit;
    from = hit;
  }
  return found === undefined ? undefined : found + 1;
}

/** 1-based line of `def name` (for a pytest id's last part without parameters). */
export function locatePythonTest(source: string, name: string): number | undefined {
  const bare = name.replace(/\[.*$/, '');
  const pattern = new RegExp(`^\\s*(?:async\\s+)?def\\s+${bare.replace(/[^\w]/g, '')}\\s*\\(`);
  const index = source.split('\n').findIndex((line) => pattern.test(line));
  return index === -1 ? undefined : index + 1;
}
