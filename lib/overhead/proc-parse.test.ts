import { describe, expect, it } from 'vitest';
import { cpuMsOf, parseProcStat, parseSmapsRollup } from './proc-parse.js';

// A Sentry's smaps_rollup on the local cluster's node (kernel 6.18).
const sentryRollup = `00400000-7ffe2574f000 ---p 00000000 00:00 0                              [rollup]
Rss:               35032 kB
Pss:               19296 kB
Pss_Dirty:          8609 kB
Pss_Anon:           8037 kB
Pss_File:          10664 kB
Pss_Shmem:           594 kB
Shared_Clean:      19720 kB
Private_Clean:      6344 kB
Private_Dirty:      8264 kB
Swap:                  0 kB
SwapPss:               0 kB`;

describe('parseSmapsRollup', () => {
  it('reads RSS, PSS, the PSS by backing and the private pages (USS), and no other line', () => {
    expect(parseSmapsRollup(sentryRollup)).toEqual({ rssKb: 35032, pssKb: 19296, pssAnonKb: 8037, pssFileKb: 10664, pssShmemKb: 594, privateKb: 6344 + 8264 });
  });

  it('reads a kernel older than 5.9 without the PSS split', () => {
    expect(parseSmapsRollup('Rss:  100 kB\nPss:   40 kB\nSwap: 0 kB')).toEqual({ rssKb: 100, pssKb: 40 });
  });

  it('has no figures for an empty file (a kernel thread, a process gone)', () => {
    expect(parseSmapsRollup('')).toBeUndefined();
    expect(parseSmapsRollup('Rss: 10 kB')).toBeUndefined();
  });
});

describe('parseProcStat', () => {
  const sentry = '2654 (exe) S 2632 2654 2654 0 -1 4194560 5296 962 0 0 121 269 7 3 20 0 21 0 4592656 3494109184 8682 18446744073709551615';

  it('reads ppid, utime, stime, cutime, cstime and starttime by their proc(5) field numbers', () => {
    expect(parseProcStat(sentry)).toEqual({ pid: 2654, comm: 'exe', ppid: 2632, utime: 121, stime: 269, cutime: 7, cstime: 3, starttime: 4592656 });
  });

  it('takes comm up to the last parenthesis, so a name with spaces and ")" does not shift the fields', () => {
    const s = parseProcStat('77 (a) b (c)) S 1 77 77 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 900 0 0');
    expect(s).toMatchObject({ comm: 'a) b (c)', ppid: 1, utime: 5, stime: 6, starttime: 900 });
  });

  it('refuses a truncated line rather than read zeros', () => {
    expect(parseProcStat('77 (sh) S 1 77')).toBeUndefined();
    expect(parseProcStat('garbage')).toBeUndefined();
  });

  it('turns ticks into ms with the node clock rate, the reaped children included', () => {
    const s = parseProcStat(sentry);
    expect(s && cpuMsOf(s, 100)).toBe(4000);
    expect(s && cpuMsOf(s, 250)).toBe(1600);
  });
});
