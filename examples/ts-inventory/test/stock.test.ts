import { describe, expect, it } from 'vitest';
import { Inventory } from '../src/stock';

function warehouse(): Inventory {
  const inventory = new Inventory();
  inventory.add('TOOL-0042', 10, 12.5, 4);
  inventory.add('PAINT-0007-RD', 3, 8.99, 2);
  return inventory;
}

describe('Inventory', () => {
  it('normalises SKUs', () => {
    expect(warehouse().get('tool-0042').onHand).toBe(10);
  });

  it('reserves and ships units', () => {
    const inventory = warehouse();
    inventory.reserve('TOOL-0042', 3);
    inventory.ship('TOOL-0042', 3);
    expect(inventory.get('TOOL-0042')).toMatchObject({ onHand: 7, reserved: 0 });
  });

  it('cannot reserve units that are already reserved', () => {
    const inventory = warehouse();
    inventory.reserve('TOOL-0042', 8);
    expect(() => inventory.reserve('TOOL-0042', 5)).toThrow(/only 2 of TOOL-0042 available/);
    expect(inventory.available('TOOL-0042')).toBe(2);
  });

  it('reports low stock at the reorder point', () => {
    const inventory = warehouse();
    inventory.reserve('TOOL-0042', 6);
    expect(inventory.isLowStock('TOOL-0042')).toBe(true);
  });

  it('lists low-stock items', () => {
    const inventory = warehouse();
    inventory.reserve('PAINT-0007-RD', 2);
    expect(inventory.lowStock()).toEqual(['PAINT-0007-RD']);
  });

  it('values the stock to the cent', () => {
    expect(warehouse().totalValue()).toBe(151.97);
  });
});
