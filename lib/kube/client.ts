/**
 * The one way the harness talks to a cluster: a loaded kubeconfig and typed API
 * clients of @kubernetes/client-node v2 (object-parameter API, errors are
 * ApiException with `.code`). Knows nothing about suites.
 */
import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import {
  AppsV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  EventsV1Api,
  KubeConfig,
  NetworkingV1Api,
  NodeV1Api,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import { BadInputError } from '../errors.js';
import { localKubeconfigPath } from '../paths.js';
import { assertClusterAllowed } from './offline-guard.js';

export interface KubeOptions {
  /** Explicit kubeconfig file; wins over KUBECONFIG and the local cluster's kubeconfig. */
  kubeconfigPath?: string;
  /** Context to use instead of the kubeconfig's current-context. */
  context?: string;
}

/** Where the kubeconfig came from, for messages (`gauntlet doctor` prints it). */
export type KubeconfigOrigin = 'option' | 'KUBECONFIG' | 'local-cluster';

export interface KubeconfigChoice {
  origin: KubeconfigOrigin;
  /** Files to load, in merge order (KUBECONFIG may list several; missing ones are skipped like kubectl does). */
  paths: string[];
}

export interface Kube {
  readonly config: KubeConfig;
  readonly origin: KubeconfigChoice;
  readonly context: string;
  /** API server URL of the chosen context. */
  readonly server: string;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly node: NodeV1Api;
  readonly rbac: RbacAuthorizationV1Api;
  readonly authorization: AuthorizationV1Api;
  readonly events: EventsV1Api;
  readonly networking: NetworkingV1Api;
  readonly custom: CustomObjectsApi;
}

const noKubeconfigHint =
  'Pass --kubeconfig <file>, set KUBECONFIG, or start the local cluster with `gauntlet cluster up`.';

/**
 * Which kubeconfig file(s) to load: explicit option, else KUBECONFIG, else the local
 * cluster's. Throws BadInputError when the chosen source names no existing file.
 * `fileExists` is injectable so the choice can be unit tested without files.
 */
export function chooseKubeconfig(
  options: Pick<KubeOptions, 'kubeconfigPath'> = {},
  env: NodeJS.ProcessEnv = process.env,
  fileExists: (path: string) => boolean = existsSync,
): KubeconfigChoice {
  if (options.kubeconfigPath !== undefined && options.kubeconfigPath !== '') {
    const path = options.kubeconfigPath;
    if (!fileExists(path)) {
      throw new BadInputError(`Kubeconfig ${path} does not exist, so the cluster cannot be reached`, `Check the path given with --kubeconfig. ${noKubeconfigHint}`);
    }
    return { origin: 'option', paths: [path] };
  }
  const fromEnv = env.KUBECONFIG;
  if (fromEnv !== undefined && fromEnv !== '') {
    const listed = fromEnv.split(delimiter).filter((p) => p !== '');
    const paths = listed.filter((p) => fileExists(p));
    if (paths.length === 0) {
      throw new BadInputError(
        `KUBECONFIG=${fromEnv} names no existing file, so the cluster cannot be reached`,
        `Fix or unset KUBECONFIG. ${noKubeconfigHint}`,
      );
    }
    return { origin: 'KUBECONFIG', paths };
  }
  const local = localKubeconfigPath();
  if (!fileExists(local)) {
    throw new BadInputError(
      `No kubeconfig given and the local cluster's kubeconfig ${local} does not exist (the local cluster is not up)`,
      noKubeconfigHint,
    );
  }
  return { origin: 'local-cluster', paths: [local] };
}

/** Merge kubeconfig files the way kubectl does: the first file to define a name or current-context wins. */
function loadFiles(paths: string[]): KubeConfig {
  const merged = new KubeConfig();
  paths.forEach((path, index) => {
    const kc = index === 0 ? merged : new KubeConfig();
    try {
      kc.loadFromFile(path);
    } catch (err) {
      throw new BadInputError(
        `Kubeconfig ${path} cannot be read or parsed: ${err instanceof Error ? err.message : String(err)}`,
        'Check that the file is a valid kubeconfig (try `kubectl --kubeconfig <file> config view`).',
        { cause: err },
      );
    }
    if (kc === merged) return;
    const has = <T extends { name: string }>(list: T[], name: string) => list.some((x) => x.name === name);
    for (const c of kc.getClusters()) if (!has(merged.getClusters(), c.name)) merged.addCluster(c);
    for (const u of kc.getUsers()) if (!has(merged.getUsers(), u.name)) merged.addUser(u);
    for (const x of kc.getContexts()) if (!has(merged.getContexts(), x.name)) merged.addContext(x);
    if (!merged.getCurrentContext() && kc.getCurrentContext()) merged.setCurrentContext(kc.getCurrentContext());
  });
  return merged;
}

/** Load and validate the kubeconfig: the context must exist and point at a cluster. */
export function loadKubeConfig(options: KubeOptions = {}, env: NodeJS.ProcessEnv = process.env): { config: KubeConfig; origin: KubeconfigChoice } {
  const origin = chooseKubeconfig(options, env);
  const config = loadFiles(origin.paths);
  const where = origin.paths.join(delimiter);
  const known = config.getContexts().map((c) => c.name);
  const wanted = options.context !== undefined && options.context !== '' ? options.context : config.getCurrentContext();
  if (!wanted) {
    throw new BadInputError(
      `Kubeconfig ${where} has no current-context and no context was given`,
      `Pass --context <name> (known: ${known.join(', ') || 'none'}).`,
    );
  }
  if (config.getContextObject(wanted) === null) {
    throw new BadInputError(
      `Context "${wanted}" does not exist in kubeconfig ${where}`,
      `Pass --context with one of: ${known.join(', ') || '(the file defines no contexts)'}.`,
    );
  }
  config.setCurrentContext(wanted);
  if (config.getCurrentCluster() === null) {
    throw new BadInputError(
      `Context "${wanted}" in kubeconfig ${where} refers to a cluster the file does not define`,
      'Fix the kubeconfig (`kubectl config view`) or choose another context with --context.',
    );
  }
  return { config, origin };
}

/** Build the client; cheap enough to call once per worker, not meant to be called per request. */
export function createKube(options: KubeOptions = {}, env: NodeJS.ProcessEnv = process.env): Kube {
  // Every cluster client starts here, so an offline collection can never reach a cluster.
  assertClusterAllowed();
  const { config, origin } = loadKubeConfig(options, env);
  return {
    config,
    origin,
    context: config.getCurrentContext(),
    server: config.getCurrentCluster()?.server ?? '',
    core: config.makeApiClient(CoreV1Api),
    apps: config.makeApiClient(AppsV1Api),
    node: config.makeApiClient(NodeV1Api),
    rbac: config.makeApiClient(RbacAuthorizationV1Api),
    authorization: config.makeApiClient(AuthorizationV1Api),
    events: config.makeApiClient(EventsV1Api),
    networking: config.makeApiClient(NetworkingV1Api),
    custom: config.makeApiClient(CustomObjectsApi),
  };
}

/**
 * HTTP status of a failed Kubernetes call: ApiException `.code`, or `.statusCode`
 * as the Watch sets it. Undefined for network errors and anything else.
 */
export function statusCodeOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, statusCode } = err as { code?: unknown; statusCode?: unknown };
  // Node system errors carry string codes ('ECONNREFUSED'); only numbers are HTTP statuses.
  if (typeof code === 'number') return code;
  if (typeof statusCode === 'number') return statusCode;
  return undefined;
}

