import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { describePermission, requiredPermissions, type Permission } from './permissions.js';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
interface Doc {
  kind: string;
  metadata: { name: string };
  rules?: Rule[];
  roleRef?: { name: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
}

const docs = parseAllDocuments(readFileSync(join(import.meta.dirname, '..', '..', 'deploy', 'rbac.yaml'), 'utf8')).map((d) => d.toJS() as Doc);
const roles = docs.filter((d) => d.kind === 'ClusterRole');
const grants = (rules: Rule[], p: Permission): boolean => {
  const res = p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
  return rules.some((r) => r.apiGroups.includes(p.group) && r.resources.includes(res) && r.verbs.includes(p.verb));
};

describe('deploy/rbac.yaml matches what doctor checks', () => {
  const main = roles.find((r) => r.metadata.name === 'sandbox-gauntlet');

  it('the main ClusterRole grants every required permission', () => {
    const missing = requiredPermissions.filter((p) => !p.optional && !grants(main?.rules ?? [], p)).map(describePermission);
    expect(missing).toEqual([]);
  });

  it('every optional permission is granted by one of its ClusterRoles', () => {
    const missing = requiredPermissions.filter((p) => p.optional && !roles.some((r) => grants(r.rules ?? [], p))).map(describePermission);
    expect(missing).toEqual([]);
  });

  it('grants nothing doctor does not know about (every rule is used)', () => {
    for (const role of roles) {
      for (const rule of role.rules ?? []) {
        for (const g of rule.apiGroups) {
          for (const res of rule.resources) {
            const [resource, sub] = res.split('/');
            const known = requiredPermissions.some((p) => p.group === g && p.resource === resource && (p.subresource ?? undefined) === sub);
            // Chaos Mesh kinds beyond podchaos share one rule; doctor probes podchaos for all of them.
            expect(known || g === 'chaos-mesh.org', `${role.metadata.name}: ${res}.${g}`).toBe(true);
          }
        }
      }
    }
  });

  it('binds each ClusterRole to the harness ServiceAccount', () => {
    for (const role of roles) {
      const binding = docs.find((d) => d.kind === 'ClusterRoleBinding' && d.roleRef?.name === role.metadata.name);
      expect(binding?.subjects).toContainEqual({ kind: 'ServiceAccount', name: 'sandbox-gauntlet', namespace: 'sandbox-gauntlet' });
    }
  });

  it('spells permissions the way kubectl auth can-i does', () => {
    expect(describePermission({ group: '', resource: 'pods', subresource: 'log', verb: 'get', why: '' })).toBe('get pods/log');
    expect(describePermission({ group: 'node.k8s.io', resource: 'runtimeclasses', verb: 'list', why: '' })).toBe('list runtimeclasses.node.k8s.io');
  });
});
