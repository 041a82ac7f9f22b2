/**
 * How a gVisor sandbox really runs, from its own command line, compared with a declared policy.
 * `runsc-sandbox` (the re-exec'd `runsc boot`) carries every setting that differs from runsc's
 * defaults as a global flag before the `boot` subcommand, whether it came from a flag of the
 * shim, containerd's runtime options or a runsc.toml the options name (ConfigPath). A flag
 * that is absent has runsc's default value (`runscDefaults`, of the pinned gVisor version:
 * runsc/config/flags.go). Pure: reading the command line from the node is the caller's.
 */

/** runsc's defaults for the settings the policy speaks about (gVisor go branch 2025-05-03). */
export const runscDefaults: Readonly<Record<string, string>> = {
  network: 'sandbox',
  'host-uds': 'none',
  'net-raw': 'false',
  platform: 'systrap',
  debug: 'false',
  strace: 'false',
  profile: 'false',
  'debug-log': '',
  'file-access': 'exclusive',
  directfs: 'true',
  overlay2: 'root:self',
  nvproxy: 'false',
};

/** The flags a report shows per node, in this order. */
export const reportedFlags = ['network', 'host-uds', 'net-raw', 'platform', 'overlay2', 'directfs', 'file-access', 'nvproxy', 'debug', 'strace', 'debug-log', 'profile'] as const;

/** The declared gVisor policy (config `security.gvisor`), secure by default. */
export interface GvisorPolicy {
  network: string;
  hostUds: string;
  netRaw: boolean;
  platforms: string[];
  debug: boolean;
  strace: boolean;
  profile: boolean;
  /** Deviations the user accepts: a flag (and optionally its value and node), with a reason. */
  exceptions: { flag: string; value?: string | undefined; node?: string | undefined; reason: string }[];
}

export interface FlagFinding {
  node: string;
  flag: string;
  value: string;
  expected: string;
  /** Where it was read when not from a running sandbox's command line: the runsc config file's path. */
  source?: string;
  /** Set when a declared exception covers it: shown, not failed. */
  acceptedBecause?: string;
}

/** Global flags of a runsc command line (argv[0] excluded), up to its subcommand: name → value. */
export function parseRunscGlobalFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (const arg of argv.slice(1)) {
    if (!arg.startsWith('-')) break; // the subcommand (boot, gofer): its own flags follow
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    if (eq < 0) flags.set(body, 'true');
    else flags.set(body.slice(0, eq), body.slice(eq + 1));
  }
  return flags;
}

/** A flag's effective value: as given, else runsc's default. */
export const effective = (flags: ReadonlyMap<string, string>, name: string): string => flags.get(name) ?? runscDefaults[name] ?? '';

const isOn = (v: string): boolean => v !== '' && v !== 'false' && v !== '0';

/** Pure: every way the sandbox's flags depart from the policy, exceptions marked. */
export function flagFindings(node: string, flags: ReadonlyMap<string, string>, policy: GvisorPolicy): FlagFinding[] {
  const raw: Omit<FlagFinding, 'node'>[] = [];
  const want = (flag: string, expected: string, ok: (v: string) => boolean): void => {
    const value = effective(flags, flag);
    if (!ok(value)) raw.push({ flag, value, expected });
  };
  want('network', policy.network, (v) => v === policy.network);
  want('host-uds', policy.hostUds, (v) => v === policy.hostUds);
  want('net-raw', String(policy.netRaw), (v) => isOn(v) === policy.netRaw);
  want('platform', `one of ${policy.platforms.join(', ')}`, (v) => policy.platforms.includes(v));
  for (const [flag, allowed] of [['debug', policy.debug], ['strace', policy.strace], ['profile', policy.profile]] as const) {
    want(flag, String(allowed), (v) => allowed || !isOn(v));
  }
  if (!policy.debug) want('debug-log', 'unset', (v) => v === '');
  for (const [flag, value] of flags) {
    if (flag.startsWith('TESTONLY-') && isOn(value)) raw.push({ flag, value, expected: 'unset (a test-only flag)' });
  }
  return raw.map((f) => withException({ node, ...f }, policy.exceptions));
}

/** A finding marked accepted when a declared exception covers its flag (and value, and node, where the exception names them). */
export function withException(f: FlagFinding, exceptions: GvisorPolicy['exceptions']): FlagFinding {
  const e = exceptions.find((x) => x.flag === f.flag && (x.value === undefined || x.value === f.value) && (x.node === undefined || x.node === f.node));
  const { acceptedBecause: _was, ...rest } = f;
  return e ? { ...rest, acceptedBecause: e.reason } : rest;
}

/** One line for a finding: `gauntlet-worker2: --net-raw=true (declared false)`. */
export const describeFinding = (f: FlagFinding): string =>
  `${f.node}: --${f.flag}=${f.value || '""'}${f.source ? ` in ${f.source}` : ''} (declared ${f.expected})${f.acceptedBecause ? `, accepted: ${f.acceptedBecause}` : ''}`;
