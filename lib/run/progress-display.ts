/**
 * How `gauntlet run` shows its progress: on a terminal, one live line at the bottom of stderr
 * (lib/run/live-line.ts) with every other output let through above it; otherwise (CI, a pipe)
 * a plain timestamped line when the counts changed, and a heartbeat now and then.
 *
 * Live, vitest's output is piped through the CLI: with it inherited, vitest would write to the
 * terminal behind the line's back (and, seeing a terminal, draw its own in-place summary),
 * and the two would garble each other. Piped, vitest prints its plain per-file lines, kept in
 * colour when stdout is a terminal, and the line is redrawn after each of them.
 */
import { plainProgressHeartbeatMs, plainProgressMinGapMs } from '../timeouts.js';
import { LiveLine, type ChunkSink, type Terminal } from './live-line.js';
import { progressLine } from './progress-line.js';
import type { RunProgress } from './progress-schema.js';

export interface ProgressDisplay {
  readonly live: boolean;
  update(p: RunProgress): void;
  /** A line of the CLI's own. */
  log(line: string): void;
  /** Where a suite's vitest output goes, and what it adds to vitest's environment; undefined: inherit the terminal. */
  suiteOutput(): { stdout: ChunkSink; stderr: ChunkSink; env: NodeJS.ProcessEnv } | undefined;
  stop(): void;
}

/** A terminal user gets the live line; CI (whatever its stderr is), pipes and a dumb terminal (no cursor control) get plain lines. */
export function wantsLiveLine(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return stream.isTTY === true && env.TERM !== 'dumb' && (ci === undefined || ci === '' || ci === 'false' || ci === '0');
}

/** FORCE_COLOR for vitest when its piped output ends on a colour terminal, unless the user chose. */
export function colourEnv(stdout: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return stdout.isTTY === true && env.NO_COLOR === undefined && env.FORCE_COLOR === undefined ? { FORCE_COLOR: '1' } : {};
}

export class LiveDisplay implements ProgressDisplay {
  readonly live = true;
  private readonly line: LiveLine;

  constructor(
    private readonly err: Terminal & { isTTY?: boolean } = process.stderr,
    private readonly out: Terminal & { isTTY?: boolean } = process.stdout,
  ) {
    this.line = new LiveLine(err);
  }

  update(p: RunProgress): void {
    // Only while the suites run does every output go through here (cluster up, the doctor and
    // the reports write to the terminal themselves): the line is shown then and only then.
    this.line.set(p.phase === 'suites' ? `[run] ${progressLine(p)}` : '');
  }

  log(line: string): void {
    this.line.log(line);
  }

  suiteOutput(): { stdout: ChunkSink; stderr: ChunkSink; env: NodeJS.ProcessEnv } {
    return { stdout: this.line.passthrough(this.out), stderr: this.line.passthrough(this.err), env: colourEnv(this.out) };
  }

  stop(): void {
    this.line.stop();
  }
}

/** What makes a plain line worth printing before the heartbeat: a count or the step changed. */
const gist = (p: RunProgress): string => JSON.stringify([p.phase, p.suiteIndex, p.totals, p.current]);

export class PlainDisplay implements ProgressDisplay {
  readonly live = false;
  private lastAt = Number.NEGATIVE_INFINITY;
  private lastGist = '';

  constructor(
    /** Writes one line, timestamped (cli/common.ts progressFor). */
    private readonly progress: (msg: string) => void,
    private readonly write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
    private readonly now: () => number = Date.now,
  ) {}

  update(p: RunProgress): void {
    if (p.phase !== 'suites') return;
    const t = this.now();
    const g = gist(p);
    const due = t - this.lastAt >= plainProgressHeartbeatMs || (g !== this.lastGist && t - this.lastAt >= plainProgressMinGapMs);
    if (!due) return;
    this.lastAt = t;
    this.lastGist = g;
    this.progress(`progress: ${progressLine(p)}`);
  }

  log(line: string): void {
    this.write(line);
  }

  suiteOutput(): undefined {
    return undefined;
  }

  stop(): void {}
}
