/** The README's configuration reference names every field of the schema, so neither drifts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownFieldsAt } from './issues.js';
import { configSchema } from './schema.js';

function leafPaths(path: string[] = []): string[] {
  const fields = knownFieldsAt(configSchema, path);
  if (fields.length === 0) return [path.join('.')];
  return fields.flatMap((f) => leafPaths([...path, f]));
}

describe('README configuration reference', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const reference = readme.slice(readme.indexOf('## Configuration reference'));

  it('has a row for every field of lib/config/schema.ts', () => {
    const paths = leafPaths();
    expect(paths).toContain('performance.bootstrap.seed');
    expect(paths.filter((p) => !reference.includes(`| \`${p}\` |`))).toEqual([]);
  });

  it('documents no field the schema does not have', () => {
    const documented = [...reference.matchAll(/^\| `([a-zA-Z.]+)` \|/gm)].map((m) => m[1]);
    expect(documented.filter((p) => p !== undefined && !leafPaths().includes(p))).toEqual([]);
  });
});
