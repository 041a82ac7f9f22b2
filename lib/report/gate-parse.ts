/**
 * Validates documents read from disk (results.json, a previous gate.json) before the gate or
 * the trend uses them; a bad document is bad input (exit 2), never a crash mid-report.
 */
import type { z } from 'zod';
import { BadInputError } from '../errors.js';
import { formatPath } from '../config/issues.js';
import { gateSchema, gateSchemaVersion, runResultsSchema, type Gate, type RunResults } from './gate-schema.js';

function parseWith<T>(schema: z.ZodType<T>, json: unknown, source: string, hint: string): T {
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const lines = r.error.issues.slice(0, 20).map((i) => `  - ${formatPath(i.path)}: ${i.message}`);
  const more = r.error.issues.length > 20 ? `\n  (${r.error.issues.length - 20} more)` : '';
  throw new BadInputError(`${source} is not valid:\n${lines.join('\n')}${more}`, hint);
}

export function parseRunResults(json: unknown, source = 'results.json'): RunResults {
  return parseWith(runResultsSchema, json, source, 'The suites write this file; rerun them, or check that the reporter and the gate come from the same version.');
}

export function parseGate(json: unknown, source = 'gate.json'): Gate {
  const version = (json as { schema?: unknown } | null)?.schema;
  if (version !== gateSchemaVersion) {
    throw new BadInputError(
      `${source} has schema ${JSON.stringify(version)}; this harness reads ${gateSchemaVersion}`,
      'Compare against a gate.json written by this version of the harness, or drop the previous gate to skip the trend.',
    );
  }
  return parseWith(gateSchema, json, source, 'The file may be truncated or edited by hand; use the gate.json a run wrote.');
}
