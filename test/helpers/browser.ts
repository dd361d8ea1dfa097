/**
 * A real headless Chromium for the admin page's end-to-end tests, driven by playwright-core.
 * The browser comes from the system (Debian's `chromium`, which `.ci/run` installs); without one
 * the browser tests are skipped with a message, except in CI where a missing browser is a failure.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(): string | null {
  const configured = process.env.MOCKLOOP_CHROMIUM;
  if (configured) return existsSync(configured) ? configured : null;
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

export const CHROMIUM = findChromium();

if (!CHROMIUM) {
  const message = `no Chromium found (looked at $MOCKLOOP_CHROMIUM, ${CANDIDATES.join(', ')}): the admin page's browser tests are SKIPPED. Install it with "apt-get install -y chromium".`;
  if (process.env.CI === 'true') throw new Error(`[mockloop tests] CI: ${message}`);
  console.warn(`[mockloop tests] ${message}`);
}

export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('no Chromium');
  // --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}
