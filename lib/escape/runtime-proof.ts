/**
 * Which kernel a probe met, checked against the runtime it asked for. A pod that asked for
 * gVisor but runs on the host kernel is the worst failure the harness can miss, so every
 * probe result goes through this before any of its attempts is judged.
 */
import type { RuntimeIdentity } from '../probe/result.js';
import type { Runtime } from '../runtimes.js';

/** Empty when the identity proves the runtime; else what contradicts it. */
export function runtimeIdentityProblems(identity: RuntimeIdentity, runtime: Runtime, hostKernel: string | undefined): string[] {
  const evidence = `evidence: ${identity.evidence.join('; ') || 'none'}`;
  const problems: string[] = [];
  if (runtime === 'runsc') {
    if (!identity.gvisor) problems.push(`asked for gVisor but found no gVisor evidence (kernel ${identity.kernelRelease}); ${evidence}`);
    if (!(identity.kernelLogFirstLine ?? '').includes('gVisor')) problems.push(`kernel log does not start with gVisor's banner: ${identity.kernelLogFirstLine ?? 'unreadable'}`);
    if (hostKernel !== undefined && identity.kernelRelease === hostKernel) problems.push(`reports the host kernel release ${hostKernel}`);
  } else {
    if (identity.gvisor) problems.push(`runc pod found gVisor evidence; ${evidence}`);
    if (hostKernel !== undefined && identity.kernelRelease !== hostKernel) problems.push(`kernel release ${identity.kernelRelease} is not the node's ${hostKernel}`);
  }
  return problems;
}

export const describeIdentity = (i: RuntimeIdentity): string =>
  `${i.gvisor ? 'gVisor' : 'host kernel'} ${i.kernelRelease} (${i.kernelLogFirstLine ?? 'no kernel log'})`;
