/**
 * Child process of lib/run/collect-tests.ts: vitest collects the projects' files without
 * running a test (its Node API, not `vitest list`: one file that cannot be collected must not
 * hide every other file's tests) and the result is written as JSON to the file named first.
 * Usage: collect-tests-main.ts <out.json> <request JSON>.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { createVitest } from 'vitest/node';
import type { Collected } from './test-plan.js';
import { grepName, willRun } from './test-names.js';

interface Request {
  projects: string[];
  grep?: string;
  files?: string[];
}

const [out, raw] = process.argv.slice(2);
if (out === undefined || raw === undefined) throw new Error('usage: collect-tests-main.ts <out.json> <request JSON>');
const request = JSON.parse(raw) as Request;

const vitest = await createVitest('test', {
  project: request.projects,
  watch: false,
  run: true,
  passWithNoTests: true,
  ...(request.grep !== undefined && { testNamePattern: request.grep }),
  // Collection only defines tests: the files may share one worker's module cache (seconds
  // instead of a quarter of a minute), and a reporter that does nothing writes no report.
  isolate: false,
  fileParallelism: true,
  reporters: [{}],
});
try {
  const { testModules, unhandledErrors } = await vitest.collect(request.files ?? []);
  const collected: Collected = {
    modules: testModules.map((m) => {
      const error = m.errors()[0];
      return {
        project: m.project.name,
        file: relative(vitest.config.root, m.moduleId),
        tests: [...m.children.allTests()].filter(willRun).map(grepName),
        ...(error && { error: { name: error.name ?? 'Error', message: error.message } }),
      };
    }),
    errors: unhandledErrors.map((e) => (e instanceof Error ? e.message : String((e as { message?: unknown }).message ?? e))),
  };
  writeFileSync(out, JSON.stringify(collected));
} finally {
  await vitest.close();
}
// vitest sets exitCode 1 when a file failed to collect; that is data here, not failure.
process.exit(0);
