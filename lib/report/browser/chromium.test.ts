import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BrowserUnavailableError } from '../../errors.js';
import { chromiumVar, findChromium } from './chromium.js';

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-chromium-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const executable = (path: string): string => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
};

describe('findChromium', () => {
  it('takes the executable the environment names, else chromium, else chromium-browser on PATH', () => {
    const named = executable(join(dir, 'named', 'my-chromium'));
    const browser = executable(join(dir, 'b', 'chromium-browser'));
    const plain = executable(join(dir, 'c', 'chromium'));
    expect(findChromium({ [chromiumVar]: named, PATH: join(dir, 'c') })).toBe(named);
    expect(findChromium({ PATH: [join(dir, 'b'), join(dir, 'c')].join(':') })).toBe(plain);
    expect(findChromium({ PATH: join(dir, 'b') })).toBe(browser);
  });

  it('without one says where it looked and how to install it', () => {
    expect(() => findChromium({ PATH: join(dir, 'empty') })).toThrow(BrowserUnavailableError);
    expect(() => findChromium({ PATH: join(dir, 'empty') })).toThrow('no Chromium on PATH (looked for chromium, chromium-browser)');
    const notExecutable = join(dir, 'plain-file');
    writeFileSync(notExecutable, '');
    try {
      findChromium({ [chromiumVar]: notExecutable, PATH: join(dir, 'c') });
      expect.unreachable('a file that is not executable was taken');
    } catch (err) {
      expect((err as BrowserUnavailableError).message).toBe(`${chromiumVar}=${notExecutable} is not an executable`);
      expect((err as BrowserUnavailableError).hint).toContain('apt-get install chromium');
    }
  });
});
