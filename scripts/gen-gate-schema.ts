/** `npm run gen:gate-schema`: writes docs/gate.schema.json from lib/report/gate-schema.ts. */
import { writeFileSync } from 'node:fs';
import { gateJsonSchemaFile, renderGateJsonSchema } from '../lib/report/gate-json-schema.js';

writeFileSync(gateJsonSchemaFile, renderGateJsonSchema());
process.stderr.write(`gen-gate-schema: wrote ${gateJsonSchemaFile}\n`);
