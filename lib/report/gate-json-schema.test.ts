import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { computeGate } from './gate.js';
import { gateJsonSchemaFile, renderGateJsonSchema } from './gate-json-schema.js';
import { gateSchema } from './gate-schema.js';
import { attempt, passingRun, scenario, testThresholds } from './gate-test-data.js';

describe('docs/gate.schema.json is generated from the zod schema', () => {
  it('is exactly what `npm run gen:gate-schema` renders (run it after changing lib/report/gate-schema.ts)', () => {
    expect(readFileSync(gateJsonSchemaFile, 'utf8')).toBe(renderGateJsonSchema());
  });

  it('sees a schema that differs as different', () => {
    expect(renderGateJsonSchema(gateSchema.extend({ extra: z.string() }))).not.toBe(renderGateJsonSchema());
  });
});

describe('the published schema describes the gate.json the harness writes', () => {
  const validate = new Ajv2020({ allErrors: true }).compile(JSON.parse(readFileSync(gateJsonSchemaFile, 'utf8')) as object);
  // Through JSON, as a tool reads the file: no undefined, no Dates.
  const written = (g: unknown): unknown => JSON.parse(JSON.stringify(g));

  it('accepts gates as computeGate writes them: passing, and failing with skipped scenarios and attack-surface cells', () => {
    const at = { generatedAt: '2025-08-05T10:00:00.000Z' };
    const pass = computeGate(passingRun(), testThresholds(), at);
    expect(validate(written(pass)), JSON.stringify(validate.errors)).toBe(true);
    const r = passingRun();
    r.security.push(attempt('ptrace-host', { category: 'kernel', verdict: 'escaped' }), attempt('mount', { scope: 'attack-surface', probeOutcome: 'blocked' }));
    r.resilience.push(scenario('gvisor-daemonset-delete', [], { skipped: 'missing optional permission' }));
    r.infrastructureProblems = [{ area: 'performance', message: 'node lost' }];
    expect(validate(written(computeGate(r, testThresholds(), at))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects a gate that is not one: an unknown verdict, a missing area, another schema version', () => {
    const good = written(computeGate(passingRun(), testThresholds(), { generatedAt: '2025-08-05T10:00:00.000Z' })) as Record<string, unknown>;
    expect(validate({ ...good, verdict: 'MAYBE' })).toBe(false);
    const { resilience: _dropped, ...areas } = good.areas as Record<string, unknown>;
    expect(validate({ ...good, areas })).toBe(false);
    expect(validate({ ...good, schema: 'sandbox-gauntlet/gate/v0' })).toBe(false);
  });
});