/** The object (or its namespace) does not exist. Decided by status code, never by message text. */
export function isNotFound(err: unknown): boolean {
  return statusCodeOf(err) === 404;
}

/** Create hit an existing object (409 AlreadyExists) or an update lost a race (409 Conflict). */
export function isConflict(err: unknown): boolean {
  return statusCodeOf(err) === 409;
}

/** Await `call`, turning a 404 into `undefined`; every other failure still throws. */
export async function ignoreNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * One readable line for a failed call. ApiException's own message is a multi-line
 * dump with headers; this takes the Status reason and message from its body instead.
 */
export function describeKubeError(err: unknown): string {
  const code = statusCodeOf(err);
  if (code === undefined) {
    if (err instanceof Error) return err.message;
    // The exec API's WebSocket rejects with an ErrorEvent (not an Error): "Unexpected server response: 403".
    const message = (err as { message?: unknown } | null)?.message;
    return typeof message === 'string' && message !== '' ? message : String(err);
  }
  let status: { reason?: unknown; message?: unknown } | undefined;
  const body = (err as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      status = JSON.parse(body) as typeof status;
    } catch {
      status = { message: body };
    }
  } else if (typeof body === 'object' && body !== null) {
    status = body;
  }
  const reason = typeof status?.reason === 'string' ? ` ${status.reason}` : '';
  let message = typeof status?.message === 'string' && status.message !== '' ? `: ${status.message}` : '';
  // Watch errors carry only the status text as message; ApiException's own message is the dump we avoid.
  if (!reason && !message && err instanceof Error && err.message && !err.message.startsWith('HTTP-Code:')) message = `: ${err.message}`;
  return `HTTP ${code}${reason}${message}`.replace(/\s+/g, ' ');
}

/** The target the suites and scripts use: GAUNTLET_KUBECONFIG / GAUNTLET_CONTEXT if set (set by `gauntlet run`). */
export function kubeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): KubeOptions {
  const options: KubeOptions = {};
  if (env.GAUNTLET_KUBECONFIG) options.kubeconfigPath = env.GAUNTLET_KUBECONFIG;
  if (env.GAUNTLET_CONTEXT) options.context = env.GAUNTLET_CONTEXT;
  return options;
}
