/**
 * One status line at the bottom of a terminal, rewritten in place, with other output above
 * it. Everything written to the terminal while the line is shown must come through here:
 * the line is cleared, the output written, the line drawn again. A child's output is let
 * through whole lines at a time, so the line never lands in the middle of one of them.
 */
import { StringDecoder } from 'node:string_decoder';
import { partialLineFlushMs } from '../timeouts.js';
import { fitToWidth } from './progress-line.js';

/** The part of a stream the line needs (process.stderr, process.stdout, or a test's fake). */
export interface Terminal {
  write(chunk: string): boolean;
  columns?: number;
}

/** Where a child's stream goes: `write` per chunk as it arrives, `end` when the child closed it. */
export interface ChunkSink {
  write(chunk: Buffer | string): void;
  end(): void;
}

const clearLine = '\r\x1b[2K';
const defaultColumns = 80;

export class LiveLine {
  private text = '';
  private drawn = false;
  /** Streams that were left in the middle of a line: the live line waits until it ends. */
  private readonly openLines = new Set<object>();

  constructor(private readonly term: Terminal) {}

  /** Show `text` as the live line (one write: no flicker); '' takes it away. */
  set(text: string): void {
    this.text = text;
    if (text === '') return this.stop();
    if (this.openLines.size > 0) return;
    // A pty without a size reports 0 columns: the default then, not an empty line.
    this.term.write(`${clearLine}${fitToWidth(text, (this.term.columns || defaultColumns) - 1)}`);
    this.drawn = true;
  }

  /** A whole line of our own, above the live line. */
  log(line: string): void {
    this.around(() => this.term.write(`${line.endsWith('\n') ? line : `${line}\n`}`));
  }

  /** A sink for a child's stream that goes to `target`; whole lines pass at once, a partial one after partialLineFlushMs. */
  passthrough(target: Terminal): ChunkSink {
    const decoder = new StringDecoder('utf8');
    const key = {};
    let pending = '';
    let timer: NodeJS.Timeout | undefined;
    const flushPartial = (): void => {
      timer = undefined;
      if (pending === '') return;
      const text = pending;
      pending = '';
      this.openLines.add(key);
      this.around(() => target.write(text));
    };
    return {
      write: (chunk) => {
        pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
        const end = pending.lastIndexOf('\n');
        if (end >= 0) {
          const whole = pending.slice(0, end + 1);
          pending = pending.slice(end + 1);
          this.openLines.delete(key);
          this.around(() => target.write(whole));
        }
        clearTimeout(timer);
        timer = pending === '' ? undefined : setTimeout(flushPartial, partialLineFlushMs);
        timer?.unref();
      },
      end: () => {
        clearTimeout(timer);
        pending += decoder.end();
        if (pending !== '') this.around(() => target.write(pending.endsWith('\n') ? pending : `${pending}\n`));
        pending = '';
        this.openLines.delete(key);
        this.set(this.text);
      },
    };
  }

  /** Take the line away (at the end, or before output that does not come through here). */
  stop(): void {
    if (this.drawn) this.term.write(clearLine);
    this.drawn = false;
  }

  private around(write: () => void): void {
    this.stop();
    write();
    this.set(this.text);
  }
}
