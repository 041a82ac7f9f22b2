import { Command } from 'commander';

const progress = (msg: string): void => {
  process.stderr.write(`[cluster ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
};

/** `gauntlet cluster up|down|status`: the embedded local cluster. */
export function clusterCommand(): Command {
  const cmd = new Command('cluster').description('the embedded local multi-node cluster (containerd, runc, gVisor)');
  cmd
    .command('up')
    .description('build what is missing (cached), start one control plane and two workers, print the kubeconfig path')
    .action(async () => {
      const { clusterUp } = await import('../lib/cluster/up.js');
      const { kubeconfig } = await clusterUp(progress);
      process.stdout.write(`${kubeconfig}\n`);
    });
  cmd
    .command('down')
    .description('remove every container, volume, network and cgroup of the local cluster')
    .action(async () => {
      const { clusterDown } = await import('../lib/cluster/down.js');
      await clusterDown(progress);
      progress('cluster removed');
    });
  cmd
    .command('status')
    .description('node containers and Kubernetes nodes of the local cluster')
    .action(async () => {
      const { clusterStatus } = await import('../lib/cluster/status.js');
      const st = await clusterStatus();
      if (st.containers.length === 0) {
        process.stdout.write('no local cluster (run `gauntlet cluster up`)\n');
        return;
      }
      for (const c of st.containers) process.stdout.write(`${c.name}\t${c.role}\t${c.running ? 'running' : 'stopped'}\t${c.ip ?? '-'}\n`);
      const { nodeMemory } = await import('../lib/cluster/node-memory.js');
      const mem = nodeMemory(st.containers.filter((c) => c.running));
      const mib = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`;
      for (const m of mem) process.stdout.write(`memory ${m.node}: daemons ${mib(m.daemonsKiB)}, pods ${mib(m.podsKiB)} (resident, ${m.processes} processes)\n`);
      if (mem.length > 0) process.stdout.write(`memory total: ${mib(mem.reduce((a, m) => a + m.daemonsKiB + m.podsKiB, 0))}\n`);
      if (st.kubeconfig) process.stdout.write(`kubeconfig: ${st.kubeconfig}\n`);
      if (st.nodes) process.stdout.write(st.nodes);
    });
  return cmd;
}
