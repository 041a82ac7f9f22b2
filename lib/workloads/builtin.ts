/**
 * The built-in workloads: each a fixed amount of one kind of work, after gVisor's own benchmark
 * suite (test/benchmarks in gvisor.dev/gvisor: syscall, file I/O, startup and application
 * benchmarks), because gVisor's cost differs by orders of magnitude between kinds of work. They
 * run in the workloads image (fixtures/workloads): `gauntlet-work` does the ones that need exact
 * control of the syscalls; bash and Debian's python3 the rest. The amounts give about a second
 * of work under runc on the local cluster's 2-core VM (docs/workloads.md has the figures).
 * The network ones talk to a built-in server pod (lib/workloads/server.ts): the client's
 * netstack is what they stress.
 */
import { createHash } from 'node:crypto';
import { serverPlaceholder, type Workload } from './definition.js';

/** Where every workload pod mounts its emptyDir (lib/workloads/pod.ts). */
export const scratchDir = '/scratch';

const sha256Of = (s: string): string => createHash('sha256').update(s).digest('hex');
/** stdout is exactly these lines. */
const lines = (...ls: string[]): { sha256: string } => ({ sha256: sha256Of(ls.map((l) => `${l}\n`).join('')) });

export const builtinAmounts = Object.freeze({
  cpuIterations: 300_000_000,
  getpids: 200_000,
  openReadCloses: 20_000,
  fileIoMiB: 32,
  spawns: 200,
  pythonStarts: 5,
  netMiB: 256,
  netRoundTrips: 5000,
});

/** Standard-library modules an evaluation script typically imports. */
export const pythonModules = ['json', 're', 'decimal', 'datetime', 'collections', 'hashlib', 'logging', 'argparse', 'csv', 'subprocess', 'asyncio', 'email.parser', 'http.client', 'urllib.request', 'xml.etree.ElementTree', 'unittest', 'sqlite3', 'statistics'];

export function builtinWorkloads(image: string, a: typeof builtinAmounts = builtinAmounts): Workload[] {
  const base = { image, timeoutSeconds: 300 } as const;
  return [
    {
      ...base,
      name: 'cpu-bound',
      stresses: 'CPU: a tight integer loop of fixed work, no syscalls',
      command: ['gauntlet-work', 'cpu', String(a.cpuIterations)],
      expect: { exitCode: 0, stdout: { regex: `^cpu ${a.cpuIterations} [0-9a-f]{16}$` } },
    },
    {
      ...base,
      name: 'syscall-getpid',
      stresses: 'syscalls: raw getpid in a loop (the cost of one trap into the kernel or the Sentry)',
      command: ['gauntlet-work', 'getpid', String(a.getpids)],
      expect: { exitCode: 0, stdout: lines(`getpid ${a.getpids} ok`) },
    },
    {
      ...base,
      name: 'syscall-open-read-close',
      stresses: 'syscalls: open, read 4 KiB, close of a file in the image (path walk through the gofer or directfs)',
      command: ['gauntlet-work', 'open-read-close', String(a.openReadCloses), '/usr/share/gauntlet/data'],
      expect: { exitCode: 0, stdout: lines(`open-read-close ${a.openReadCloses} ok`) },
    },
    {
      ...base,
      name: 'file-io-rootfs',
      stresses: "file I/O on the container's rootfs: sequential and random 4 KiB write and read, with fsync",
      command: ['gauntlet-work', 'file-io', '/tmp', String(a.fileIoMiB)],
      expect: { exitCode: 0, stdout: lines(`file-io ${a.fileIoMiB} MiB ok`) },
    },
    {
      ...base,
      name: 'file-io-emptydir',
      stresses: 'file I/O on an emptyDir volume: sequential and random 4 KiB write and read, with fsync',
      command: ['gauntlet-work', 'file-io', scratchDir, String(a.fileIoMiB)],
      expect: { exitCode: 0, stdout: lines(`file-io ${a.fileIoMiB} MiB ok`) },
    },
    {
      ...base,
      name: 'process-spawn',
      stresses: 'process creation: bash forks and execs /bin/sh many times',
      command: ['bash', '-c', `for i in $(seq ${a.spawns}); do /bin/sh -c :; done; echo spawn ${a.spawns} ok`],
      expect: { exitCode: 0, stdout: lines(`spawn ${a.spawns} ok`) },
    },
    {
      ...base,
      name: 'python-startup',
      stresses: "interpreter start-up: Debian's python3 starts and imports the standard library, several times",
      command: ['bash', '-c', `for i in $(seq ${a.pythonStarts}); do python3 -c 'import ${pythonModules.join(', ')}' || exit 1; done; echo python-startup ${a.pythonStarts} ok`],
      expect: { exitCode: 0, stdout: lines(`python-startup ${a.pythonStarts} ok`) },
    },
    {
      ...base,
      name: 'net-throughput',
      stresses: "network throughput: one TCP stream of bulk data to a server pod on the node (the client's netstack)",
      command: ['gauntlet-work', 'net-throughput', serverPlaceholder, String(a.netMiB)],
      server: 'net-server',
      expect: { exitCode: 0, stdout: { regex: `^net-throughput ${a.netMiB} MiB ok [0-9.]+ MiB/s$` } },
    },
    {
      ...base,
      name: 'net-latency',
      stresses: "network latency: 64-byte TCP request/response round trips to a server pod on the node, one at a time (the client's netstack)",
      command: ['gauntlet-work', 'net-latency', serverPlaceholder, String(a.netRoundTrips)],
      server: 'net-server',
      expect: { exitCode: 0, stdout: { regex: `^net-latency ${a.netRoundTrips} ok p50 [0-9.]+ us p99 [0-9.]+ us$` } },
    },
  ];
}
