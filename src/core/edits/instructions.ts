// The edit-format instructions sent to the model live in resources/prompts/edit-format.md (data,
// not code); the example in them is filled in for the language at hand.
import { readFileSync } from 'node:fs';
import type { LanguageId } from '../index/types';
import { resourcePath } from '../resources';

const EXAMPLES: Record<LanguageId, { path: string; lang: string; search: string; replace: string }> = {
  python: {
    path: 'shop/cart.py',
    lang: 'python',
    search: '    def total(self):\n        return sum(item.price for item in self.items)',
    replace: '    def total(self):\n        return sum(item.price * item.quantity for item in self.items)',
  },
  javascript: {
    path: 'src/cart.js',
    lang: 'javascript',
    search: '  total() {\n    return this.items.reduce((sum, item) => sum + item.price, 0);\n  }',
    replace: '  total() {\n    return this.items.reduce((sum, item) => sum + item.price * item.quantity, 0);\n  }',
  },
  typescript: {
    path: 'src/cart.ts',
    lang: 'typescript',
    search: '  total(): number {\n    return this.items.reduce((sum, item) => sum + item.price, 0);\n  }',
    replace: '  total(): number {\n    return this.items.reduce((sum, item) => sum + item.price * item.quantity, 0);\n  }',
  },
  tsx: {
    path: 'src/Cart.tsx',
    lang: 'tsx',
    search: '  const total = items.reduce((sum, item) => sum + item.price, 0);',
    replace: '  const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);',
  },
};

let template: string | undefined;

/** How the model must write its answer, with an example in `language`. */
export function editFormatInstructions(language: LanguageId = 'python'): string {
  template ??= readFileSync(resourcePath('prompts', 'edit-format.md'), 'utf8');
  const example = EXAMPLES[language];
  return template.replace(/\{\{(path|lang|search|replace)\}\}/g, (_, key: keyof typeof example) => example[key]).trim();
}
