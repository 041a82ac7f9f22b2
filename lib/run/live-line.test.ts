import { afterEach, describe, expect, it, vi } from 'vitest';
import { partialLineFlushMs } from '../timeouts.js';
import { LiveLine, type Terminal } from './live-line.js';

/** A terminal that records the writes, as text with the control sequences spelled out. */
function fakeTerminal(columns = 40): Terminal & { text: () => string } {
  const writes: string[] = [];
  return {
    columns,
    write: (s: string) => writes.push(s) > 0,
    // eslint-disable-next-line no-control-regex -- the terminal's escape (ESC [2K) is what the line writes
    text: () => writes.join('').replace(/\r\x1b\[2K/g, '<clear>'),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the live line', () => {
  it('is rewritten in place, cut to the terminal\'s width, and taken away with an empty text', () => {
    const term = fakeTerminal(10);
    const line = new LiveLine(term);
    line.set('tests 1/4');
    line.set('tests 2/4 and a much longer tail');
    line.set('');
    expect(term.text()).toBe('<clear>tests 1/4<clear>tests 2/…<clear>');
  });

  it('falls back to a default width on a terminal that reports 0 columns (a pty without a size)', () => {
    const term = fakeTerminal(0);
    new LiveLine(term).set('suite 1/1 isolation 7/193');
    expect(term.text()).toBe('<clear>suite 1/1 isolation 7/193');
  });

  it('our own lines go above it: cleared, written, drawn again', () => {
    const term = fakeTerminal();
    const line = new LiveLine(term);
    line.set('status');
    line.log('[run 12:00:00] suite chaos');
    expect(term.text()).toBe('<clear>status<clear>[run 12:00:00] suite chaos\n<clear>status');
  });

  it('a child\'s output passes a whole line at a time, the line redrawn after it, never inside one', () => {
    const term = fakeTerminal();
    const out = fakeTerminal();
    const line = new LiveLine(term);
    line.set('status');
    const sink = line.passthrough(out);
    sink.write(Buffer.from(' ✓ suites/a.test.ts (2 tests'));
    expect(out.text()).toBe('');
    sink.write(Buffer.from(')\n ✓ suites/b'));
    expect(out.text()).toBe(' ✓ suites/a.test.ts (2 tests)\n');
    expect(term.text()).toBe('<clear>status<clear><clear>status');
    sink.end();
    expect(out.text()).toBe(' ✓ suites/a.test.ts (2 tests)\n ✓ suites/b\n');
  });

  it('a multi-byte character split between chunks arrives whole', () => {
    const out = fakeTerminal();
    const sink = new LiveLine(fakeTerminal()).passthrough(out);
    const bytes = Buffer.from('✓ ok\n');
    sink.write(bytes.subarray(0, 1));
    sink.write(bytes.subarray(1));
    expect(out.text()).toBe('✓ ok\n');
  });

  it('a partial line is let through after a while; the live line waits until that line ends', () => {
    vi.useFakeTimers();
    const term = fakeTerminal();
    const out = fakeTerminal();
    const line = new LiveLine(term);
    line.set('status');
    const sink = line.passthrough(out);
    sink.write('Password: ');
    vi.advanceTimersByTime(partialLineFlushMs + 1);
    expect(out.text()).toBe('Password: ');
    line.set('status 2');
    expect(term.text()).toBe('<clear>status<clear>');
    sink.write('\n');
    expect(term.text()).toBe('<clear>status<clear><clear>status 2');
  });
});
