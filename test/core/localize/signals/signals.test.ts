import { describe, expect, it } from 'vitest';
import { assertionSignal, checkLines, namesCalledOn } from '../../../../src/core/localize/signals/assertionSignal';
import { callGraphSignal } from '../../../../src/core/localize/signals/callGraphSignal';
import { lexicalSignal } from '../../../../src/core/localize/signals/lexicalSignal';
import { assignsName, namesInMessage, originSignal } from '../../../../src/core/localize/signals/originSignal';
import { spectrumSignal, unitSpectra } from '../../../../src/core/localize/signals/spectrumSignal';
import { traceSignal, traceUnits } from '../../../../src/core/localize/signals/traceSignal';
import type { ParsedFailure } from '../../../../src/core/localize/types';
import type { StackFrame } from '../../../../src/core/testing/types';
import { report } from '../spectrum.test';
import { FakeIndex, sources } from '../support/fakeIndex';

// shop/pricing.py: discount (1-5) <- total (7-12) -> helper (14-16); tests/test_pricing.py: test_total (1-4)
const index = new FakeIndex(
  [
    { file: 'shop/pricing.py', name: 'discount', lines: [1, 5], text: 'discount percent rate' },
    { file: 'shop/pricing.py', name: 'total', lines: [7, 12], text: 'total sum items discount' },
    { file: 'shop/pricing.py', name: 'helper', lines: [14, 16], text: 'helper format' },
    { file: 'shop/pricing.py', name: 'Cart', kind: 'class', lines: [18, 30] },
    { file: 'shop/pricing.py', name: 'Cart.add', lines: [19, 22], text: 'add item' },
    { file: 'tests/test_pricing.py', name: 'test_total', lines: [1, 4], text: 'test total' },
    { file: 'tests/test_pricing.py', name: 'make_cart', lines: [6, 8] },
  ],
  [
    ['tests/test_pricing.py#test_total', 'shop/pricing.py#total', 'calls', 1, 3],
    ['tests/test_pricing.py#test_total', 'tests/test_pricing.py#make_cart', 'calls', 1, 2],
    ['tests/test_pricing.py#make_cart', 'shop/pricing.py#Cart.add', 'calls', 0.5, 7],
    ['shop/pricing.py#total', 'shop/pricing.py#discount', 'calls', 1, 9],
    ['shop/pricing.py#discount', 'shop/pricing.py#helper', 'calls', 1, 3],
  ],
);

const texts = sources({
  'shop/pricing.py': ['def discount(rate):', '    if rate < 0:', '        raise ValueError("rate")', '    return items[0]', '', '', 'def total(items):', '', '    d = discount(r)'].join('\n'),
  'tests/test_pricing.py': ['def test_total():', '    cart = make_cart()', '    assert total(cart.items) == 4', ''].join('\n'),
});

function frame(file: string, line: number, fn = ''): StackFrame {
  return { file, line, function: fn, inWorkspace: true };
}

function failure(stack: StackFrame[], extra: Partial<ParsedFailure> = {}): ParsedFailure {
  return { id: 'tests/test_pricing.py::test_total', file: 'tests/test_pricing.py', line: 3, message: 'assert 3 == 4', stack, kind: 'failed', testName: 'test_total', ...extra };
}

const body = { file: 'tests/test_pricing.py', startLine: 1, endLine: 4, failingLine: 3, symbol: index.symbol('tests/test_pricing.py#test_total') };

