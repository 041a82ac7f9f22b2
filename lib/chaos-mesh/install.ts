/**
 * Chaos Mesh on the embedded cluster (issue 18 §1), laid out as its Helm chart lays it out:
 * the controller Deployment, the daemon DaemonSet, RBAC, the webhook configurations and the
 * mTLS certificates (fixtures/chaos-mesh/install/). The binaries are built from the Go module
 * (build-go.sh chaos-mesh), the images locally (images.sh with GAUNTLET_CHAOS_MESH=on).
 * Optional in `cluster up`: GAUNTLET_CHAOS_MESH=on (the CI profile's default).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { parseAllDocuments, stringify } from 'yaml';
import { join } from 'node:path';
import { BadInputError } from '../errors.js';
import { isCi } from '../load/profile.js';
import { kubectl } from '../cluster/kubectl.js';
import { ensureRegistry, pushImages } from '../cluster/registry.js';
import { runLogged } from '../cluster/run-script.js';
import { cacheDir } from '../paths.js';
import { clusterFixtures, clusterSettings, readVersions, repoRoot } from '../cluster/settings.js';
import { imageRepository } from '../cluster/kubeadm-config.js';
import { chaosMeshNamespace, chaosMeshPresence } from './presence.js';
import { createKube } from '../kube/client.js';
import { localKubeconfigPath } from '../paths.js';

/** The CRDs (plural names) the harness's faults use; the install waits until they are established. */
const chaosMeshKindsUsed = ['podchaos', 'networkchaos', 'stresschaos', 'timechaos', 'iochaos'] as const;

export type ChaosMeshMode = 'on' | 'off';

/** GAUNTLET_CHAOS_MESH: on installs Chaos Mesh in `cluster up`; unset means on under CI, off otherwise. */
export function chaosMeshMode(env: NodeJS.ProcessEnv = process.env): ChaosMeshMode {
  const raw = env.GAUNTLET_CHAOS_MESH?.trim().toLowerCase();
  if (raw === undefined || raw === '') return isCi(env) ? 'on' : 'off';
  if (raw === 'on' || raw === 'off') return raw;
  throw new BadInputError(
    `GAUNTLET_CHAOS_MESH=${env.GAUNTLET_CHAOS_MESH ?? ''} is neither "on" nor "off"`,
    'set it to on to install Chaos Mesh on the local cluster (about 6 minutes of Go build the first time), or off; unset means on in CI',
  );
}

const installDir = join(repoRoot, 'fixtures', 'chaos-mesh', 'install');

/** Seconds the controller and every daemon may take to become available. */
export const chaosMeshRolloutS = 180;

export interface ChaosMeshImages {
  controller: string;
  daemon: string;
  pauseForPodFailure: string;
}

type Certs = Record<'CA_CRT' | 'WEBHOOK_CRT' | 'WEBHOOK_KEY' | 'DAEMON_CRT' | 'DAEMON_KEY' | 'CLIENT_CRT' | 'CLIENT_KEY', string>;

/** The install manifests with their placeholders filled, in file order (namespace and RBAC first). */
export function renderChaosMeshInstall(images: ChaosMeshImages, certs: Certs, dir: string = installDir): string {
  const values: Record<string, string> = {
    ...certs,
    CA_BUNDLE: certs.CA_CRT,
    CONTROLLER_IMAGE: images.controller,
    DAEMON_IMAGE: images.daemon,
    POD_FAILURE_PAUSE_IMAGE: images.pauseForPodFailure,
  };
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  const text = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n---\n');
  const filled = text.replace(/\$\{([A-Z_]+)\}/g, (whole, key: string) => {
    const v = values[key];
    if (v === undefined) throw new BadInputError(`${whole} in ${dir} has no value`, 'fill it in renderChaosMeshInstall or remove it from the manifest');
    return v;
  });
  return filled;
}

