import { existsSync } from 'node:fs';

/** Debian's Chromium, driven by playwright-core (browsers are never downloaded). */
export const CHROMIUM = '/usr/bin/chromium';
/** As root on a closed network: no sandbox, no GPU, none of Chromium's own background traffic. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
export const hasChromium = existsSync(CHROMIUM);

/** Why a browser test cannot run here. */
export function noChromium(what: string): string {
  return `Chromium not found at ${CHROMIUM}: install Debian's browser with \`sudo apt-get install chromium\` to run the ${what} browser test.`;
}
