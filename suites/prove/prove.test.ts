import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertEmbeddedTarget, selectSabotages } from '../../lib/prove/prove.js';
import { provePassed, proveSummary, renderProveTable } from '../../lib/prove/prove-table.js';
import { runSabotage, type ProveRow } from '../../lib/prove/run-sabotage.js';
import { runId as currentRunId } from '../../lib/run-id.js';

// Mutation testing of the harness: each sabotage breaks the embedded cluster in a known way,
// the smallest suite that should notice runs, and its gate must say FAIL for the stated reason;
// then the cluster is restored and must be healthy. GAUNTLET_PROVE_ONLY=<id,...> narrows it.
const chosen = selectSabotages(process.env.GAUNTLET_PROVE_ONLY?.split(',').filter(Boolean));
const rows: ProveRow[] = [];
const started = Date.now();

beforeAll(async () => {
  await assertEmbeddedTarget();
});

afterAll(() => {
  if (rows.length > 0) console.log(`\n${renderProveTable(rows)}\n\n${proveSummary(rows, Date.now() - started)} (all passed: ${provePassed(rows)})`);
});

describe('gauntlet prove: the gate fails for the stated reason on a broken cluster', () => {
  test.for(chosen.map((s, i) => [s.id, s, i] as const))('%s', async ([, s, i]) => {
    const row = await runSabotage(s, { proveRunId: currentRunId(), env: process.env, log: (l) => console.log(`[prove] ${l}`) }, i);
    rows.push(row);
    expect(row.problem, `${s.id}: the sabotage ran and was undone`).toBeUndefined();
    expect(row.detected, `${s.id}: ${s.area} must say ${row.expected}; it said ${row.verdict}: ${row.observed}`).toBe(true);
    expect(row.restored, `${s.id}: the cluster is healthy after the restore`).toBe(true);
  });
});
