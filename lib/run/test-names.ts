/** The one way a test is named outside vitest: as its `-t` matches it (suites and test joined by spaces). */
import type { TestCase } from 'vitest/node';

/** Not TestCase.fullName, which joins with " > ": --grep, the JSON report and reruns use this form. */
export function grepName(t: Pick<TestCase, 'name' | 'parent'>): string {
  const names = [t.name];
  for (let p = t.parent; p.type === 'suite'; p = p.parent) names.unshift(p.name);
  return names.join(' ');
}

/** Statically skipped tests (`.skip`, `.todo`, not matched by -t) are not part of what runs. */
export const willRun = (t: Pick<TestCase, 'options'>): boolean => t.options.mode === 'run' || t.options.mode === 'only';

/** The same name from the runner's own task (a setup file's hooks get that, not a TestCase). */
export function taskGrepName(task: { name: string; suite?: { name: string; suite?: unknown } | undefined }): string {
  const names = [task.name];
  for (let s = task.suite; s; s = s.suite as typeof s) if (s.name !== '' && !('filepath' in s)) names.unshift(s.name);
  return names.join(' ');
}
