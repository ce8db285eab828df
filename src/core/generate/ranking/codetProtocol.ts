// Post-processing of raw LLM samples as in the CodeT paper and its released code, used by
// `npm run bench:codet` (and usable for any raw Python completion of a function body).

/** A completion stops at the first line that starts, at column 0, a new top-level statement of these kinds. */
export const STOP_SEQUENCES = ['\nclass', '\ndef', '\n#', '\nif', '\nprint'] as const;

/** Cuts a code sample at the first top-level `class`/`def`/`#`/`if`/`print` line (each stop in turn, as CodeT does). */
export function cutCodeSample(sample: string): string {
  let text = sample;
  for (const stop of STOP_SEQUENCES) {
    const at = text.indexOf(stop);
    if (at >= 0) text = text.slice(0, at);
  }
  return text;
}

/**
 * The assert statements of a test sample (a completion of a prompt that ends in `assert `):
 * split on `assert `, keep the pieces that name the entry point, cut each like a code sample and
 * trim it. Whether they compile is checked separately (by Python itself, see `compileProbe`).
 */
export function splitTestSample(sample: string, entryPoint: string): string[] {
  const name = entryPoint.trim();
  return `assert ${sample}`
    .split('assert ')
    .filter((part) => part.includes(name) && part.trim().length > 0)
    .map((part) => cutCodeSample(`assert ${part}`.trim()).trim())
    .filter((test) => test.length > 0 && test.includes('assert'));
}

/**
 * A Python expression that is True when the assert compiles inside a try block (the CodeT
 * validity rule), evaluated by the check worker so the real interpreter decides.
 */
export function compileProbe(test: string): string {
  const block = `try:\n    ${test.replace(/\n/g, '\n    ')}\nexcept:\n    pass\n`;
  return `compile(${JSON.stringify(block)}, '', 'exec') is not None`;
}
