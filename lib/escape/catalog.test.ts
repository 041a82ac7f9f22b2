import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../cluster/settings.js';
import { escapeCatalog, targetTags } from './catalog.js';
import { renderEscapeCatalog } from './catalog-markdown.js';

// The probe's registry, read from its Go source: a catalog entry must name an attempt the probe has.
const probeRegistry = readFileSync(join(repoRoot, 'fixtures', 'probe', 'attempts.go'), 'utf8');
const probeIds = new Set([...probeRegistry.matchAll(/^\t\{"([a-z0-9.-]+)", "/gm)].map((m) => m[1]));
const taggable = new Set([...probeRegistry.matchAll(/^\t\{"([a-z0-9.-]+)",.*, "(url|addr|dns-server)"\},$/gm)].map((m) => m[1]));

describe('escape catalog', () => {
  it('holds at least 25 attempts with unique ids, evidence, a control and references', () => {
    expect(escapeCatalog.length).toBeGreaterThanOrEqual(25);
    expect(new Set(escapeCatalog.map((a) => a.id)).size).toBe(escapeCatalog.length);
    for (const a of escapeCatalog) {
      expect(a.success, a.id).not.toBe('');
      expect(a.control, a.id).not.toBe('');
      expect(a.references.length, a.id).toBeGreaterThan(0);
      expect(a.expected.control.runc).toBe('escaped');
      expect(a.expected.hardened.runsc, a.id).not.toBe('escaped');
    }
  });

  it('names only attempts the probe has, and tags only attempts that take a target', () => {
    expect(probeIds.size).toBeGreaterThanOrEqual(26);
    for (const a of escapeCatalog) {
      expect(probeIds.has(a.probe.attempt), `${a.id}: probe attempt ${a.probe.attempt}`).toBe(true);
      if (a.probe.tag) {
        expect(taggable.has(a.probe.attempt), `${a.id}: ${a.probe.attempt} takes no target`).toBe(true);
        expect(targetTags).toContain(a.probe.tag);
      }
    }
  });

  it('is what docs/escape-catalog.md says', () => {
    expect(readFileSync(join(repoRoot, 'docs', 'escape-catalog.md'), 'utf8')).toBe(renderEscapeCatalog());
  });
});
