import { stringify } from 'yaml';
import type { ClusterSettings } from './settings.js';

/** Image repository our locally built images are tagged under; nothing is pulled from it. */
export const imageRepository = 'gauntlet.local';

const docs = (...objects: object[]): string => objects.map((o) => stringify(o)).join('---\n');

const kubeletConfiguration = {
  apiVersion: 'kubelet.config.k8s.io/v1beta1',
  kind: 'KubeletConfiguration',
  cgroupDriver: 'cgroupfs',
  // 1.34 is the last minor whose kubelet runs on cgroup v1 by default; say so explicitly.
  failCgroupV1: false,
  failSwapOn: false,
  // Nodes share one disk; evicting pods for disk pressure would only add noise.
  evictionHard: { 'nodefs.available': '0%', 'nodefs.inodesFree': '0%', 'imagefs.available': '0%' },
  imageGCHighThresholdPercent: 100,
  serializeImagePulls: false,
  // A per-pod PID limit (the kubelet's default is none): a fork bomb in one pod must not use up
  // the PIDs of a VM every node container shares. 1024 is far above what any suite's pod needs
  // (a runsc sandbox is some 40 host threads; the process-spawn workload runs one child at a
  // time) and far below the VM's pid_max; the limits check reads it back (suites/workloads/limits.test.ts).
  podPidsLimit: 1024,
};

// kube-proxy must not try to resize the host's conntrack table from inside a node container.
// nftables mode: its rules live in a table of their own. kube-router's policy controller
// rewrites the whole iptables filter table (save, edit, restore); in iptables mode that
// restore races kube-proxy's own filter rules and can put back a stale "no endpoints" REJECT,
// which kube-proxy repairs only at its hourly full sync.
const kubeProxyConfiguration = {
  apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
  kind: 'KubeProxyConfiguration',
  mode: 'nftables',
  conntrack: { maxPerCore: 0 },
};

export interface Versions {
  kubernetes: string;
  etcdImageTag: string;
  coredns: string;
}

/** Labels the kubelet puts on its own Node at registration, as `--node-labels` does. */
const nodeLabelsArg = (labels: Record<string, string>): { name: string; value: string }[] => {
  const value = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
  return value ? [{ name: 'node-labels', value }] : [];
};

const nodeRegistration = (name: string, ip: string, labels: Record<string, string> = {}) => ({
  name,
  criSocket: 'unix:///run/containerd/containerd.sock',
  imagePullPolicy: 'Never',
  // The node is a container on a cgroup v1 VM; kubeadm's system checks do not apply.
  ignorePreflightErrors: ['all'],
  kubeletExtraArgs: [{ name: 'node-ip', value: ip }, ...nodeLabelsArg(labels)],
});

export function initConfig(s: ClusterSettings, cpIp: string, v: Versions): string {
  return docs(
    {
      apiVersion: 'kubeadm.k8s.io/v1beta4',
      kind: 'InitConfiguration',
      localAPIEndpoint: { advertiseAddress: cpIp, bindPort: 6443 },
      nodeRegistration: nodeRegistration(s.controlPlaneName, cpIp),
    },
    {
      apiVersion: 'kubeadm.k8s.io/v1beta4',
      kind: 'ClusterConfiguration',
      clusterName: s.name,
      kubernetesVersion: v.kubernetes,
      imageRepository,
      controlPlaneEndpoint: `${cpIp}:6443`,
      networking: { podSubnet: s.podCidr, serviceSubnet: s.serviceCidr, dnsDomain: 'cluster.local' },
      etcd: { local: { imageTag: v.etcdImageTag } },
      dns: { imageTag: v.coredns },
      apiServer: { certSANs: ['127.0.0.1', 'localhost', cpIp] },
    },
    kubeletConfiguration,
    kubeProxyConfiguration,
  );
}

export function joinConfig(name: string, ip: string, cpIp: string, token: string, caCertHash: string, labels: Record<string, string> = {}): string {
  return docs({
    apiVersion: 'kubeadm.k8s.io/v1beta4',
    kind: 'JoinConfiguration',
    discovery: { bootstrapToken: { apiServerEndpoint: `${cpIp}:6443`, token, caCertHashes: [caCertHash] } },
    nodeRegistration: nodeRegistration(name, ip, labels),
  });
}
