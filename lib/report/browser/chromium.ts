/**
 * The system's Chromium (Debian's `chromium` package), headless, through playwright-core.
 * playwright-core only drives the executable it is given and has no install step, so no
 * browser is ever downloaded: the executable is always the one found here.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { BrowserUnavailableError } from '../../errors.js';

/** Names the Chromium executable to use instead of the one found on PATH. */
export const chromiumVar = 'GAUNTLET_CHROMIUM';

const executableNames = ['chromium', 'chromium-browser'];
const installHint = `Install Debian's package (apt-get install chromium; fixtures/cluster/scripts/install-deps.sh does), or set ${chromiumVar} to a Chromium executable.`;

const isExecutable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The Chromium executable: $GAUNTLET_CHROMIUM, else `chromium` or `chromium-browser` on PATH. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const named = env[chromiumVar];
  if (named) {
    if (isExecutable(named)) return named;
    throw new BrowserUnavailableError(`${chromiumVar}=${named} is not an executable`, installHint);
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of executableNames) {
    const found = dirs.map((d) => join(d, name)).find(isExecutable);
    if (found) return found;
  }
  throw new BrowserUnavailableError(`no Chromium on PATH (looked for ${executableNames.join(', ')})`, installHint);
}

/** A headless Chromium; the caller closes it. */
export async function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  const executablePath = findChromium(env);
  const { chromium } = await import('playwright-core');
  try {
    return await chromium.launch({ executablePath, headless: true });
  } catch (err) {
    const first = ((err as Error).message ?? String(err)).split('\n')[0];
    throw new BrowserUnavailableError(`Chromium at ${executablePath} did not start: ${first}`, installHint, { cause: err });
  }
}
