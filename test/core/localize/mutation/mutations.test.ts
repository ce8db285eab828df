import { describe, expect, it } from 'vitest';
import { applyMutation, findMutations, stillParses, type Mutation, type MutationOperator } from '../../../../src/core/localize/mutation/mutations';

const python = [
  'def shipping(weight, total, limit=500):',
  '    """Flat rate, then per kilogram."""',
  '    if total >= 10_000:',
  '        return 0',
  '    extra = weight - limit',
  '    fee = max(extra, 0) // 1000',
  '    while fee > 3 and "x" not in str(weight):',
  '        fee -= 1',
  '    return base(fee, total)',
  '',
].join('\n');

const typescript = [
  'export function wrap(text: string, width: number, fill?: string): string[] {',
  '  const lines: string[] = [];',
  '  let current = "";',
  '  for (const word of text.split(" ")) {',
  '    if (current.length + word.length >= width) lines.push(current);',
  '    current = width === 0 ? word : current + word;',
  '  }',
  '  return pad(lines, width);',
  '}',
  '',
].join('\n');

function byOperator(mutations: Mutation[], operator: MutationOperator): string[] {
  return mutations.filter((m) => m.operator === operator).map((m) => `${m.line}:${m.original}->${m.replacement}`);
}

describe('findMutations (Python)', () => {
  it('finds every kind of mutation, each on its own line', async () => {
    const mutations = await findMutations('python', python);
    expect(byOperator(mutations, 'flip-comparison')).toEqual(['3:>=->>', '3:>=-><', '7:>->>=', '7:>-><=', '7:not in->in']);
    expect(byOperator(mutations, 'off-by-one')).toEqual(expect.arrayContaining(['1:500->501', '1:500->499', '3:10_000->10001', '6:1000->999', '7:3->4', '8:1->2', '8:1->0']));
    expect(byOperator(mutations, 'swap-arguments')).toEqual(['6:extra, 0->0, extra', '9:fee, total->total, fee']);
    expect(byOperator(mutations, 'negate-condition')).toEqual(['3:total >= 10_000->not (total >= 10_000)', '7:fee > 3 and "x" not in str(weight)->not (fee > 3 and "x" not in str(weight))']);
    // The docstring is not a statement worth dropping.
    expect(byOperator(mutations, 'drop-statement')).toEqual(['5:extra = weight - limit->pass', '6:fee = max(extra, 0) // 1000->pass', '8:fee -= 1->pass']);
    const wrong = byOperator(mutations, 'wrong-variable');
    expect(wrong).toContain('5:weight->total');
    expect(wrong).toContain('9:fee->extra');
    // Callee names and parameter declarations are not variable uses.
    expect(wrong.some((m) => m.startsWith('9:base') || m.startsWith('6:max') || m.startsWith('1:'))).toBe(false);
  });

  it('keeps every mutant parseable', async () => {
    const mutations = await findMutations('python', python);
    expect(mutations.length).toBeGreaterThan(20);
    for (const m of mutations) expect(await stillParses('python', python, applyMutation(python, m))).toBe(true);
  });

  it('applies a mutation by offsets, also after non-ASCII text', async () => {
    const text = 'def f(x):\n    label = "Crème…"\n    return x < 3\n';
    const flip = (await findMutations('python', text)).find((m) => m.operator === 'flip-comparison' && m.replacement === '<=')!;
    expect(applyMutation(text, flip)).toBe('def f(x):\n    label = "Crème…"\n    return x <= 3\n');
  });
});

describe('findMutations (TypeScript)', () => {
  it('finds comparisons, numbers, arguments, conditions, statements and variables', async () => {
    const mutations = await findMutations('typescript', typescript);
    expect(byOperator(mutations, 'flip-comparison')).toEqual(['5:>=->>', '5:>=-><', '6:===->!==']);
    expect(byOperator(mutations, 'off-by-one')).toEqual(['6:0->1']);
    expect(byOperator(mutations, 'swap-arguments')).toEqual(['8:lines, width->width, lines']);
    expect(byOperator(mutations, 'negate-condition')).toEqual(['5:(current.length + word.length >= width)->(!(current.length + word.length >= width))', '6:width === 0->!(width === 0)']);
    // Only statements of a block: dropping the body of a brace-less `if` would change its meaning twice.
    expect(byOperator(mutations, 'drop-statement')).toEqual(['6:current = width === 0 ? word : current + word;->;']);
    expect(byOperator(mutations, 'wrong-variable')).toContain('8:width->text');
  });

  it('keeps every mutant parseable', async () => {
    const mutations = await findMutations('typescript', typescript);
    for (const m of mutations) expect(await stillParses('typescript', typescript, applyMutation(typescript, m))).toBe(true);
  });
});

describe('stillParses', () => {
  it('rejects a text with more syntax errors than the original', async () => {
    expect(await stillParses('python', 'x = 1\n', 'x = (1\n')).toBe(false);
  });
});
