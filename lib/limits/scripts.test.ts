import { describe, expect, it } from 'vitest';
import { busyCommand, parseForkBombLog, parseHogLog, writeCommand } from './scripts.js';

describe('parseHogLog', () => {
  it('takes the last total, and whether it held all', () => {
    expect(parseHogLog('allocated 8 MiB\nallocated 16 MiB\n')).toEqual({ allocatedMiB: 16, done: false });
    expect(parseHogLog('allocated 256 MiB\ndone: held 256 MiB\n')).toEqual({ allocatedMiB: 256, done: true });
    expect(parseHogLog('')).toEqual({ allocatedMiB: 0, done: false });
  });
});

describe('parseForkBombLog', () => {
  it('reads the final line', () => {
    expect(parseForkBombLog('progress 64\nforked 1022 of cap 2048; stopped by: EAGAIN (Resource temporarily unavailable)\n')).toEqual({ forked: 1022, finished: true, stoppedBy: 'EAGAIN (Resource temporarily unavailable)' });
  });
  it('falls back to the last progress line when the sandbox died mid-way', () => {
    expect(parseForkBombLog('progress 128\nprogress 384\n')).toEqual({ forked: 384, finished: false });
  });
});

describe('commands', () => {
  it('runs as many busy loops as asked', () => {
    expect(busyCommand(2)).toEqual(['sh', '-c', 'while :; do :; done & while :; do :; done']);
  });
  it('writes with fsync to each path, then holds', () => {
    const cmd = writeCommand(['/tmp/fill'], 16, 90)[2] ?? '';
    expect(cmd).toContain('dd if=/dev/zero of=/tmp/fill bs=1M count=16 conv=fsync');
    expect(cmd).toMatch(/&& sleep 90$/);
  });
});
