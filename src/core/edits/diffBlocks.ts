// Unified-diff hunks as search/replace pairs: the context and removed lines are what to find,
// the context and added lines what to put there. Line numbers in "@@" headers only break ties
// (models get them wrong): the text is located like a SEARCH block.

export interface DiffHunk {
  file?: string;
  search: string;
  replace: string;
  /** Old-file start line from the "@@ -N,M" header. */
  line?: number;
}

const HEADER_PATH = /^(?:---|\+\+\+)\s+(?:"([^"]+)"|(\S+))/;

function diffPath(line: string): string | undefined {
  const match = HEADER_PATH.exec(line);
  const raw = match?.[1] ?? match?.[2];
  if (!raw || raw === '/dev/null') return undefined;
  return raw.replace(/^[ab]\//, '');
}

export function parseDiffHunks(text: string, defaultFile: string | undefined): DiffHunk[] {
  const hunks: DiffHunk[] = [];
  let file = defaultFile;
  let current: { search: string[]; replace: string[]; line?: number } | undefined;
  const flush = () => {
    if (current && (current.search.length || current.replace.length)) {
      hunks.push({ ...(file ? { file } : {}), search: current.search.join('\n'), replace: current.replace.join('\n'), ...(current.line ? { line: current.line } : {}) });
    }
    current = undefined;
  };
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    // A file header is "--- x" directly followed by "+++ y" (a removed "-- comment" line is not).
    if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      flush();
      file = diffPath(lines[i + 1]!) ?? diffPath(line) ?? file;
      return;
    }
    if (line.startsWith('+++ ') && lines[i - 1]?.startsWith('--- ')) return;
    if (line.startsWith('diff --git') || (line.startsWith('index ') && !current)) {
      flush();
      return;
    }
    if (line.startsWith('@@')) {
      flush();
      const start = /^@@\s*-(\d+)/.exec(line);
      current = { search: [], replace: [], ...(start && Number(start[1]) > 0 ? { line: Number(start[1]) } : {}) };
      return;
    }
    if (!current) return;
    if (line.startsWith('\\')) return; // "\ No newline at end of file"
    if (line.startsWith('-')) current.search.push(line.slice(1));
    else if (line.startsWith('+')) current.replace.push(line.slice(1));
    else {
      // Context; models often drop the leading space of empty context lines.
      const context = line.startsWith(' ') ? line.slice(1) : line;
      current.search.push(context);
      current.replace.push(context);
    }
  });
  flush();
  // Trailing empty context lines come from the blank line after the diff, not from the file.
  for (const hunk of hunks) {
    while (hunk.search.endsWith('\n') && hunk.replace.endsWith('\n')) {
      hunk.search = hunk.search.slice(0, -1);
      hunk.replace = hunk.replace.slice(0, -1);
    }
  }
  return hunks;
}
