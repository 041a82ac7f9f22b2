import { describe, expect, it } from 'vitest';
import { BadInputError } from '../errors.js';
import {
  gauntletLabels,
  isValidLabelValue,
  labelKeys,
  managedSelector,
  otherRunsSelector,
  runSelector,
  selectorFor,
  suiteSelector,
} from './labels.js';

const run = '20250101-120000-abcd';

describe('labels', () => {
  it('label set for a run and suite', () => {
    expect(gauntletLabels(run, 'isolation')).toEqual({
      'app.kubernetes.io/managed-by': 'sandbox-gauntlet',
      'sandbox-gauntlet.dev/run-id': run,
      'sandbox-gauntlet.dev/suite': 'isolation',
    });
    expect(labelKeys.runId).toBe('sandbox-gauntlet.dev/run-id');
  });

  it('rejects values Kubernetes would refuse', () => {
    expect(() => gauntletLabels(run, 'has space')).toThrow(BadInputError);
    expect(() => gauntletLabels('', 'isolation')).toThrow(BadInputError);
    expect(() => gauntletLabels(run, 'x'.repeat(64))).toThrow(BadInputError);
    expect(isValidLabelValue('a.b_c-d')).toBe(true);
    expect(isValidLabelValue('-a')).toBe(false);
  });

  it('builds selectors', () => {
    expect(selectorFor({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(managedSelector()).toBe('app.kubernetes.io/managed-by=sandbox-gauntlet');
    expect(runSelector(run)).toBe(`app.kubernetes.io/managed-by=sandbox-gauntlet,sandbox-gauntlet.dev/run-id=${run}`);
    expect(suiteSelector(run, 'chaos')).toBe(
      `app.kubernetes.io/managed-by=sandbox-gauntlet,sandbox-gauntlet.dev/run-id=${run},sandbox-gauntlet.dev/suite=chaos`,
    );
    expect(otherRunsSelector(run)).toBe(`app.kubernetes.io/managed-by=sandbox-gauntlet,sandbox-gauntlet.dev/run-id,sandbox-gauntlet.dev/run-id!=${run}`);
    expect(selectorFor(gauntletLabels(run, 'chaos'))).toBe(suiteSelector(run, 'chaos'));
  });
});
