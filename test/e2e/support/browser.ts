// Debian's Chromium, headless, driven by playwright-core (which downloads no browser of its own).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(): string {
  const fromEnv = process.env.SELFDEBUG_E2E_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`SELFDEBUG_E2E_CHROMIUM=${fromEnv} does not exist`);
    return fromEnv;
  }
  const found = CANDIDATES.find((file) => existsSync(file));
  if (!found) throw new Error(`No Chromium found (looked at ${CANDIDATES.join(', ')}). Install Debian's "chromium" or set SELFDEBUG_E2E_CHROMIUM.`);
  return found;
}

export async function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: process.env.SELFDEBUG_E2E_HEADED !== '1',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
