/**
 * The performance area's sandbox resource overhead in gate.md (and the suite's printed table):
 * per process kind and per runtime, runsc minus runc, the recommended RuntimeClass
 * overhead.podFixed with its rule, the RuntimeClass YAML that carries it, and the cluster's own.
 */
import { kindTitles, processKinds } from '../overhead/kinds.js';
import { compareWithExisting, runtimeClassYaml } from '../overhead/recommend.js';
import { gvisorHandler, runtimes } from '../runtimes.js';
import type { RuntimeOverheadSummary, SandboxOverhead } from './gate-schema.js';
// gate-markdown imports this file too; `table` is only called at render time, after both loaded.
import { table } from './gate-markdown.js';

const mib = (kb: number): string => (kb / 1024).toFixed(1);
const ms0 = (x: number): string => x.toFixed(0);
const pair = (a: number, b: number, f: (x: number) => string): string => `${f(a)} / ${f(b)}`;

function kindRows(rt: string, s: RuntimeOverheadSummary): string[][] {
  return processKinds.flatMap((k) => {
    const f = s.kinds[k];
    if (!f) return [];
    const own = k === 'workload' || k === 'app';
    return [[rt, `${kindTitles[k]}${own ? ' (left out)' : ''}`, f.processesPerPod.toFixed(1), pair(f.rssKb.p50, f.rssKb.max, mib), pair(f.pssKb.p50, f.pssKb.max, mib), f.idleCpuMsPerMin ? ms0(f.idleCpuMsPerMin.p50) : '—']];
  });
}

/** Markdown lines; empty errors and a recommendation are the usual case. */
export function overheadLines(o: SandboxOverhead): string[] {
  const head = `${o.podsPerRuntime} idle pod(s) per runtime (\`sleep infinity\` in ${o.image}), each one's host processes found through containerd's bundles for its sandbox id and read in /proc on its node after ${o.idleSeconds.toFixed(0)} s idle. The container's own processes are left out (runc: the container's; runsc: the Sentry's systrap stubs, the application's address spaces). PSS divides each shared page among the processes that map it (so it falls as more pods share the runtime's binaries); private (USS) is the pages only the pod's processes map, what one more pod adds at least; RSS counts every shared page whole. Informative: not held against a threshold.`;
  const lines = ['', head];
  const measured = runtimes.filter((rt) => o.summary[rt] !== undefined);
  if (measured.length > 0) {
    lines.push('', table(['Runtime', 'Process', 'Processes per pod', 'RSS p50 / max MiB', 'PSS p50 / max MiB', 'Idle CPU p50 ms per minute'], measured.flatMap((rt) => kindRows(rt, o.summary[rt] as RuntimeOverheadSummary))));
    const totals = measured.map((rt) => {
      const s = (o.summary[rt] as RuntimeOverheadSummary).overhead;
      return [rt, `${mib(s.pssKb.p50)} / ${mib(s.pssKb.p95)} / ${mib(s.pssKb.max)}`, pair(s.rssKb.p50, s.rssKb.max, mib), s.privateKb ? mib(s.privateKb.p50) : '—', pair(s.startCpuMs.p50, s.startCpuMs.max, ms0), pair(s.idleCpuMsPerMin.p50, s.idleCpuMsPerMin.max, ms0)];
    });
    const { runc, runsc } = o.summary;
    if (runc && runsc) {
      const d = (f: (s: RuntimeOverheadSummary) => number): number => f(runsc) - f(runc);
      totals.push([
        'runsc − runc (p50)',
        mib(d((s) => s.overhead.pssKb.p50)),
        mib(d((s) => s.overhead.rssKb.p50)),
        runc.overhead.privateKb && runsc.overhead.privateKb ? mib(runsc.overhead.privateKb.p50 - runc.overhead.privateKb.p50) : '—',
        ms0(d((s) => s.overhead.startCpuMs.p50)),
        ms0(d((s) => s.overhead.idleCpuMsPerMin.p50)),
      ]);
    }
    lines.push('', table(['Runtime', 'Overhead PSS p50 / p95 / max MiB', 'Overhead RSS p50 / max MiB', 'Overhead private (USS) p50 MiB', 'CPU to start p50 / max ms', 'Idle CPU p50 / max ms per minute'], totals));
  }
  const r = o.recommendation;
  if (r) {
    lines.push(
      '',
      `**Recommended RuntimeClass \`${o.runtimeClass}\` overhead.podFixed: cpu ${r.cpuMillicores}m, memory ${r.memoryMi}Mi.** Rule: ${r.rule}. From runsc p95 − runc p50: PSS ${mib(r.basis.pssKb)} MiB, idle CPU ${r.basis.idleMillicores.toFixed(1)} millicores; CPU to start ${ms0(r.basis.startCpuMs)} ms (a one-off burst, not in podFixed).`,
      '',
      `The cluster's RuntimeClass: ${compareWithExisting(o.existing, r).join('; ')}.`,
      '',
      '```yaml',
      runtimeClassYaml(o.runtimeClass, o.handler ?? gvisorHandler, r, o.nodeSelector).trimEnd(),
      '```',
    );
  }
  if (o.stopped !== undefined) lines.push('', `The measurement did not finish: ${o.stopped}`);
  if (o.errors.length > 0) lines.push('', 'Pods whose processes were not found (the gate fails these):', '', ...o.errors.map((e) => `- ${e}`));
  return lines;
}
