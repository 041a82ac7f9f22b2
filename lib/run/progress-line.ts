/** The run's progress as one line of text: the live line on a terminal, a log line in CI. Pure. */
import type { RunProgress } from './progress-schema.js';

/** 45 s, 12m03s, 1h02m. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

const phaseText: Record<RunProgress['phase'], string> = {
  preparing: 'preparing',
  doctor: 'doctor: checking the target',
  sweep: 'sweep: leftovers of earlier runs',
  suites: 'suites',
  reports: 'computing the gate and writing reports',
  done: 'done',
  interrupted: 'interrupted',
  stopped: 'stopped early',
};

const of = (n: number, total: number | undefined): string => `${n}/${total ?? '?'}`;

export function progressLine(p: RunProgress): string {
  const parts: string[] = [];
  const running = p.suiteIndex !== undefined ? p.suites[p.suiteIndex - 1] : undefined;
  if (running) parts.push(`suite ${p.suiteIndex}/${p.suites.length} ${running.project} ${of(running.tests.done, running.total)}`);
  else parts.push(phaseText[p.phase]);
  const t = p.totals;
  if (p.suites.length > 0) parts.push(`tests ${of(t.done, t.total)} done: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
  parts.push(`${formatDuration(p.elapsedMs)} elapsed`);
  if (p.remaining) parts.push(`${p.remaining.complete ? 'about' : 'at least'} ${formatDuration(p.remaining.ms)} left`);
  if (p.current) parts.push(`now: ${p.current}`);
  return parts.join(' · ');
}

/** `line` cut to `width` columns (a wrapped live line could not be rewritten in place). */
export function fitToWidth(line: string, width: number): string {
  const flat = line.replace(/\s+/g, ' ');
  const chars = [...flat];
  if (chars.length <= width) return flat;
  return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}
