/**
 * gVisor's own names of syscall numbers, from its strace tables (pkg/sentry/strace/linux64_*.go):
 * the map the Sentry names an unsupported syscall by in its log (runsc/boot/compat.go). The
 * parser is pure; `npm run gen:gvisor-syscalls` writes its output for the pinned gVisor into
 * syscall-numbers.ts, so the report can give the number beside the name the log line carries.
 */

export const syscallArches = ['amd64', 'arm64'] as const;
export type SyscallArch = (typeof syscallArches)[number];

/** Pure: `N: makeSyscallInfo("name", ...)` lines of a strace table → name → number. */
export function parseStraceTable(goSource: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of goSource.matchAll(/^\s*(\d+):\s*makeSyscallInfo\("([a-z0-9_]+)"/gm)) {
    const [, num, name] = m;
    if (num !== undefined && name !== undefined) out[name] = Number(num);
  }
  return out;
}

/** The number gVisor's table gives a name on an arch; its fallback name `sys_N` is N itself. */
export function syscallNumber(table: Readonly<Record<SyscallArch, Readonly<Record<string, number>>>>, arch: string, name: string): number | undefined {
  const fallback = /^sys_(\d+)$/.exec(name);
  if (fallback?.[1] !== undefined) return Number(fallback[1]);
  return (syscallArches as readonly string[]).includes(arch) ? table[arch as SyscallArch][name] : undefined;
}
