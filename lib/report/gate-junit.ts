/**
 * junit-gate.xml: the verdict in CI's test views, valid against the Jenkins xUnit plugin's
 * junit-10.xsd (fixtures/junit/). One <testsuite> per area, one <testcase> per area and judged
 * item (gate-junit-items.ts). FAIL → <failure>, INCONCLUSIVE (it always blocks) → <error>,
 * never <skipped>; <skipped> only for what is no verdict (not tried, not applicable, not run).
 *
 * junit-10.xsd allows <properties> on a <testsuite> only, so an item's numbers (n, seeds,
 * confidence intervals, figures) are the suite's properties named `<testcase name>: <key>`.
 */
import { create } from 'xmlbuilder2';
import { gateAreas } from '../vocabulary.js';
import { gateItems, type GateItem } from './gate-junit-items.js';
import type { Gate } from './gate-schema.js';

type XmlNode = ReturnType<typeof create>;

const count = (items: readonly GateItem[], status: GateItem['outcome']['status']): number => items.filter((i) => i.outcome.status === status).length;

function testcase(suite: XmlNode, item: GateItem): void {
  const tc = suite.ele('testcase', { name: item.name, classname: `gate.${item.area}${item.kind === 'area' ? '' : `.${item.kind}`}` });
  const o = item.outcome;
  if (o.status === 'failed') tc.ele('failure', { type: 'FAIL', message: o.reasons.join('; ') }).txt(o.reasons.join('\n'));
  else if (o.status === 'inconclusive') tc.ele('error', { type: `INCONCLUSIVE (${o.causes.join(', ') || 'unknown'})`, message: o.reasons.join('; ') }).txt(o.reasons.join('\n'));
  else if (o.status === 'not-judged') tc.ele('skipped', { message: o.reason });
  if (item.notes.length > 0) tc.ele('system-out').txt(item.notes.join('\n'));
}

export function renderGateJunit(gate: Gate): string {
  const items = gateItems(gate);
  const root = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' }).ele('testsuites', {
    name: `sandbox-gauntlet gate ${gate.runId}: ${gate.verdict} (exit ${gate.exitCode})`,
    tests: String(items.length),
    failures: String(count(items, 'failed')),
    errors: String(count(items, 'inconclusive')),
  });
  for (const area of gateAreas) {
    const own = items.filter((i) => i.area === area);
    const suite = root.ele('testsuite', {
      name: area,
      tests: String(own.length),
      failures: String(count(own, 'failed')),
      errors: String(count(own, 'inconclusive')),
      skipped: String(count(own, 'not-judged')),
      timestamp: gate.generatedAt,
    });
    const props = suite.ele('properties');
    const gateProps: [string, string][] = [['run-id', gate.runId], ['gate verdict', gate.verdict], ['exit code', String(gate.exitCode)]];
    for (const [name, value] of gateProps) props.ele('property', { name, value });
    for (const i of own) for (const [key, value] of i.properties) props.ele('property', { name: `${i.name}: ${key}`, value });
    for (const i of own) testcase(suite, i);
  }
  return root.end({ prettyPrint: true }) + '\n';
}
