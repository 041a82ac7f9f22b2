import { describe, expect, it } from 'vitest';
import { BadInputError } from './errors.js';
import { generateRunId, generatedRunIdPattern, isValidRunId, resolveRunId, runId } from './run-id.js';

describe('run id', () => {
  it('generates UTC YYYYMMDD-HHMMSS-<4 hex>', () => {
    const at = new Date(Date.UTC(2025, 0, 2, 3, 4, 5));
    expect(generateRunId(at, () => '0a1f')).toBe('20250102-030405-0a1f');
    expect(generateRunId()).toMatch(generatedRunIdPattern);
    expect(isValidRunId(generateRunId())).toBe(true);
  });

  it('takes GAUNTLET_RUN_ID when given and valid', () => {
    expect(resolveRunId({ GAUNTLET_RUN_ID: 'ci-4711' })).toBe('ci-4711');
    expect(resolveRunId({ GAUNTLET_RUN_ID: '  ' })).toMatch(generatedRunIdPattern);
    expect(resolveRunId({})).toMatch(generatedRunIdPattern);
    expect(() => resolveRunId({ GAUNTLET_RUN_ID: '../etc' })).toThrow(BadInputError);
    expect(() => resolveRunId({ GAUNTLET_RUN_ID: 'a'.repeat(64) })).toThrow(BadInputError);
  });

  it('is stable for the process and shared through the environment', () => {
    const first = runId();
    expect(runId()).toBe(first);
    expect(process.env.GAUNTLET_RUN_ID).toBe(first);
  });
});
