/** A stock-keeping unit such as `TOOL-0042-BL`: category, number, optional variant. */
export interface Sku {
  category: string;
  number: number;
  variant?: string;
}

const SKU_PATTERN = /^([A-Z]{2,6})-(\d{4})(?:-([A-Z]{1,3}))?$/;

export function parseSku(text: string): Sku {
  const match = SKU_PATTERN.exec(text.trim().toUpperCase());
  if (!match) throw new Error(`not a SKU: ${JSON.stringify(text)}`);
  const [, category, number, variant] = match;
  return variant ? { category, number: Number(number), variant } : { category, number: Number(number) };
}

export function formatSku(sku: Sku): string {
  const base = `${sku.category}-${String(sku.number).padStart(4, '0')}`;
  return sku.variant ? `${base}-${sku.variant}` : base;
}
