import { formatSku, parseSku } from './sku';

export interface StockItem {
  sku: string;
  onHand: number;
  reserved: number;
  /** Reorder when the available quantity falls to this level. */
  reorderPoint: number;
  unitCost: number;
}

export class Inventory {
  private readonly items = new Map<string, StockItem>();

  add(sku: string, quantity: number, unitCost: number, reorderPoint = 0): void {
    if (!Number.isInteger(quantity) || quantity <= 0) throw new RangeError(`quantity must be a positive integer, got ${quantity}`);
    const key = formatSku(parseSku(sku));
    const existing = this.items.get(key);
    if (existing) {
      existing.onHand += quantity;
      existing.unitCost = unitCost;
    } else {
      this.items.set(key, { sku: key, onHand: quantity, reserved: 0, reorderPoint, unitCost });
    }
  }

  get(sku: string): StockItem {
    const key = formatSku(parseSku(sku));
    const item = this.items.get(key);
    if (!item) throw new Error(`unknown SKU ${key}`);
    return item;
  }

  available(sku: string): number {
    const item = this.get(sku);
    return item.onHand - item.reserved;
  }

  /** Sets units aside for an order; fails when fewer units are available. */
  reserve(sku: string, quantity: number): void {
    const item = this.get(sku);
    if (quantity > item.onHand) {
      throw new Error(`only ${item.onHand - item.reserved} of ${item.sku} available, ${quantity} requested`);
    }
    item.reserved += quantity;
  }

  /** Ships reserved units: they leave the warehouse. */
  ship(sku: string, quantity: number): void {
    const item = this.get(sku);
    if (quantity > item.reserved) throw new Error(`only ${item.reserved} of ${item.sku} reserved`);
    item.reserved -= quantity;
    item.onHand -= quantity;
  }

  isLowStock(sku: string): boolean {
    const item = this.get(sku);
    return this.available(sku) < item.reorderPoint;
  }

  lowStock(): string[] {
    return [...this.items.keys()].filter((sku) => this.isLowStock(sku)).sort();
  }

  totalValue(): number {
    let cents = 0;
    for (const item of this.items.values()) cents += Math.round(item.unitCost * 100) * item.onHand;
    return cents / 100;
  }
}