describe('trace signal', () => {
  it('ranks the innermost workspace frame outside tests first', () => {
    const f = failure([frame('tests/test_pricing.py', 3), frame('shop/pricing.py', 9), frame('shop/pricing.py', 4), frame('/usr/lib/python3/x.py', 1)]);
    f.stack[3].inWorkspace = false;
    expect(traceUnits([f], index, texts)[0]).toEqual({ units: ['shop/pricing.py#discount', 'shop/pricing.py#total'], deliberate: false });
    const signal = traceSignal([f], index, texts);
    expect(signal.get('shop/pricing.py#discount')).toEqual({ value: 1, note: 'innermost frame of the trace' });
    expect(signal.get('shop/pricing.py#total')).toEqual({ value: 0.5, note: 'frame 2 of 2 of the trace' });
    expect(signal.has('tests/test_pricing.py#test_total')).toBe(false);
  });

  it('blames the caller as much as the check when the innermost frame raises on purpose', () => {
    const runtime = traceSignal([failure([frame('shop/pricing.py', 9), frame('shop/pricing.py', 4)])], index, texts);
    const deliberate = traceSignal([failure([frame('shop/pricing.py', 9), frame('shop/pricing.py', 3)])], index, texts);
    expect(traceUnits([failure([frame('shop/pricing.py', 9), frame('shop/pricing.py', 3)])], index, texts)[0].deliberate).toBe(true);
    expect(runtime.get('shop/pricing.py#total')!.value).toBe(0.5);
    expect(deliberate.get('shop/pricing.py#total')!.value).toBe(1);
    expect(deliberate.get('shop/pricing.py#discount')!.value).toBe(1);
  });

  it('rewards units that show up in more of the failing traces', () => {
    const a = failure([frame('shop/pricing.py', 9), frame('shop/pricing.py', 4)]);
    const b = failure([frame('shop/pricing.py', 9)], { id: 'tests/test_pricing.py::test_other' });
    const signal = traceSignal([a, b], index, texts);
    expect(signal.get('shop/pricing.py#total')!.note).toBe('innermost frame in 2/2 traces');
    expect(signal.get('shop/pricing.py#discount')!.note).toBe('innermost frame in 1/2 traces');
  });
});

describe('call graph signal', () => {
  it('scores callees by distance from the test, passing through test helpers', () => {
    const signal = callGraphSignal(index, [body]);
    expect(signal.get('shop/pricing.py#total')).toEqual({ value: 1, note: 'called by the test' });
    expect(signal.get('shop/pricing.py#discount')).toEqual({ value: 0.5, note: '2 calls from the test' });
    expect(signal.get('shop/pricing.py#helper')!.value).toBeCloseTo(0.25);
    // make_cart is the test's helper: what it calls counts as called by the test, with its confidence.
    expect(signal.get('shop/pricing.py#Cart.add')).toEqual({ value: 0.5, note: 'called by the test' });
    expect(signal.has('tests/test_pricing.py#make_cart')).toBe(false);
  });

  it('averages over failing tests', () => {
    const other = { file: 'tests/test_pricing.py', startLine: 100, endLine: 101 };
    const signal = callGraphSignal(index, [body, other]);
    expect(signal.get('shop/pricing.py#total')).toEqual({ value: 0.5, note: 'called by the test (1/2 failing tests)' });
  });
});

describe('assertion signal', () => {
  it('finds the calls on a line of code', () => {
    expect(namesCalledOn('    assert total(cart.items, rate=discount(2)) == 4')).toEqual(['total', 'discount']);
    expect(namesCalledOn("expect(movingAverage([1, 2], 2)).toEqual([1, 1.5]);")).toEqual(['movingAverage']);
  });

  it('implicates what the index resolved on the failing line, and what pytest named', () => {
    const f = failure([frame('tests/test_pricing.py', 3)], { mentioned: ['helper'] });
    const signal = assertionSignal([f], [body], index, texts);
    expect(signal.get('shop/pricing.py#total')).toEqual({ value: 1, note: 'called on the failing line of the test' });
    expect(signal.get('shop/pricing.py#helper')).toEqual({ value: 1, note: 'named in the failed assertion' });
    expect(signal.has('shop/pricing.py#discount')).toBe(false);
  });

  it('falls back to names on the line when the index resolved no call there', () => {
    const onLine2 = { ...body, failingLine: 2 };
    const signal = assertionSignal([failure([])], [onLine2], new FakeIndex([{ file: 'shop/a.py', name: 'make_cart', lines: [1, 2] }]), texts);
    expect(signal.get('shop/a.py#make_cart')!.value).toBe(1);
  });
});

