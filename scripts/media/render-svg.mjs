#!/usr/bin/env node
// Renders an SVG to a PNG with Debian's headless Chromium (no image tools needed):
//   node scripts/media/render-svg.mjs media/icon.svg media/icon.png 128 [height]
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [input, output, width = '128', height = width] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: render-svg.mjs IN.svg OUT.png [WIDTH] [HEIGHT]');
  process.exit(2);
}
const executablePath = process.env.SELFDEBUG_E2E_CHROMIUM || '/usr/bin/chromium';
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
  const svg = readFileSync(input, 'utf8').replace('<svg ', `<svg style="display:block;white-space:pre;width:${width}px;height:${height}px" `);
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.screenshot({ path: output, omitBackground: true });
} finally {
  await browser.close();
}
