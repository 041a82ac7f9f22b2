/**
 * A sabotage: one known, reversible way to break the embedded cluster, the gate area and reason
 * it must produce, and the smallest suite that should notice. `gauntlet prove` applies each, runs
 * its suite, judges the gate and restores the cluster: mutation testing of the harness itself (a
 * claim the gate has never been seen to fail is not evidence).
 */
import type { GauntletConfig } from '../config/schema.js';
import type { SuiteProject } from '../report/suite-outcome.js';
import type { GateArea, GateVerdict } from '../vocabulary.js';

export interface SabotageContext {
  /** Ready workers of the gVisor node group, by name (chosen by label), sorted. */
  gvisorWorkers: readonly string[];
  /** The run id of the prove run: every object a sabotage creates carries it. */
  runId: string;
  log: (line: string) => void;
}

export interface Sabotage {
  id: string;
  /** What is broken, in a few words (the table's first column). */
  title: string;
  /** How much of the cluster it touches. */
  reach: 'one gVisor worker' | 'every gVisor worker' | 'the cluster';
  area: GateArea;
  expect: {
    /** The area verdicts that count as detection (FAIL, or INCONCLUSIVE where that is the honest answer). */
    verdicts: readonly GateVerdict[];
    /** A reason of the area must match: detection for the stated reason, not any failure. */
    reason: RegExp;
    /** The reason in words, for the table. */
    says: string;
  };
  suite: { project: SuiteProject; files: readonly string[]; env?: Readonly<Record<string, string>> };
  /**
   * Thresholds the sabotaged run is judged by, where the configured ones would fail the unsabotaged
   * cluster too (a 2-core VM's gVisor start cost): set between the cluster's own baseline and the
   * sabotage's effect, so a detection is the sabotage's doing.
   */
  performanceThresholds?: Partial<GauntletConfig['performance']>;
  apply(c: SabotageContext): Promise<void>;
  restore(c: SabotageContext): Promise<void>;
}
