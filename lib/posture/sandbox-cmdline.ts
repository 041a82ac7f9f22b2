/**
 * The command line of every gVisor sandbox process (`runsc-sandbox`) on a node, read from
 * /proc as root on the node through a NodeShell: what runsc was really started with.
 */
import type { NodeShell } from '../node-access/node-shell.js';

export interface SandboxCommandLine {
  pid: number;
  argv: string[];
}

// One line per sandbox: pid, a tab, then its argv joined by the unit separator (0x1f).
const script = `
for p in /proc/[0-9]*; do
  a0=$(tr '\\0' '\\n' < $p/cmdline 2>/dev/null | head -n1)
  [ "$a0" = runsc-sandbox ] || continue
  printf '%s\\t%s\\n' "\${p#/proc/}" "$(tr '\\0' '\\037' < $p/cmdline)"
done`;

/** Pure: the script's output as command lines. */
export function parseCommandLines(out: string): SandboxCommandLine[] {
  return out
    .split('\n')
    .map((l) => /^(\d+)\t(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), argv: (m[2] ?? '').split('\x1f').filter((a) => a !== '') }));
}

/** `runsc --version` on the node, its first line without the "runsc version " prefix; undefined when runsc is not on the node's PATH. */
export async function runscVersionOn(shell: NodeShell, node: string): Promise<string | undefined> {
  const out = (await shell.exec(node, ['sh', '-c', 'runsc --version 2>/dev/null | head -n1 || true'])).trim();
  return out === '' ? undefined : out.replace(/^runsc version /, '');
}

export async function sandboxCommandLines(shell: NodeShell, node: string): Promise<SandboxCommandLine[]> {
  return parseCommandLines(await shell.exec(node, ['sh', '-c', script]));
}