describe('lexical signal', () => {
  it('scales BM25 hits of candidates so the best is 1', () => {
    // Query: the test name, the message and the failing line ("assert total(cart.items) == 4").
    const signal = lexicalSignal([failure([], { message: 'wrong discount rate' })], [body], index, texts);
    expect(signal.get('shop/pricing.py#total')).toEqual({ value: 1, note: 'text match #1' });
    expect(signal.get('shop/pricing.py#discount')!.value).toBeCloseTo(2 / 3);
    expect(signal.has('shop/pricing.py#helper')).toBe(false);
    expect(signal.has('tests/test_pricing.py#test_total')).toBe(false);
  });
});

describe('spectrum signal', () => {
  const coverage = report([
    ['tests/test_pricing.py::test_total', 'failed', { 'shop/pricing.py': [1, 2, 4, 7, 9], 'tests/test_pricing.py': [1, 2, 3] }],
    ['tests/test_pricing.py::test_discount', 'passed', { 'shop/pricing.py': [1, 2, 4] }],
    ['tests/test_pricing.py::test_helper', 'passed', { 'shop/pricing.py': [14, 15] }],
  ]);

  it('scores a unit by its most suspicious line and explains it in test counts', () => {
    const signal = spectrumSignal(coverage, index);
    expect(signal.get('shop/pricing.py#total')).toEqual({ value: 1, note: 'covered by 1/1 failing, 0/2 passing tests' });
    expect(signal.get('shop/pricing.py#discount')!.value).toBeCloseTo(Math.SQRT1_2);
    expect(signal.get('shop/pricing.py#discount')!.note).toBe('covered by 1/1 failing, 1/2 passing tests');
    expect(signal.has('shop/pricing.py#helper')).toBe(true);
    expect(signal.get('shop/pricing.py#helper')!.value).toBe(0);
    expect(signal.has('tests/test_pricing.py#test_total')).toBe(false);
  });

  it('keeps unit-level counts and the number of top lines for tie-breaking', () => {
    const spectra = unitSpectra(coverage, index);
    expect(spectra.units.get('shop/pricing.py#total')).toMatchObject({ lineScore: 1, topLines: 2, failed: 1, passed: 0, unitScore: 1 });
  });

  it('has nothing to say when no test failed', () => {
    expect(spectrumSignal(report([['t', 'passed', { 'shop/pricing.py': [1] }]]), index).size).toBe(0);
  });
});

