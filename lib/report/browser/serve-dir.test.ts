import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileUnder, serveDir } from './serve-dir.js';

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('serveDir', () => {
  it('maps request paths to files under the root, never outside it', () => {
    expect(fileUnder('/r', '/')).toBe('/r/index.html');
    expect(fileUnder('/r', '/widgets/tree.json')).toBe('/r/widgets/tree.json');
    expect(fileUnder('/r', '/a%20b.txt')).toBe('/r/a b.txt');
    expect(fileUnder('/r', '/../etc/passwd')).toBeUndefined();
    expect(fileUnder('/r', '/%2e%2e/etc/passwd')).toBeUndefined();
    expect(fileUnder('/r', '/%E0%A4%A')).toBeUndefined();
  });

  it('serves files with their content type on the loopback address, and 404 for the rest', async () => {
    writeFileSync(join(dir, 'index.html'), '<p>hi</p>');
    writeFileSync(join(dir, 'data.json'), '{"a":1}');
    const served = await serveDir(dir);
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await fetch(served.url);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toBe('<p>hi</p>');
      expect(await (await fetch(`${served.url}data.json`)).json()).toEqual({ a: 1 });
      expect((await fetch(`${served.url}missing.json`)).status).toBe(404);
    } finally {
      await served.close();
    }
  });
});
