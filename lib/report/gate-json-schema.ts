/**
 * docs/gate.schema.json: gate.json's JSON Schema for other tools, generated from the zod
 * schema the harness itself validates with (gate-schema.ts), so the two cannot drift apart.
 * Pure; `npm run gen:gate-schema` writes the file and a unit test fails when it differs.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { gateSchema, gateSchemaVersion } from './gate-schema.js';

export const gateJsonSchemaFile = join(import.meta.dirname, '..', '..', 'docs', 'gate.schema.json');

/** The document as written: gate.json as the harness writes it (zod's output side: defaults applied). */
export function renderGateJsonSchema(schema: z.ZodType = gateSchema): string {
  const { $schema, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output' });
  const doc = {
    $schema,
    title: `sandbox-gauntlet gate.json (${gateSchemaVersion})`,
    description: 'The release gate a run writes to reports/<run-id>/gate.json. Generated from lib/report/gate-schema.ts by `npm run gen:gate-schema`; edit that, not this.',
    ...rest,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
