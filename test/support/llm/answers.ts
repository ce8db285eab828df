// Builders for the texts a scripted model answers with, in the shapes real models use, so tests
// of the repair loop read like "answers with a SEARCH/REPLACE block for shop/cart.py".

const fence = (lang: string, code: string) => `\`\`\`${lang}\n${code.replace(/\n$/, '')}\n\`\`\``;

export const answers = {
  /** Aider-style block with the path on the line before the fence. */
  searchReplace(file: string, search: string, replace: string, lang = ''): string {
    return `${file}\n${fence(lang, `<<<<<<< SEARCH\n${search.replace(/\n$/, '')}\n=======\n${replace.replace(/\n$/, '')}\n>>>>>>> REPLACE`)}`;
  },
  /** The whole corrected function in a fence, with a sentence before and after. */
  wholeFunction(lang: string, code: string): string {
    return `Here is the corrected function:\n\n${fence(lang, code)}\n\nThis handles the failing case.`;
  },
  /** An explanation and no code at all. */
  noCode(explanation = 'The total should multiply the price by the quantity.'): string {
    return explanation;
  },
  /** A block whose SEARCH text is not in the file. */
  notApplying(file: string): string {
    return answers.searchReplace(file, 'this line is not in the file', 'neither is this one');
  },
  /** A whole function that does not parse. */
  brokenFunction(lang: string, code: string): string {
    return answers.wholeFunction(lang, code.replace(/\)\s*:/, ':').replace(/\)\s*\{/, ' {'));
  },
  /** Several parts joined with prose, e.g. two blocks for two files. */
  join(...parts: string[]): string {
    return parts.join('\n\nAlso:\n\n');
  },
};