describe('origin signal', () => {
  const stateIndex = new FakeIndex([
    { file: 'shop/inventory.py', name: 'Inventory.__init__', lines: [2, 5], text: 'self._levels = {}\nself._reserved = {}' },
    { file: 'shop/inventory.py', name: 'Inventory.reserve', lines: [7, 9], text: 'self._reserved[sku] = self._reserved.get(sku, 0) + quantity' },
    { file: 'shop/inventory.py', name: 'Inventory.available', lines: [11, 12], text: 'return self._levels.get(sku, 0) - self._reserved.get(sku, 0)' },
  ]);

  it('reads the names an error message quotes', () => {
    expect(namesInMessage("AttributeError: 'Inventory' object has no attribute '_reserved'")).toEqual(['Inventory', '_reserved']);
    expect(namesInMessage("TypeError: Cannot read properties of undefined (reading 'valueOf')")).toEqual(['valueOf']);
  });

  it('recognises assignments that create a name, not item updates, comparisons or reads', () => {
    expect(assignsName('self._reserved = {}', '_reserved')).toBe(true);
    expect(assignsName('self._reserved: dict[str, int] = {}', '_reserved')).toBe(true);
    expect(assignsName('self._reserved[sku] = 1', '_reserved')).toBe(false);
    expect(assignsName('self._reserved += 1', '_reserved')).toBe(false);
    expect(assignsName('total = 0', 'total')).toBe(true);
    expect(assignsName('if self._reserved == {}:', '_reserved')).toBe(false);
    expect(assignsName('x = self._reserved.get(1)', '_reserved')).toBe(false);
    expect(assignsName('const f = (a) => a', 'f')).toBe(true);
    expect(assignsName('f => f', 'f')).toBe(false);
  });

  it('points at the functions that assign the missing name', () => {
    const f = failure([], { message: "AttributeError: 'Inventory' object has no attribute '_reserved'" });
    const signal = originSignal([f], stateIndex);
    // reserve only updates an item of _reserved: the name must already exist there.
    expect(signal.get('shop/inventory.py#Inventory.__init__')).toEqual({ value: 1, note: 'assigns _reserved, which the error names' });
    expect(signal.has('shop/inventory.py#Inventory.reserve')).toBe(false);
    expect(signal.has('shop/inventory.py#Inventory.available')).toBe(false);
    expect(originSignal([failure([], { message: 'assert 3 == 4' })], stateIndex).size).toBe(0);
  });

  it('blames the constructor when no code assigns the missing attribute', () => {
    const cartIndex = new FakeIndex([
      { file: 'shop/cart.py', name: 'Cart', kind: 'class', lines: [1, 30] },
      { file: 'shop/cart.py', name: 'Cart.__init__', lines: [2, 5], text: 'self.lines = {}' },
      { file: 'shop/cart.py', name: 'Cart.checkout', lines: [7, 12], text: 'self.lines.clear()\nself.coupon = None' },
      { file: 'shop/cart.py', name: 'Cart.total', lines: [14, 18], text: 'if self.coupon: pass' },
    ]);
    const f = failure([], { message: "AttributeError: 'Cart' object has no attribute 'coupon'" });
    const signal = originSignal([f], cartIndex);
    expect(signal.get('shop/cart.py#Cart.__init__')).toEqual({ value: 1, note: 'constructor of Cart, which lacks coupon' });
    expect(signal.get('shop/cart.py#Cart.checkout')).toEqual({ value: 0.5, note: 'assigns coupon, which the error names' });
    expect(signal.has('shop/cart.py#Cart.total')).toBe(false);
  });
});

describe('assertion signal for checks in the code', () => {
  const checkIndex = new FakeIndex(
    [
      { file: 'books/journal.py', name: 'Entry.total_debits', lines: [1, 2] },
      { file: 'books/journal.py', name: 'Entry.total_credits', lines: [4, 5] },
      { file: 'books/journal.py', name: 'Entry.check', lines: [7, 11] },
    ],
    [
      ['books/journal.py#Entry.check', 'books/journal.py#Entry.total_debits', 'calls', 0.8, 10],
      ['books/journal.py#Entry.check', 'books/journal.py#Entry.total_credits', 'calls', 0.8, 10],
    ],
  );
  const checkTexts = sources({
    'books/journal.py': ['    def total_debits(self):', '        return sum(self.debits)', '', '    def total_credits(self):', '        return sum(self.credits)', '', '    def check(self):', '        if len(self.lines) < 2:', '            raise Unbalanced("short")', '        if self.total_debits() != self.total_credits():', '            raise Unbalanced("debits != credits")', ''].join('\n'),
  });

  it('finds the raise and the condition that guards it', () => {
    const f = failure([frame('tests/test_pricing.py', 3), frame('books/journal.py', 11)]);
    expect(checkLines(f, checkTexts)).toEqual({ file: 'books/journal.py', lines: [11, 10] });
    expect(checkLines(failure([frame('books/journal.py', 2)]), checkTexts)).toBeUndefined();
  });

  it('implicates what the check called: those values were wrong, and they have returned already', () => {
    const f = failure([frame('books/journal.py', 11)], { message: 'Unbalanced: debits != credits' });
    const signal = assertionSignal([f], [undefined], checkIndex, checkTexts);
    expect(signal.get('books/journal.py#Entry.total_debits')).toEqual({ value: 1, note: 'called by the check that raised' });
    expect(signal.get('books/journal.py#Entry.total_credits')!.value).toBe(1);
    expect(signal.has('books/journal.py#Entry.check')).toBe(false);
  });
});