/** The chart's certificates, made by certs.sh with openssl, base64 for the Secrets and caBundles. */
async function makeCerts(): Promise<Certs> {
  const dir = mkdtempSync(join(tmpdir(), 'gauntlet-chaos-mesh-certs-'));
  try {
    await runLogged('bash', [join(installDir, 'certs.sh'), dir, chaosMeshNamespace], { component: 'chaos mesh certificates' });
    const b64 = (f: string): string => readFileSync(join(dir, f)).toString('base64');
    return {
      CA_CRT: b64('ca.crt'),
      WEBHOOK_CRT: b64('webhook.crt'),
      WEBHOOK_KEY: b64('webhook.key'),
      DAEMON_CRT: b64('daemon.crt'),
      DAEMON_KEY: b64('daemon.key'),
      CLIENT_CRT: b64('client.crt'),
      CLIENT_KEY: b64('client.key'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The module's own CRDs (every kind: the controller watches them all), from the build's source copy. */
export const chaosMeshCrdsPath = (version: string = readVersions().CHAOS_MESH_VERSION ?? ''): string =>
  join(cacheDir(), 'src', `chaos-mesh-${version}`, 'src', 'manifests', 'crd.yaml');

/**
 * The module's CRDs brought level with the api module the binaries are built against. The
 * proxy serves the api module only four days newer than the main module, and that api added
 * NetworkChaos `spec.partitionBehavior` (drop or reject), which its mutating webhook sets on
 * every CREATE and UPDATE. The older CRD prunes it from the stored object, so every later
 * update (the controller's own finalizer and status) differs in spec from what is stored and
 * the validating webhook refuses it ("Cannot update chaos spec"): no NetworkChaos ever gets
 * injected. Seen on the local cluster; the field is added wherever a NetworkChaos spec's
 * schema appears (its CRD, and the Schedule and Workflow templates that embed it).
 */
export function crdsForApi(text: string): string {
  const docs = parseAllDocuments(text).map((d) => d.toJS() as unknown);
  const isNetworkChaosSpec = (o: Record<string, unknown>): boolean => {
    const props = o.properties as Record<string, Record<string, unknown>> | undefined;
    return !!props?.direction && !!props.target && Array.isArray(props.action?.enum) && (props.action.enum as unknown[]).includes('partition');
  };
  const walk = (o: unknown): void => {
    if (Array.isArray(o)) return o.forEach(walk);
    if (o === null || typeof o !== 'object') return;
    const rec = o as Record<string, unknown>;
    if (isNetworkChaosSpec(rec)) {
      (rec.properties as Record<string, unknown>).partitionBehavior = {
        description: 'How packets matched by a partition are handled: drop (default) or reject. Added by sandbox-gauntlet: the api module the controller is built against has it.',
        type: 'string',
        enum: ['drop', 'reject'],
      };
    }
    Object.values(rec).forEach(walk);
  };
  docs.forEach(walk);
  return docs.filter((d) => d !== null).map((d) => stringify(d)).join('---\n');
}

/** Builds the two binaries (cached by version; ~6 minutes cold on 2 cores) and their images. */
export async function buildChaosMesh(progress: (m: string) => void): Promise<void> {
  progress('build Chaos Mesh (cached by version; the first build takes about 6 minutes on 2 cores)');
  await runLogged('bash', [join(clusterFixtures, 'build', 'build-go.sh'), 'chaos-mesh'], { component: 'chaos-mesh build', progress: true });
  await runLogged('bash', [join(clusterFixtures, 'build', 'images.sh')], { component: 'image build', progress: true, env: { GAUNTLET_CHAOS_MESH: 'on' } });
}

/** Installs Chaos Mesh on the embedded cluster and waits until its controller and every daemon are available. */
export async function installChaosMeshLocal(progress: (m: string) => void): Promise<void> {
  const v = readVersions();
  const version = v.CHAOS_MESH_VERSION ?? '';
  await buildChaosMesh(progress);
  const [controller = '', daemon = ''] = await pushImages(await ensureRegistry(clusterSettings()), [
    `${imageRepository}/chaos-controller-manager:${version}`,
    `${imageRepository}/chaos-daemon:${version}`,
  ]);
  progress(`pushed ${controller} and ${daemon} to the cluster registry`);
  progress('apply the Chaos Mesh CRDs (server-side: the module carries all 19 kinds)');
  await kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], { input: crdsForApi(readFileSync(chaosMeshCrdsPath(version), 'utf8')), component: 'chaos mesh crds' });
  await kubectl(['wait', '--for=condition=Established', ...chaosMeshKindsUsed.map((k) => `crd/${k}.chaos-mesh.org`), '--timeout=60s'], { component: 'chaos mesh crds' });
  const manifests = renderChaosMeshInstall({ controller, daemon, pauseForPodFailure: `${imageRepository}/pause:${v.PAUSE_VERSION ?? ''}` }, await makeCerts());
  progress('apply the Chaos Mesh controller, daemon, RBAC, webhooks and certificates');
  await kubectl(['apply', '-f', '-'], { input: manifests, component: 'chaos mesh apply' });
  progress('waiting for the Chaos Mesh controller and a daemon on every node');
  await kubectl(['-n', chaosMeshNamespace, 'rollout', 'status', 'deployment/chaos-controller-manager', `--timeout=${chaosMeshRolloutS}s`], { component: 'chaos mesh rollout' });
  await kubectl(['-n', chaosMeshNamespace, 'rollout', 'status', 'daemonset/chaos-daemon', `--timeout=${chaosMeshRolloutS}s`], { component: 'chaos mesh rollout' });
}

/** Installs Chaos Mesh unless a working one is there already (a reused cluster keeps its install). */
export async function ensureChaosMeshLocal(progress: (m: string) => void): Promise<void> {
  const present = await chaosMeshPresence(createKube({ kubeconfigPath: localKubeconfigPath() }));
  if (present.installed) {
    progress(`Chaos Mesh ${present.version} is installed in ${present.namespace}`);
    return;
  }
  await installChaosMeshLocal(progress);
}
