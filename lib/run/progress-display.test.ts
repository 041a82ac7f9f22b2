import { describe, expect, it } from 'vitest';
import { plainProgressHeartbeatMs, plainProgressMinGapMs } from '../timeouts.js';
import { colourEnv, LiveDisplay, PlainDisplay, wantsLiveLine } from './progress-display.js';
import { sampleProgress } from './testdata/progress-factory.js';

const progress = sampleProgress;

describe('choosing the display', () => {
  it('the live line only on a terminal that can move its cursor, outside CI', () => {
    expect(wantsLiveLine({ isTTY: true }, {})).toBe(true);
    expect(wantsLiveLine({ isTTY: true }, { CI: 'true' })).toBe(false);
    expect(wantsLiveLine({ isTTY: true }, { CI: 'false' })).toBe(true);
    expect(wantsLiveLine({ isTTY: false }, {})).toBe(false);
    expect(wantsLiveLine({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(wantsLiveLine({}, {})).toBe(false);
  });

  it('vitest keeps its colours when its piped output ends on a terminal, unless the user said otherwise', () => {
    expect(colourEnv({ isTTY: true }, {})).toEqual({ FORCE_COLOR: '1' });
    expect(colourEnv({ isTTY: true }, { NO_COLOR: '1' })).toEqual({});
    expect(colourEnv({ isTTY: true }, { FORCE_COLOR: '0' })).toEqual({});
    expect(colourEnv({ isTTY: false }, {})).toEqual({});
  });
});

describe('plain progress lines (CI)', () => {
  it('a line when the counts changed, no closer than the minimum gap; a heartbeat when nothing changes', () => {
    let t = 0;
    const lines: string[] = [];
    const d = new PlainDisplay((m) => lines.push(m), () => {}, () => t);
    d.update(progress({ phase: 'doctor' }));
    expect(lines).toEqual([]);
    d.update(progress());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('progress: suites · 0s elapsed');
    t += plainProgressMinGapMs - 1;
    d.update(progress({ totals: { done: 1, passed: 1, failed: 0, skipped: 0 } }));
    expect(lines).toHaveLength(1);
    t += 1;
    d.update(progress({ totals: { done: 1, passed: 1, failed: 0, skipped: 0 } }));
    expect(lines).toHaveLength(2);
    t += plainProgressMinGapMs;
    d.update(progress({ totals: { done: 1, passed: 1, failed: 0, skipped: 0 } }));
    expect(lines).toHaveLength(2);
    t += plainProgressHeartbeatMs;
    d.update(progress({ totals: { done: 1, passed: 1, failed: 0, skipped: 0 } }));
    expect(lines).toHaveLength(3);
    expect(d.suiteOutput()).toBeUndefined();
  });
});

describe('the live display', () => {
  it('shows the line while the suites run and takes it away before and after; suites\' output goes through it', () => {
    const err: string[] = [];
    const out: string[] = [];
    const d = new LiveDisplay({ columns: 200, isTTY: true, write: (s: string) => err.push(s) > 0 }, { isTTY: true, write: (s: string) => out.push(s) > 0 });
    d.update(progress({ phase: 'doctor' }));
    expect(err).toEqual([]);
    d.update(progress());
    expect(err.join('')).toBe('\r\x1b[2K[run] suites · 0s elapsed');
    const io = d.suiteOutput();
    expect(io.env).toEqual(process.env.NO_COLOR === undefined && process.env.FORCE_COLOR === undefined ? { FORCE_COLOR: '1' } : {});
    io.stdout.write('line of vitest\n');
    expect(out).toEqual(['line of vitest\n']);
    const before = err.length;
    d.update(progress({ phase: 'reports' }));
    expect(err.slice(before)).toEqual(['\r\x1b[2K']);
  });
});
