/**
 * The identity facts keep role and binding names (RoleBindings by namespace,
 * ClusterRoleBindings, bound roles, aggregation) under keys of their own,
 * compared before and after a fix (provenance/delta.ts): a fix that changes
 * what a rule reads there re-derives that rule, and a fix that changes only
 * one role's rules re-derives only that role's holders. Both checked against
 * the oracle (the input edited as a user edits it, analysed from scratch).
 */

import { describe, expect, it } from 'vitest';
import type { FixRecord } from '@chokepoint/model';
import { analyze, measureFixes } from '../../src/index.ts';
import { applyFixes } from '../../src/chokepoints/apply-fix.ts';
import { contextParts } from '../../src/build-graph.ts';
import { changedKeys } from '../../src/provenance/delta.ts';
import { deriveDelta } from '../../src/provenance/what-if.ts';
import { BASE, snapshotOf } from '../manifests.ts';
import { applyAsUser, exposedFromScratch } from '../oracle.ts';

// The web pod's ServiceAccount may rewrite the RoleBinding `reader` in
// kube-system and bind the Secret reader that `reader` binds: rewriting it
// reads kube-system's Secrets. Another binding of the same role to the same
// user stays when `reader` goes: the role's node, the user and her grants
// stay too, and only the names the identity facts keep change.
const CLUSTER = `${BASE}---
apiVersion: v1
kind: Namespace
metadata: { name: app }
---
apiVersion: v1
kind: Namespace
metadata: { name: kube-system }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: deployer, namespace: app }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: app }
spec:
  serviceAccountName: deployer
  nodeName: worker-1
  containers: [{ name: web, image: nginx }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: binding-editor, namespace: kube-system }
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [rolebindings]
    verbs: [get, update, patch]
    resourceNames: [reader]
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [clusterroles]
    verbs: [bind]
    resourceNames: [secret-reader]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: deployer-edits, namespace: kube-system }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: binding-editor }
subjects: [{ kind: ServiceAccount, name: deployer, namespace: app }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: secret-reader }
rules:
  - apiGroups: ['']
    resources: [secrets]
    verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: reader, namespace: kube-system }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader }
subjects: [{ kind: User, name: carol, apiGroup: rbac.authorization.k8s.io }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: carol-reads, namespace: kube-system }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader }
subjects: [{ kind: User, name: carol, apiGroup: rbac.authorization.k8s.io }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: pod-viewer }
rules:
  - apiGroups: ['']
    resources: [pods]
    verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: bob-views }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-viewer }
subjects: [{ kind: User, name: bob, apiGroup: rbac.authorization.k8s.io }]
---
apiVersion: v1
kind: Secret
metadata: { name: admin-token, namespace: kube-system }
type: Opaque
`;

const ENTRY = 'Container:app/web/web';

function fix(
  action: 'delete' | 'patch',
  target: string,
  patch?: Record<string, unknown>,
): FixRecord {
  return {
    id: `${action}:${target}`,
    action,
    target,
    ...(patch === undefined ? {} : { patch }),
    description: 'test',
  };
}

describe('what-if: the role and binding names the identity facts keep', () => {
  it('is exposed through the rewritable RoleBinding', async () => {
    const snapshot = await snapshotOf(CLUSTER);
    const analysis = analyze(snapshot, { maxCandidates: 0, planRounds: 0 });
    expect(analysis.result.paths.map(p => p.from)).toContain(ENTRY);
    expect(exposedFromScratch(snapshot)).toContain(ENTRY);
  });

  it.each([
    [
      'the RoleBinding it would rewrite deleted',
      fix('delete', 'RoleBinding:kube-system/reader'),
      false,
    ],
    [
      'the bound role emptied',
      fix('patch', 'ClusterRole:secret-reader', { rules: [] }),
      false,
    ],
    [
      'an unrelated role emptied',
      fix('patch', 'ClusterRole:pod-viewer', { rules: [] }),
      true,
    ],
  ])(
    '%s: the what-if agrees with a fresh analysis',
    async (_name, made, exposed) => {
      const snapshot = await snapshotOf(CLUSTER);
      const analysis = analyze(snapshot, { maxCandidates: 0, planRounds: 0 });
      const oracle = exposedFromScratch(applyAsUser(snapshot, made));
      expect(oracle.includes(ENTRY)).toBe(exposed);
      expect([...measureFixes(analysis, [made]).exposed].sort()).toEqual(
        oracle,
      );
    },
  );

  it('re-derives only the holders of a role whose rules alone change', async () => {
    const snapshot = await snapshotOf(CLUSTER);
    const analysis = analyze(snapshot, { maxCandidates: 0, planRounds: 0 });
    const { derivation } = analysis.build;
    const holderOf = (identity: string): string | undefined =>
      derivation.deriver.anchors.get(`G|${identity}`)?.holder?.id;
    const deployer = holderOf('ServiceAccount:app/deployer');
    const bob = holderOf('User:bob');
    expect(deployer).toBeDefined();
    expect(bob).toBeDefined();
    const parts = contextParts(
      applyFixes(snapshot, [
        fix('patch', 'ClusterRole:pod-viewer', { rules: [] }),
      ]),
      derivation.parts.policy,
      derivation.named,
    );
    const delta = deriveDelta(
      derivation,
      parts,
      changedKeys(derivation.parts, parts),
    );
    const holders = new Set(
      [...delta.anchors.keys()]
        .filter(key => key.startsWith('H|'))
        .map(key => key.slice(key.indexOf('|', 2) + 1)),
    );
    expect(holders.has(bob ?? '')).toBe(true);
    expect(holders.has(deployer ?? '')).toBe(false);
  });
});
