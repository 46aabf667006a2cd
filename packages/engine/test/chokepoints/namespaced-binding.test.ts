import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@chokepoint/model';
import { analyze, applyFixes } from '../../src/index.ts';
import { compareEveryCandidate } from './differential.ts';
import { BASE, snapshotOf } from '../manifests.ts';

/**
 * A reporting job whose ServiceAccount reads Secrets through a
 * ClusterRoleBinding: cluster-wide, so kube-system's too, where it only
 * needs its own namespace's.
 */
const READER = `${BASE}---
apiVersion: v1
kind: Namespace
metadata: { name: reports }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: reporter, namespace: reports }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: secret-reader }
rules: [{ apiGroups: [''], resources: [secrets], verbs: [get, list] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: reporter-secrets, labels: { team: reports } }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader }
subjects: [{ kind: ServiceAccount, name: reporter, namespace: reports }]
---
apiVersion: v1
kind: Pod
metadata: { name: report, namespace: reports }
spec:
  serviceAccountName: reporter
  nodeName: worker-1
  containers: [{ name: run, image: registry.example.com/report:1.0 }]
`;

const FIX = 'delete:ClusterRoleBinding:reporter-secrets#to-rolebindings';

describe('a ClusterRoleBinding turned into RoleBindings', () => {
  it('creates a RoleBinding in each namespace its ServiceAccounts run in, deletes the ClusterRoleBinding, and is measured like any fix', async () => {
    const snapshot = await snapshotOf(READER);
    const { result, candidates } = analyze(snapshot);
    const fix = candidates.find(f => f.id === FIX);
    expect(fix?.also).toEqual([
      {
        action: 'create',
        target: 'RoleBinding:reports/reporter-secrets',
        object: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: {
            name: 'reporter-secrets',
            namespace: 'reports',
            labels: { team: 'reports' },
          },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'secret-reader',
          },
          subjects: [
            { kind: 'ServiceAccount', name: 'reporter', namespace: 'reports' },
          ],
        },
      },
    ]);
    // What the engine's what-if applies: the RoleBinding is there, the ClusterRoleBinding gone.
    const after = fix === undefined ? snapshot : applyFixes(snapshot, [fix]);
    expect(
      (after.objects.RoleBinding ?? []).map(
        (b: KubeObject) => `${b.metadata.namespace ?? ''}/${b.metadata.name}`,
      ),
    ).toContain('reports/reporter-secrets');
    expect(after.objects.ClusterRoleBinding ?? []).toEqual([]);

    const chokepoint = result.chokepoints.find(c => c.fix.id === FIX);
    expect(result.summary.exposedEntryPoints).toBe(1);
    expect([chokepoint?.entriesCut, chokepoint?.exposedAfter]).toEqual([1, 0]);
    // The report carries the objects the fix creates.
    expect(chokepoint?.fix.also?.map(p => p.target)).toEqual([
      'RoleBinding:reports/reporter-secrets',
    ]);
    expect(chokepoint?.fix.impact).toMatchObject({
      level: 'degrades',
      component: 'Pod:reports/report',
    });
    expect(chokepoint?.fix.impact?.reason).toContain(
      'outside namespace reports',
    );
    // Narrower than deleting the binding: ranked before it.
    const ids = result.chokepoints.map(c => c.fix.id);
    expect(ids.indexOf(FIX)).toBeLessThan(
      ids.indexOf('delete:ClusterRoleBinding:reporter-secrets'),
    );

    const compared = await compareEveryCandidate(
      'namespaced binding',
      snapshot,
    );
    expect(compared.differences).toEqual([]);
  });

  it('is not offered when a subject is a person or a group, who runs nowhere the input shows', async () => {
    const snapshot = await snapshotOf(
      READER.replace(
        'subjects: [{ kind: ServiceAccount, name: reporter, namespace: reports }]',
        'subjects: [{ kind: ServiceAccount, name: reporter, namespace: reports }, { kind: Group, name: auditors, apiGroup: rbac.authorization.k8s.io }]',
      ),
    );
    const { candidates } = analyze(snapshot, { maxCandidates: 0 });
    expect(candidates.map(f => f.id)).toContain(
      'delete:ClusterRoleBinding:reporter-secrets',
    );
    expect(candidates.map(f => f.id)).not.toContain(FIX);
  });

  it('scopes a controller that watches every namespace to its own: --watch-namespace on its container, its cluster-scoped rules kept cluster-wide, the RoleBinding named beside its own', async () => {
    const snapshot = await snapshotOf(CONTROLLER);
    const { result, candidates } = analyze(snapshot);
    const fix = candidates.find(f => f.id === SCOPED);
    expect(fix?.also?.map(p => `${p.action} ${p.target}`)).toEqual([
      'patch Deployment:edge/router',
      'create ClusterRole:router-cluster-scoped',
      'create ClusterRoleBinding:router-cluster-scoped',
      // The component's own RoleBinding is named `router` already.
      'create RoleBinding:edge/router-namespaced',
    ]);
    const after = fix === undefined ? snapshot : applyFixes(snapshot, [fix]);
    const deployment = (after.objects.Deployment ?? []).find(
      d => d.metadata.name === 'router',
    );
    const [container] = (
      deployment?.spec as {
        template: {
          spec: { containers: { name: string; args?: string[] }[] };
        };
      }
    ).template.spec.containers;
    expect(container?.args).toEqual([
      '/nginx-ingress-controller',
      '--ingress-class=nginx',
      '--watch-namespace=edge',
    ]);
    const kept = (after.objects.ClusterRole ?? []).find(
      r => r.metadata.name === 'router-cluster-scoped',
    );
    // Secrets are namespaced: only nodes and IngressClasses stay cluster-wide.
    expect(kept?.rules).toEqual([
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] },
      {
        apiGroups: ['networking.k8s.io'],
        resources: ['ingressclasses'],
        verbs: ['get', 'list', 'watch'],
      },
    ]);
    expect(
      (after.objects.ClusterRoleBinding ?? []).map(b => b.metadata.name),
    ).toEqual(['router-cluster-scoped']);

    const chokepoint = result.chokepoints[0];
    expect(chokepoint?.fix.id).toBe(SCOPED);
    expect([chokepoint?.entriesCut, chokepoint?.exposedAfter]).toEqual([
      result.summary.exposedEntryPoints,
      0,
    ]);
    // It keeps routing its own namespace: degrades, where removing `secrets` breaks TLS.
    expect(chokepoint?.fix.impact).toMatchObject({
      level: 'degrades',
      component: 'ingress-nginx',
    });
    expect(chokepoint?.fix.impact?.reason).toContain(
      'serves namespace edge only (--watch-namespace)',
    );
    expect(
      result.chokepoints.find(
        c => c.fix.id === 'patch:ClusterRole:router#rules[0]-resource-secrets',
      )?.fix.impact?.level,
    ).toBe('breaks');

    const compared = await compareEveryCandidate('scoped controller', snapshot);
    expect(compared.differences).toEqual([]);
  });

  it('is not offered to a controller already watching another namespace', async () => {
    const snapshot = await snapshotOf(
      CONTROLLER.replace(
        '--ingress-class=nginx]',
        '--ingress-class=nginx, --watch-namespace=shop]',
      ),
    );
    const { candidates } = analyze(snapshot, { maxCandidates: 0 });
    expect(candidates.map(f => f.id)).toContain(
      'delete:ClusterRoleBinding:router',
    );
    expect(candidates.map(f => f.id)).not.toContain(SCOPED);
  });
});

/**
 * An ingress controller as ingress-nginx installs it: a ClusterRole read
 * cluster-wide (Secrets for TLS, nodes, IngressClasses) and a Role of the
 * same name in its namespace.
 */
const CONTROLLER = `${BASE}---
apiVersion: v1
kind: Namespace
metadata: { name: edge }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: router, namespace: edge }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: router }
rules:
  - { apiGroups: [''], resources: [secrets, nodes], verbs: [get, list] }
  - { apiGroups: [networking.k8s.io], resources: [ingressclasses], verbs: [get, list, watch] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: router }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: router }
subjects: [{ kind: ServiceAccount, name: router, namespace: edge }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: router, namespace: edge }
rules: [{ apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get, update] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: router, namespace: edge }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: router }
subjects: [{ kind: ServiceAccount, name: router, namespace: edge }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: router, namespace: edge }
spec:
  selector: { matchLabels: { app: router } }
  template:
    metadata: { labels: { app: router } }
    spec:
      serviceAccountName: router
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.15.1
          args: [/nginx-ingress-controller, --ingress-class=nginx]
`;

const SCOPED = 'delete:ClusterRoleBinding:router#to-rolebindings';
