/**
 * How a vitest project ended, from vitest's JSON report (reports/<run-id>/vitest-<project>.json),
 * for the gate: a failed test fails its area (lib/report/gate.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { GateArea } from '../vocabulary.js';
import type { SuiteOutcome } from './gate-schema.js';

/**
 * The gate area each end-to-end project feeds: a failed test fails that area. `workloads` feeds
 * compatibility with its tests and the performance area with its timings too (areasOfProject).
 */
export const areaOfProject = { performance: 'performance', workloads: 'compatibility', isolation: 'security', chaos: 'resilience' } as const satisfies Record<string, GateArea>;
export type SuiteProject = keyof typeof areaOfProject;
export const suiteProjects = Object.keys(areaOfProject) as SuiteProject[];

/** Every area a project's records feed: its own, and the performance area for the workloads' timings. */
export function areasOfProject(project: string): GateArea[] {
  if (!(project in areaOfProject)) return [];
  const own = areaOfProject[project as SuiteProject];
  return project === 'workloads' ? [own, 'performance'] : [own];
}

interface VitestJson {
  numTotalTests?: number;
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  testResults?: { assertionResults?: { fullName?: string; title?: string; status?: string }[] }[];
}

const maxFailedNames = 10;

/** Pure: the outcome from a parsed report; `json` undefined when vitest wrote none (crashed early). */
export function suiteOutcomeFrom(json: VitestJson | undefined, project: SuiteProject, exitCode: number | null, durationMs: number): SuiteOutcome {
  const failedTests = (json?.testResults ?? [])
    .flatMap((f) => f.assertionResults ?? [])
    .filter((a) => a.status === 'failed')
    .map((a) => (a.fullName ?? a.title ?? '?').trim())
    .slice(0, maxFailedNames);
  return {
    project,
    area: areaOfProject[project],
    exitCode,
    tests: {
      total: json?.numTotalTests ?? 0,
      passed: json?.numPassedTests ?? 0,
      failed: json?.numFailedTests ?? 0,
      skipped: (json?.numPendingTests ?? 0) + (json?.numTodoTests ?? 0),
    },
    failedTests,
    durationMs,
  };
}

/** Reads the project's JSON report if vitest wrote one; an unreadable one counts as none. */
export function readSuiteOutcome(file: string, project: SuiteProject, exitCode: number | null, durationMs: number): SuiteOutcome {
  let json: VitestJson | undefined;
  if (existsSync(file)) {
    try {
      json = JSON.parse(readFileSync(file, 'utf8')) as VitestJson;
    } catch {
      json = undefined;
    }
  }
  return suiteOutcomeFrom(json, project, exitCode, durationMs);
}
