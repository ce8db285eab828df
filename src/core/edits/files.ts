// Matches the path an answer writes ("cart.py", "./src/cart.ts", "a/shop/cart.py",
// "/home/me/proj/shop/cart.py") to one of the files the model was shown.

function normalize(name: string): string {
  return name
    .trim()
    .replace(/^[`'"]+|[`'"]+$/g, '')
    .replace(/\\/g, '/')
    .replace(/^\.\//, '');
}

/** The key of `files` the name refers to, or undefined when none (or several) fit. */
export function resolveFile(name: string, files: Iterable<string>): string | undefined {
  const keys = [...files];
  const wanted = normalize(name);
  if (keys.includes(wanted)) return wanted;
  const withoutDiffPrefix = wanted.replace(/^[ab]\//, '');
  if (keys.includes(withoutDiffPrefix)) return withoutDiffPrefix;
  const unique = (candidates: string[]) => (candidates.length === 1 ? candidates[0] : undefined);
  // The answer gave a longer path (absolute, or with the workspace folder in front).
  const longer = unique(keys.filter((k) => wanted.endsWith(`/${k}`)));
  if (longer) return longer;
  // The answer gave a shorter path (just the file name, or a partial folder).
  return unique(keys.filter((k) => k.endsWith(`/${wanted}`))) ?? unique(keys.filter((k) => k.endsWith(`/${withoutDiffPrefix}`)));
}
