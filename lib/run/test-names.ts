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
