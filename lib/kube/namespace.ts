/**
 * Per-test namespaces: `gauntlet-<suite>-<rand5>`, labelled with run and suite, and
 * deleted through the cleanup stack. Creation waits for the `default`
 * ServiceAccount, because pods are rejected at admission until it exists.
 */
import { randomInt } from 'node:crypto';
import { BadInputError } from '../errors.js';
import { namespaceReadyMs } from '../timeouts.js';
import { waitForServiceAccount } from '../wait.js';
import type { CleanupStack } from './cleanup.js';
import type { Kube } from './client.js';
import { gauntletLabels, type Labels } from './labels.js';

const prefix = 'gauntlet-';
const suffixLength = 5;
const suffixAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** A namespace name is a DNS-1123 label: at most 63 characters. */
const maxNameLength = 63;
const maxSuiteLength = maxNameLength - prefix.length - 1 - suffixLength;

/** `n` random characters of [a-z0-9], valid anywhere in a DNS label. */
export function randomSuffix(n: number = suffixLength): string {
  let out = '';
  for (let i = 0; i < n; i++) out += suffixAlphabet[randomInt(suffixAlphabet.length)];
  return out;
}

/** The suite name as a DNS-label fragment: lowercase, runs of other characters become '-', trimmed to fit. */
export function namespaceSuitePart(suite: string): string {
  const cleaned = suite
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, maxSuiteLength)
    .replace(/^-+|-+$/g, '');
  if (cleaned === '') {
    throw new BadInputError(`Suite name "${suite}" has no letters or digits to build a namespace name from`, 'Name the vitest project or set GAUNTLET_SUITE to something like "isolation".');
  }
  return cleaned;
}

/** `gauntlet-<suite>-<rand5>`; `suffix` is injectable for tests. */
export function namespaceName(suite: string, suffix: string = randomSuffix()): string {
  return `${prefix}${namespaceSuitePart(suite)}-${suffix}`;
}

export interface CreateNamespaceOptions {
  runId: string;
  suite: string;
  /** Extra labels, e.g. Pod Security admission levels; the gauntlet labels always win. */
  labels?: Labels;
  annotations?: Record<string, string>;
  /** Wait for the `default` ServiceAccount (default true). */
  waitForDefaultServiceAccount?: boolean;
  /** Budget for that wait; default `namespaceReadyMs` (scale it with the load model if the cluster is busy). */
  readyTimeoutMs?: number;
  signal?: AbortSignal;
}

/** Delete a namespace with foreground propagation, so its pods are gone before it is. Does not wait. */
export async function deleteNamespace(kube: Kube, name: string): Promise<void> {
  await kube.core.deleteNamespace({ name, propagationPolicy: 'Foreground' });
}

/**
 * Create a labelled namespace and register its deletion on `cleanup` right after
 * the create. Returns its name.
 */
export async function createNamespace(kube: Kube, cleanup: CleanupStack, options: CreateNamespaceOptions): Promise<string> {
  const name = namespaceName(options.suite);
  const labels = { ...options.labels, ...gauntletLabels(options.runId, options.suite) };
  await kube.core.createNamespace({
    body: { metadata: { name, labels, ...(options.annotations && { annotations: options.annotations }) } },
  });
  cleanup.register(`delete namespace ${name}`, () => deleteNamespace(kube, name));
  if (options.waitForDefaultServiceAccount ?? true) {
    await waitForServiceAccount(kube, name, 'default', options.readyTimeoutMs ?? namespaceReadyMs, options.signal ? { signal: options.signal } : {});
  }
  return name;
}
