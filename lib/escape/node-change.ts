/**
 * node-change evidence: the harness reads the node before and after a writer pod (which runs
 * alone), and a change the attempt would make on the host is the proof it reached the host:
 *
 * - kernel.core-pattern-write, kernel.sysrq-write, kernel.sys-write: the node's file holds the
 *   value this cell wrote (each cell writes its own value, so nothing else could have set it)
 * - cgroup.release-agent: a release_agent of one of the node's cgroup v1 hierarchies holds the
 *   (nonexistent) path this cell wrote
 * - syscall.init-module: the node's kernel log gained a module-loader record
 * - net.raw-socket: a rule in the node's raw PREROUTING chain counted a packet with the spoofed
 *   source address this cell sent (and dropped it)
 *
 * Every value changed is put back to what the harness read before (restoreNodeState), right
 * after the reading and again by cleanup, so a crashed run does not leave a host knob changed.
 */
import type { NodeShell } from '../node-access/node-shell.js';
import type { NodeChange } from './verdict.js';

export const corePatternPath = '/proc/sys/kernel/core_pattern';
export const sysrqPath = '/proc/sys/kernel/sysrq';
/** A numeric knob that can carry a harness-chosen value; khugepaged's scan batch, harmless for seconds. */
export const sysKnobPath = '/sys/kernel/mm/transparent_hugepage/khugepaged/pages_to_scan';
/** TEST-NET-1 (RFC 5737): never a real host, so a packet from it came from a raw socket. */
export const spoofedSourceNet = '192.0.2.0/24';
/** The discard port: the packet is dropped by the counting rule before anything could answer. */
export const rawPort = 9;

/** What one writer cell writes: distinct per cell, so a value on the node names its writer. */
export interface CellMarks {
  corePattern: string;
  sysrq: string;
  sys: string;
  releaseAgent: string;
  rawSource: string;
}

/** Pure: the marks of cell `index` (0..3) of a run; numbers kept away from the knobs' usual values. */
export function cellMarks(runId: string, index: number, before: Pick<NodeState, 'sysrq' | 'sys'>): CellMarks {
  const tag = `${runId.replace(/[^a-z0-9]/gi, '').slice(-12)}-${index}`;
  const pick = (base: number, current: string | undefined): string => {
    let v = base + index;
    if (String(v) === current?.trim()) v += 10;
    return String(v);
  };
  return {
    corePattern: `core.gauntlet.${tag}`,
    sysrq: pick(300, before.sysrq),
    sys: pick(4321, before.sys),
    releaseAgent: `/nonexistent/gauntlet-release-agent-${tag}`,
    rawSource: `192.0.2.${10 + index}`,
  };
}

/** The probe arguments that make a writer pod write `marks` and send its raw packet to `nodeIp`. */
export function writerArgs(marks: CellMarks, nodeIp: string): string[] {
  return [
    '--core-pattern-value', marks.corePattern,
    '--sysrq-value', marks.sysrq,
    '--sys-value', marks.sys,
    '--sys-path', sysKnobPath,
    '--release-agent-value', marks.releaseAgent,
    '--raw-dst', nodeIp,
    '--raw-src', marks.rawSource,
    '--raw-port', String(rawPort),
  ];
}

/** The node state the writer attempts could change. */
export interface NodeState {
  corePattern?: string;
  sysrq?: string;
  sys?: string;
  /** release_agent file path → content, for every cgroup v1 hierarchy the node has mounted. */
  releaseAgents: Record<string, string>;
  /** The newest module-loader record of the node's kernel log: its sequence number and message. */
  moduleRecord?: { seq: number; message: string };
  /** Packets the run's counting rule saw; undefined when the rule is missing. */
  rawPackets?: number;
}

const ruleComment = (runId: string): string => `gauntlet-raw-${runId}`.slice(0, 250);
const ruleSpec = (runId: string, nodeIp: string): string[] => ['-s', spoofedSourceNet, '-d', `${nodeIp}/32`, '-p', 'udp', '--dport', String(rawPort), '-m', 'comment', '--comment', ruleComment(runId), '-j', 'DROP'];

/** Installs the rule that counts (and drops) spoofed packets to the node; idempotent. */
export async function installRawCounter(shell: NodeShell, node: string, runId: string, nodeIp: string): Promise<void> {
  const spec = ruleSpec(runId, nodeIp);
  await shell.exec(node, ['sh', '-c', 'iptables -t raw -C PREROUTING "$@" 2>/dev/null || iptables -t raw -I PREROUTING "$@"', 'sh', ...spec]);
}

export async function removeRawCounter(shell: NodeShell, node: string, runId: string, nodeIp: string): Promise<void> {
  const spec = ruleSpec(runId, nodeIp);
  await shell.exec(node, ['sh', '-c', 'while iptables -t raw -C PREROUTING "$@" 2>/dev/null; do iptables -t raw -D PREROUTING "$@"; done', 'sh', ...spec]);
}

