// Small realistic sources the edit tests patch, and a helper that parses an answer and applies it.
import { applyEdits } from '../../../src/core/edits/applyEdits';
import { parseEditAnswer } from '../../../src/core/edits/parseAnswer';
import type { ApplyOptions, EditContext } from '../../../src/core/edits/types';

export const cartPy = `"""Shopping cart."""
import math


class Item:
    def __init__(self, name, price, quantity=1):
        self.name = name
        self.price = price
        self.quantity = quantity


class Cart:
    def __init__(self):
        self.items = []

    def add(self, item):
        self.items.append(item)

    @property
    def total(self):
        return sum(item.price for item in self.items)

    def count(self):
        return len(self.items)


def discount(total, percent):
    return total - total * percent
`;

export const orderPy = `class Order:
    def __init__(self, lines):
        self.lines = lines

    def total(self):
        return sum(self.lines)
`;

export const testCartPy = `from shop.cart import Cart, Item


def test_total():
    cart = Cart()
    cart.add(Item("pen", 2.0, 3))
    assert cart.total == 6.0
`;

export const cartTs = `import { round } from './math';

export interface Item {
  name: string;
  price: number;
  quantity: number;
}

export class Cart {
  private items: Item[] = [];

  add(item: Item): void {
    this.items.push(item);
  }

  total(): number {
    return this.items.reduce((sum, item) => sum + item.price, 0);
  }
}

export function applyDiscount(total: number, percent: number): number {
  return round(total - total * percent);
}

export const count = (cart: Item[]) => cart.length;
`;

export const utilJs = `'use strict';

function clamp(value, min, max) {
  return Math.min(value, max);
}

module.exports = { clamp };
`;

export function python(): Map<string, string> {
  return new Map([
    ['shop/cart.py', cartPy],
    ['tests/test_cart.py', testCartPy],
  ]);
}

export async function fix(answer: string, files: Map<string, string>, context: Partial<EditContext> = {}, options: ApplyOptions = {}) {
  const parsed = await parseEditAnswer(answer, { files, ...context });
  const applied = await applyEdits(files, parsed.edits, { defaultFile: context.defaultFile, targets: context.targets, ...options });
  return { parsed, ...applied, reasons: applied.rejected.map((r) => r.reason) };
}

export const fence = (lang: string, code: string) => `\`\`\`${lang}\n${code}\n\`\`\``;
