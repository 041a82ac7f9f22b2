import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderRbacManifest } from '../rbac/manifest.js';
import { grantRoles } from '../rbac/grants.js';
import { describePermission, requiredPermissions, roleOf, type Permission } from './permissions.js';

const rbacFile = join(import.meta.dirname, '..', '..', 'deploy', 'rbac.yaml');

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}
interface Doc {
  kind: string;
  metadata: { name: string };
  rules?: Rule[];
  roleRef?: { name: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
}

const docsOf = (text: string): Doc[] => parseAllDocuments(text).map((d) => d.toJS() as Doc);
const grants = (rules: Rule[], p: Permission): boolean => {
  const res = p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
  return rules.some((r) => r.apiGroups.includes(p.group) && r.resources.includes(res) && r.verbs.includes(p.verb) && (p.resourceName === undefined || (r.resourceNames ?? []).includes(p.resourceName)));
};

describe('deploy/rbac.yaml is generated from the permission list', () => {
  it('is exactly what `npm run gen:rbac` renders (run it after changing lib/doctor/permissions.ts)', () => {
    expect(readFileSync(rbacFile, 'utf8')).toBe(renderRbacManifest());
  });

  it('sees a file that differs from the list as different', () => {
    const dropped = requiredPermissions.filter((p) => !(p.resource === 'pods' && p.subresource === 'exec'));
    expect(renderRbacManifest(dropped)).not.toBe(renderRbacManifest());
  });
});

describe('the rendered RBAC grants what doctor checks, and nothing else', () => {
  const docs = docsOf(renderRbacManifest());
  const role = (name: string): Doc | undefined => docs.find((d) => d.kind === 'ClusterRole' && d.metadata.name === name);

  it('grants every main permission in the main ClusterRole and every disruptive one only in the disruptive one', () => {
    for (const p of requiredPermissions) {
      const [held, other] = roleOf(p) === 'main' ? ['sandbox-gauntlet', 'sandbox-gauntlet-disruptive'] : ['sandbox-gauntlet-disruptive', 'sandbox-gauntlet'];
      expect(grants(role(held)?.rules ?? [], p), `${describePermission(p)} in ${held}`).toBe(true);
      expect(grants(role(other)?.rules ?? [], p), `${describePermission(p)} not in ${other}`).toBe(false);
    }
  });

  it('has no rule the list does not ask about', () => {
    for (const name of ['sandbox-gauntlet', 'sandbox-gauntlet-disruptive']) {
      for (const rule of role(name)?.rules ?? []) {
        for (const verb of rule.verbs) {
          const [resource, subresource] = (rule.resources[0] ?? '').split('/');
          const asked = requiredPermissions.some((p) => p.group === rule.apiGroups[0] && p.resource === resource && p.subresource === subresource && p.verb === verb);
          expect(asked, `${name}: ${verb} ${rule.resources.join(',')}`).toBe(true);
        }
      }
    }
  });

  it('marks every disruptive permission optional and names the scenarios that need it', () => {
    for (const p of requiredPermissions.filter((x) => roleOf(x) === 'disruptive' || x.optional)) {
      expect(p.optional, describePermission(p)).toBe(true);
      expect(p.scenarios?.length ?? 0, describePermission(p)).toBeGreaterThan(0);
    }
  });

  it('lets the harness bind each grant ClusterRole by name, and binds none of them to the harness', () => {
    for (const g of grantRoles) {
      expect(role(g.name)?.rules).toEqual(g.rules.map((r) => ({ ...r })));
      expect(requiredPermissions.some((p) => p.verb === 'bind' && p.resourceName === g.name)).toBe(true);
      expect(docs.some((d) => d.kind === 'ClusterRoleBinding' && d.roleRef?.name === g.name)).toBe(false);
    }
  });

  it('binds the main and disruptive ClusterRoles to the harness ServiceAccount', () => {
    for (const name of ['sandbox-gauntlet', 'sandbox-gauntlet-disruptive']) {
      const binding = docs.find((d) => d.kind === 'ClusterRoleBinding' && d.roleRef?.name === name);
      expect(binding?.subjects).toContainEqual({ kind: 'ServiceAccount', name: 'sandbox-gauntlet', namespace: 'sandbox-gauntlet' });
    }
  });

  it('spells permissions the way kubectl auth can-i does', () => {
    expect(describePermission({ group: '', resource: 'pods', subresource: 'log', verb: 'get', why: '' })).toBe('get pods/log');
    expect(describePermission({ group: 'node.k8s.io', resource: 'runtimeclasses', verb: 'list', why: '' })).toBe('list runtimeclasses.node.k8s.io');
  });
});