const stateScript = (runId: string): string =>
  [
    'f() { [ -r "$1" ] && printf "%s\\t%s\\n" "$2" "$(tr "\\n" " " < "$1" | sed "s/ *$//")"; true; }',
    `f ${corePatternPath} core_pattern`,
    `f ${sysrqPath} sysrq`,
    `f ${sysKnobPath} sys`,
    'for a in /sys/fs/cgroup/*/release_agent; do [ -r "$a" ] && printf "release_agent:%s\\t%s\\n" "$a" "$(cat "$a")"; done',
    'printf "module\\t%s\\n" "$(dd if=/dev/kmsg iflag=nonblock bs=16384 2>/dev/null | grep -iE \';.*(elf|module)\' | tail -n 1)"',
    `printf "raw\\t%s\\n" "$(iptables -t raw -L PREROUTING -v -x -n 2>/dev/null | awk '/\\/\\* ${ruleComment(runId)} \\*\\// {print $1; exit}')"`,
  ].join('\n');

/** Pure: the tagged lines of the state script → NodeState. */
export function parseNodeState(out: string): NodeState {
  const state: NodeState = { releaseAgents: {} };
  for (const line of out.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const [tag, value] = [line.slice(0, tab), line.slice(tab + 1).trim()];
    if (tag === 'core_pattern') state.corePattern = value;
    else if (tag === 'sysrq') state.sysrq = value;
    else if (tag === 'sys') state.sys = value;
    else if (tag.startsWith('release_agent:')) state.releaseAgents[tag.slice('release_agent:'.length)] = value;
    else if (tag === 'module') {
      // /dev/kmsg: "prio,seq,usec,flags;message"
      const m = /^\d+,(\d+),[^;]*;(.*)$/.exec(value);
      if (m) state.moduleRecord = { seq: Number(m[1]), message: m[2] ?? '' };
    } else if (tag === 'raw' && /^\d+$/.test(value)) state.rawPackets = Number(value);
  }
  return state;
}

export async function readNodeState(shell: NodeShell, node: string, runId: string): Promise<NodeState> {
  return parseNodeState(await shell.exec(node, ['sh', '-c', stateScript(runId)]));
}

/** Pure: per writer attempt id, what the node's change says about this cell. */
export function nodeChanges(before: NodeState, after: NodeState, marks: CellMarks): Map<string, NodeChange> {
  const knob = (name: string, was: string | undefined, now: string | undefined, mark: string): NodeChange =>
    now === undefined
      ? { seen: false, detail: `the node has no ${name}` }
      : { seen: now === mark, detail: `${name} on the node was ${JSON.stringify(was)}, is ${JSON.stringify(now)}; this cell wrote ${JSON.stringify(mark)}` };
  const agents = Object.entries(after.releaseAgents);
  const agentHit = agents.find(([, v]) => v === marks.releaseAgent);
  const moduleNew = after.moduleRecord !== undefined && after.moduleRecord.seq > (before.moduleRecord?.seq ?? -1);
  const rawDelta = after.rawPackets !== undefined && before.rawPackets !== undefined ? after.rawPackets - before.rawPackets : undefined;
  return new Map<string, NodeChange>([
    ['kernel.core-pattern-write', knob('core_pattern', before.corePattern, after.corePattern, marks.corePattern)],
    ['kernel.sysrq-write', knob('kernel.sysrq', before.sysrq, after.sysrq, marks.sysrq)],
    ['kernel.sys-write', knob(sysKnobPath, before.sys, after.sys, marks.sys)],
    [
      'cgroup.release-agent',
      agentHit
        ? { seen: true, detail: `${agentHit[0]} on the node holds the agent this cell wrote` }
        : { seen: false, detail: agents.length === 0 ? 'the node has no cgroup v1 release_agent' : `no release_agent of the node's ${agents.length} cgroup v1 hierarchies holds the agent this cell wrote` },
    ],
    [
      'syscall.init-module',
      moduleNew
        ? { seen: true, detail: `the node's kernel log gained a module-loader record: ${JSON.stringify(after.moduleRecord?.message.slice(0, 200))}` }
        : { seen: false, detail: "the node's kernel log gained no module-loader record" },
    ],
    [
      'net.raw-socket',
      rawDelta === undefined
        ? { seen: false, detail: 'the counting rule on the node could not be read' }
        : { seen: rawDelta > 0, detail: `the node counted ${rawDelta} packet(s) from ${spoofedSourceNet} to itself (this cell spoofed ${marks.rawSource})` },
    ],
  ]);
}

/** Puts every knob and release_agent that differs from `before` back; returns what it restored. */
export async function restoreNodeState(shell: NodeShell, node: string, runId: string, before: NodeState): Promise<string[]> {
  const now = await readNodeState(shell, node, runId);
  const writes: [string, string][] = [];
  if (before.corePattern !== undefined && now.corePattern !== before.corePattern) writes.push([corePatternPath, before.corePattern]);
  if (before.sysrq !== undefined && now.sysrq !== before.sysrq) writes.push([sysrqPath, before.sysrq]);
  if (before.sys !== undefined && now.sys !== before.sys) writes.push([sysKnobPath, before.sys]);
  for (const [path, was] of Object.entries(before.releaseAgents)) if (now.releaseAgents[path] !== was) writes.push([path, was]);
  for (const [path, value] of writes) await shell.exec(node, ['sh', '-c', 'printf "%s\\n" "$1" > "$0"', path, value]);
  return writes.map(([p]) => p);
}
