/**
 * A what-if's ServiceAccount table after a fix to bindings is made from the
 * analysed cluster's table, computing again only the namespaces whose
 * binding references differ (entities/service-accounts.ts). Checked here
 * against the table computed from scratch (a copy of the input: nothing
 * shared with the analysed one), for every RoleBinding and
 * ClusterRoleBinding of generated clusters deleted, and with its subjects
 * emptied.
 */

import { describe, expect, it } from 'vitest';
import { generateCluster } from '@chokepoint/collector';
import type { FixRecord, KubeObject, Snapshot } from '@chokepoint/model';
import { objectId } from '@chokepoint/model';
import { applyFixes } from '../../src/chokepoints/apply-fix.ts';
import { contextParts } from '../../src/build-graph.ts';
import { DEFAULT_POLICY } from '../../src/policy.ts';
import { snapshotOf } from '../manifests.ts';
import type { ServiceAccountTable } from '../../src/entities/service-accounts.ts';

function tableJson(table: ServiceAccountTable): string {
  return JSON.stringify({
    byNamespace: [...table.byNamespace],
    all: table.all,
    referenced: [...table.index.referenced]
      .map(([ns, names]) => [ns, [...names].sort()] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    serviceAccounts: [...table.index.byNamespace].map(([ns, names]) => [
      ns,
      [...names.keys()],
    ]),
    live: table.index.live,
  });
}

function bindingFixes(snapshot: Snapshot): FixRecord[] {
  const bindings: KubeObject[] = [
    ...(snapshot.objects.RoleBinding ?? []),
    ...(snapshot.objects.ClusterRoleBinding ?? []),
  ];
  return bindings.flatMap(binding => {
    const target = objectId(
      binding.kind,
      binding.metadata.name,
      binding.metadata.namespace,
    );
    return [
      { id: `delete:${target}`, action: 'delete', target, description: '' },
      {
        id: `patch:${target}`,
        action: 'patch',
        target,
        patch: { subjects: null },
        description: '',
      },
    ];
  });
}

/** Checks every binding fix of `snapshot`; returns how many change the table. */
function compareBindingFixes(snapshot: Snapshot): number {
  // The analysed cluster's table, as the analysis makes it first.
  const base = contextParts(snapshot, DEFAULT_POLICY).accounts;
  const fixes = bindingFixes(snapshot);
  expect(fixes.length).toBeGreaterThan(0);
  let differing = 0;
  for (const fix of fixes) {
    const after = applyFixes(snapshot, [fix]);
    const made = contextParts(after, DEFAULT_POLICY).accounts;
    const scratch = contextParts(
      structuredClone(after),
      DEFAULT_POLICY,
    ).accounts;
    expect(tableJson(made), fix.id).toBe(tableJson(scratch));
    if (tableJson(made) !== tableJson(base)) differing++;
  }
  return differing;
}

// Only the RoleBinding names `ghost`: it is an account of the table (inferred)
// until the binding goes.
const GHOST = `apiVersion: v1
kind: Namespace
metadata: { name: app }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: app }
spec:
  containers: [{ name: web, image: nginx }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ghost-view, namespace: app }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: ServiceAccount, name: ghost, namespace: app }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: robot-view }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: ServiceAccount, name: robot, namespace: tools }]
`;

describe('the ServiceAccount table of a binding fix', () => {
  it('drops the accounts only a deleted binding named, as from scratch', async () => {
    const snapshot = await snapshotOf(GHOST);
    const ids = (table: ServiceAccountTable): string[] =>
      table.all.map(account => account.id);
    expect(ids(contextParts(snapshot, DEFAULT_POLICY).accounts)).toContain(
      'ServiceAccount:app/ghost',
    );
    const after = applyFixes(snapshot, bindingFixes(snapshot).slice(0, 1));
    const made = contextParts(after, DEFAULT_POLICY).accounts;
    expect(ids(made)).not.toContain('ServiceAccount:app/ghost');
    expect(compareBindingFixes(snapshot)).toBe(4);
  });

  it.each([
    [60, 1],
    [120, 3],
  ])(
    'generated %i pods, seed %i: the same as computed from scratch',
    (pods, seed) => {
      const snapshot = generateCluster({
        pods,
        seed,
        tool: 'test',
        now: () => new Date(0),
      });
      const differing = compareBindingFixes(snapshot);
      // Some binding fixes change the table (an account only a binding named).
      expect(differing).toBeGreaterThan(0);
    },
    120_000,
  );
});
