/**
 * SIGINT and SIGTERM during `gauntlet run`: stop the suites and undo what is in flight.
 *
 * vitest runs in a process group of its own (lib/run/suite-process.ts), so a terminal's Ctrl-C
 * reaches this process only, and a signal to this process alone is handled the same way. On the
 * first signal: write the run's interrupt marker (later tests skip themselves), send SIGINT to
 * vitest's workers (fixtures/interrupt.ts: they run their live cleanup stacks, newest first,
 * and exit), and wait for vitest to finish within interruptCleanupMs; then kill what is left.
 * vitest's own process is left running so it can report the interrupted file. A second signal
 * kills the group and exits at once, leaving the rest to the next run's sweep.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { ExitCode } from '../vocabulary.js';
import { envScaled, interruptCleanupMs } from '../timeouts.js';

export interface Interruption {
  signal: NodeJS.Signals;
  at: string;
}

/** Pure: the direct children of `pid` in a `ps -A -o pid=,ppid=` listing. */
export function childrenOf(pid: number, psOutput: string): number[] {
  return psOutput
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter((r): r is [number, number] => r.length === 2 && Number.isInteger(r[0]) && r[1] === pid)
    .map(([child]) => child);
}

const processTable = (): string => execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });

const signalSafely = (pid: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
};

export class RunInterrupt {
  private seen: Interruption | undefined;
  private child: ChildProcess | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private readonly handler = (signal: NodeJS.Signals): void => this.onSignal(signal);

  constructor(
    private readonly marker: string,
    private readonly log: (m: string) => void,
  ) {}

  install(): this {
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
    return this;
  }

  uninstall(): void {
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
    clearTimeout(this.killTimer);
  }

  get interrupted(): Interruption | undefined {
    return this.seen;
  }

  /** The vitest process now running (spawned detached: its pid is its process group). */
  attach(child: ChildProcess): void {
    this.child = child;
    child.once('close', () => {
      if (this.child === child) this.child = undefined;
      clearTimeout(this.killTimer);
    });
    if (this.seen) this.stopChild(child);
  }

  private onSignal(signal: NodeJS.Signals): void {
    if (this.seen) {
      this.log(`second ${signal}: exiting now; the next run's sweep (or \`gauntlet sweep\`) removes what is left`);
      if (this.child?.pid) signalSafely(-this.child.pid, 'SIGKILL');
      process.exit(ExitCode.interrupted);
    }
    this.seen = { signal, at: new Date().toISOString() };
    writeFileSync(this.marker, `${JSON.stringify(this.seen)}\n`);
    this.log(`${signal}: stopping the suites and undoing what is in flight (faults, agents, namespaces); a second ${signal} exits at once`);
    if (this.child) this.stopChild(this.child);
  }

  private stopChild(child: ChildProcess): void {
    const pid = child.pid;
    if (pid === undefined) return;
    const workers = childrenOf(pid, processTable());
    for (const w of workers) signalSafely(w, 'SIGINT');
    this.log(`asked ${workers.length} test worker(s) to undo and exit; waiting up to ${Math.round(envScaled(interruptCleanupMs) / 1000)} s`);
    this.killTimer = setTimeout(() => {
      this.log('the suites did not finish their cleanup in time: killing them; the next sweep removes the rest');
      signalSafely(-pid, 'SIGKILL');
    }, envScaled(interruptCleanupMs));
  }
}
