import { describe, expect, it } from 'vitest';
import { projectFromArgv } from './report-files.js';

describe('projectFromArgv', () => {
  it('finds one named project in either spelling', () => {
    expect(projectFromArgv(['node', 'vitest', 'run', '--project', 'isolation'])).toBe('isolation');
    expect(projectFromArgv(['run', '--project=chaos', 'x.test.ts'])).toBe('chaos');
  });
  it('is undefined for none, several, or a name unsafe in a file name', () => {
    expect(projectFromArgv(['run'])).toBeUndefined();
    expect(projectFromArgv(['--project', 'a', '--project', 'b'])).toBeUndefined();
    expect(projectFromArgv(['--project', '../x'])).toBeUndefined();
  });
});
