#!/usr/bin/env node
// Copies the screenshots the end-to-end tests saved for the walkthrough
// (test-results/e2e/walkthrough/<name>.png, see Workbench.walkthroughShot) over the images the
// manifest's walkthrough steps show (media/walkthrough/<name>.png). Run `npm run test:e2e` first.
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shots = path.join(repoRoot, 'test-results', 'e2e', 'walkthrough');
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const images = (manifest.contributes.walkthroughs ?? []).flatMap((w) => w.steps.map((s) => s.media?.image).filter(Boolean));

let copied = 0;
for (const image of images) {
  const source = path.join(shots, path.basename(image));
  if (!existsSync(source)) {
    console.log(`kept     ${image} (no ${path.relative(repoRoot, source)}: no E2E test saves it yet)`);
    continue;
  }
  copyFileSync(source, path.join(repoRoot, image));
  copied++;
  console.log(`updated  ${image} (${Math.round(statSync(source).size / 1024)} KB)`);
}
console.log(`${copied} of ${images.length} walkthrough images updated`);
