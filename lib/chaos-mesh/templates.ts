/**
 * The chaos resources the harness applies are YAML templates in fixtures/chaos-mesh/templates/,
 * readable and reusable with envsubst and `kubectl apply` (issue 18 §2). This fills their
 * `${...}` placeholders, refuses a template that would keep one, and adds the run's labels.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BadInputError } from '../errors.js';
import { repoRoot } from '../cluster/settings.js'; // the fixtures' location, not a local-cluster dependency
import type { Labels } from '../kube/labels.js';

export const templatesDir = join(repoRoot, 'fixtures', 'chaos-mesh', 'templates');

/** Every fault of the matrix, by its template's file name. */
export const faultNames = [
  'pod-kill',
  'container-kill',
  'pod-failure',
  'network-delay',
  'network-loss',
  'network-partition',
  'stress-cpu',
  'stress-memory',
  'io-latency',
  'time-offset',
] as const;
export type FaultName = (typeof faultNames)[number];

export interface TemplateValues {
  NAME: string;
  NAMESPACE: string;
  TARGET_POD: string;
  DURATION: string;
  PEER_IP?: string;
}

/** A filled-in chaos resource: the object the API gets. */
export interface ChaosObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; labels?: Labels };
  spec: Record<string, unknown>;
}

/** Replaces every `${KEY}` of the text outside comments; a key without a value is an error naming the template. */
export function fillTemplate(text: string, values: Readonly<Record<string, string | undefined>>, source: string): string {
  const fill = (line: string): string =>
    line.replace(/\$\{([A-Z_]+)\}/g, (whole, key: string) => {
      const v = values[key];
      if (v === undefined) throw new BadInputError(`${source} needs ${whole}, which was not given`, 'pass it in the template values');
      return v;
    });
  return text
    .split('\n')
    .map((line) => (line.trimStart().startsWith('#') ? line : fill(line)))
    .join('\n');
}

/** The template of a fault, filled and parsed, with the run's labels on it. */
export function renderFault(fault: FaultName, values: TemplateValues, labels: Labels = {}, dir: string = templatesDir): ChaosObject {
  const file = join(dir, `${fault}.yaml`);
  const obj = parse(fillTemplate(readFileSync(file, 'utf8'), { ...values }, file)) as ChaosObject;
  if (!obj?.kind || !obj.metadata?.name) throw new BadInputError(`${file} is not a chaos resource (no kind or metadata.name)`, 'fix the template');
  obj.metadata.labels = { ...obj.metadata.labels, ...labels };
  return obj;
}

/** The API's plural of a Chaos Mesh kind. */
export const pluralOfKind = (kind: string): string => kind.toLowerCase();
