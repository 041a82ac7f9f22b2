/**
 * The Allure labels of every end-to-end test, from where it lives and what it claims: its gate
 * area (from the vitest project), the runtime it exercises ("… under runsc"), the escape attempt
 * (the matrix's describe is the catalog id), the performance condition, or the chaos scenario
 * (its describe), and a severity by area. Pure; fixtures/allure-labels.ts applies it to each test.
 */
import { escapeCatalog } from '../escape/catalog.js';
import { runtimes, type Runtime } from '../runtimes.js';
import type { Annotation, Severity } from './annotate.js';
import { areaOfProject, type SuiteProject } from './suite-outcome.js';

const severityOfArea: Record<string, Severity> = { security: 'critical', resilience: 'normal', performance: 'normal', compatibility: 'normal' };
const catalogIds = new Set(escapeCatalog.map((e) => e.id));

/** Pure: `names` is the test's path of names, outermost describe first, the test's own name last. */
export function labelsFor(project: string | undefined, names: readonly string[]): Annotation {
  const area = project !== undefined && project in areaOfProject ? areaOfProject[project as SuiteProject] : undefined;
  const text = names.join(' > ');
  const runtime: Runtime | undefined = runtimes.find((r) => new RegExp(`\\bunder ${r}\\b`).test(text));
  const attemptId = names.map((n) => n.replace(/ \(kernel attack surface\)$/, '')).find((n) => catalogIds.has(n));
  const condition = area === 'performance' ? /'([^']+)'/.exec(names[names.length - 1] ?? '')?.[1] : undefined;
  const scenario = area === 'resilience' ? names[0] : undefined;
  return {
    ...(area !== undefined && { feature: area, severity: severityOfArea[area] ?? 'normal' }),
    ...(runtime !== undefined && { runtime }),
    ...(attemptId !== undefined && { attemptId }),
    ...((condition !== undefined || scenario !== undefined) && { parameters: { ...(condition !== undefined && { condition }), ...(scenario !== undefined && { scenario }) } }),
  };
}
