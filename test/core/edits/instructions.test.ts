import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../src/core/edits/applyEdits';
import { editFormatInstructions } from '../../../src/core/edits/instructions';
import { parseEditAnswer } from '../../../src/core/edits/parseAnswer';

describe('edit-format instructions', () => {
  it('come from the prompt data file with an example in the language at hand', () => {
    const text = editFormatInstructions('typescript');
    expect(text).toContain('<<<<<<< SEARCH');
    expect(text).toContain('src/cart.ts\n```typescript\n');
    expect(text).not.toMatch(/\{\{\w+\}\}/);
    expect(editFormatInstructions('python')).toContain('shop/cart.py\n```python\n');
  });

  it('contain an example answer that the parser reads and applies', async () => {
    const text = editFormatInstructions('python');
    const example = text.slice(text.indexOf('shop/cart.py'), text.indexOf('```\n', text.indexOf('>>>>>>> REPLACE')) + 3);
    const files = new Map([['shop/cart.py', 'class Cart:\n    def total(self):\n        return sum(item.price for item in self.items)\n']]);
    const parsed = await parseEditAnswer(example, { files });
    const result = await applyEdits(files, parsed.edits);
    expect(result.rejected).toEqual([]);
    expect(result.files.get('shop/cart.py')).toContain('item.price * item.quantity');
  });
});
