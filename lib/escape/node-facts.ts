/**
 * node-fact evidence: what the harness reads on the node itself, so a probe's answer can be
 * compared with it (by sha256, like a canary token). A probe that returns one of these read it
 * from the host, whatever kernel answered its syscalls.
 *
 * - containerd's version and revision (`containerd --version`): fs.runtime-socket's gRPC call
 * - the first 16 bytes of /dev/mem: dev.mem-read (only where the node has /dev/mem)
 * - the sha256 of the first sector of the node's first disk: dev.mknod-block (only where the
 *   node itself can read it)
 * - the newest kernel-log records: dev.kmsg-read
 */
import { sha256Hex } from '../canary/token.js';
import { InfrastructureError } from '../errors.js';
import type { NodeShell } from '../node-access/node-shell.js';

/** Pure: `containerd github.com/containerd/containerd v1.7.30 abc123` → `v1.7.30 abc123` (what the Version API answers). */
export function containerdVersionAnswer(versionLine: string): string | undefined {
  const f = versionLine.trim().split(/\s+/);
  return f[0] === 'containerd' && f.length >= 4 ? `${f[2]} ${f[3]}` : undefined;
}

/** The probe-comparable answers of the node, as sha256; each absent when the node has none. */
export interface NodeFacts {
  containerdVersion?: string;
  memHead?: string;
  diskSectorSha256?: string;
}

// One shell call; each fact on its own tagged line, empty when the node lacks it.
const factsScript = [
  'printf "containerd\\t%s\\n" "$(containerd --version 2>/dev/null)"',
  'printf "mem\\t%s\\n" "$( [ -c /dev/mem ] && od -An -tx1 -N16 /dev/mem 2>/dev/null | tr -d " \\n")"',
  'd=$(for u in /sys/dev/block/*/uevent; do grep -q DEVTYPE=disk $u && ! grep -qE "DEVNAME=(loop|ram|zram|dm-)" $u && grep DEVNAME= $u | cut -d= -f2 && break; done)',
  'printf "disk\\t%s\\n" "$( [ -n "$d" ] && [ -b /dev/$d ] && head -c 512 /dev/$d 2>/dev/null | sha256sum | cut -d" " -f1)"',
].join('\n');

/** Pure: the tagged lines of factsScript → facts. */
export function parseNodeFacts(out: string): NodeFacts {
  const line = (tag: string): string => (out.split('\n').find((l) => l.startsWith(`${tag}\t`)) ?? '').slice(tag.length + 1).trim();
  const containerdVersion = containerdVersionAnswer(line('containerd'));
  const mem = line('mem');
  const disk = line('disk');
  return {
    ...(containerdVersion ? { containerdVersion } : {}),
    ...(/^[0-9a-f]{32}$/.test(mem) ? { memHead: mem } : {}),
    // The empty input's digest means the read gave nothing.
    ...(/^[0-9a-f]{64}$/.test(disk) && disk !== sha256Hex('') ? { diskSectorSha256: disk } : {}),
  };
}

export async function readNodeFacts(shell: NodeShell, node: string): Promise<NodeFacts> {
  const out = await shell.exec(node, ['sh', '-c', factsScript]);
  const facts = parseNodeFacts(out);
  if (!facts.containerdVersion) throw new InfrastructureError(`could not read containerd's version on ${node}`, 'fs.runtime-socket compares the runtime socket\'s answer with `containerd --version` on the node; is containerd on its PATH?');
  return facts;
}

/** Pure: the sha256 the probe's --expect-token-sha256 list needs for the node facts. */
export const nodeFactHashes = (f: NodeFacts): string[] => [f.containerdVersion, f.memHead, f.diskSectorSha256].filter((x): x is string => x !== undefined).map(sha256Hex);
