import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.js';

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('atomic write', () => {
  it('replaces the file whole, makes its directory, and leaves no temporary file', () => {
    const file = join(dir, 'sub', 'progress.json');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['progress.json']);
  });
});
