// Maps stack frames in compiled JavaScript back to the TypeScript (or other) source through the
// file's source map, when one exists next to it or is referenced by a sourceMappingURL comment.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

export interface Position {
  /** Absolute path. */
  file: string;
  line: number;
  column?: number;
}

export class SourceMapper {
  private readonly maps = new Map<string, TraceMap | null>();

  /** The original position of an absolute JS position, or undefined when there is no usable map. */
  map(position: Position): Position | undefined {
    if (!/\.(c|m)?js$/.test(position.file)) return undefined;
    const traced = this.load(position.file);
    if (!traced) return undefined;
    // V8 columns are 1-based, source maps 0-based.
    const original = originalPositionFor(traced, { line: position.line, column: Math.max(0, (position.column ?? 1) - 1) });
    if (!original.source || original.line == null) return undefined;
    const source = original.source.startsWith('file://') ? new URL(original.source).pathname : path.resolve(path.dirname(position.file), original.source);
    return { file: source, line: original.line, column: original.column == null ? undefined : original.column + 1 };
  }

  private load(file: string): TraceMap | null {
    if (this.maps.has(file)) return this.maps.get(file) ?? null;
    let traced: TraceMap | null = null;
    try {
      const mapFile = this.mapFileOf(file);
      if (mapFile) {
        const raw = mapFile.inline ?? readFileSync(mapFile.path, 'utf8');
        traced = new TraceMap(raw, mapFile.path);
      }
    } catch {
      // A broken or unreadable map: keep the compiled position.
      traced = null;
    }
    this.maps.set(file, traced);
    return traced;
  }

  private mapFileOf(file: string): { path: string; inline?: string } | undefined {
    if (!existsSync(file)) return undefined;
    return sourceMapOf(file, readFileSync(file, 'utf8'));
  }
}

/** Where the source map of a compiled text is: inline (data: URL), a sourceMappingURL file, or `<file>.map`. */
export function sourceMapOf(file: string, text: string): { path: string; inline?: string } | undefined {
  const comment = /\/\/[#@] sourceMappingURL=(\S+)\s*$/m.exec(text.slice(-Math.min(text.length, 1 << 20)));
  if (comment) {
    const url = comment[1];
    const inline = /^data:application\/json(?:;charset=[\w-]+)?;base64,(.*)$/.exec(url);
    if (inline) return { path: file, inline: Buffer.from(inline[1], 'base64').toString('utf8') };
    const target = path.resolve(path.dirname(file), decodeURIComponent(url));
    if (existsSync(target)) return { path: target };
  }
  return existsSync(`${file}.map`) ? { path: `${file}.map` } : undefined;
}

/** A loaded source map for a compiled text, or undefined when it has none (or it is unreadable). */
export function traceMapOf(file: string, text: string): TraceMap | undefined {
  try {
    const found = sourceMapOf(file, text);
    if (!found) return undefined;
    return new TraceMap(found.inline ?? readFileSync(found.path, 'utf8'), found.path);
  } catch {
    return undefined;
  }
}

/** Original file (absolute) and line of a 1-based line / 0-based column in the compiled text. */
export function originalLine(traced: TraceMap, mapFile: string, line: number, column: number): { file: string; line: number } | undefined {
  const original = originalPositionFor(traced, { line, column });
  if (!original.source || original.line == null) return undefined;
  const file = original.source.startsWith('file://') ? decodeURIComponent(new URL(original.source).pathname) : path.resolve(path.dirname(mapFile), original.source);
  return { file, line: original.line };
}
