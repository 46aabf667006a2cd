import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@chokepoint/model';
import { analyze, buildGraph, mergePatch } from '../../src/index.ts';
import { narrowRuleFixes } from '../../src/chokepoints/kinds/narrow-rule.ts';
import { podSecurityLabelFix } from '../../src/chokepoints/kinds/pod-security-label.ts';
import { BASE, snapshotOf } from '../manifests.ts';
import { compareEveryCandidate } from './differential.ts';

const role = (rules: unknown[]): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'r' },
  rules,
});

describe('narrowing one rule', () => {
  const prometheus = role([
    {
      apiGroups: [''],
      resources: ['nodes', 'nodes/proxy', 'pods'],
      verbs: ['get', 'list', 'watch'],
    },
    { nonResourceURLs: ['/metrics'], verbs: ['get'] },
  ]);

  it('removes the one resource a path uses and keeps the rest of the rule', () => {
    const fixes = narrowRuleFixes(prometheus, 'ClusterRole:r', 0, {
      verb: 'get',
      resource: 'nodes/proxy',
    });
    const resource = fixes.find(f => f.id.endsWith('resource-nodes/proxy'));
    expect(resource?.description).toBe(
      'remove the resource "nodes/proxy" from rule 0 of ClusterRole:r',
    );
    expect(
      (mergePatch(prometheus, resource?.patch) as KubeObject).rules,
    ).toEqual([
      {
        apiGroups: [''],
        resources: ['nodes', 'pods'],
        verbs: ['get', 'list', 'watch'],
      },
      { nonResourceURLs: ['/metrics'], verbs: ['get'] },
    ]);
    expect(fixes.map(f => f.id)).toEqual([
      'patch:ClusterRole:r#rules[0]-get',
      'patch:ClusterRole:r#rules[0]-resource-nodes/proxy',
    ]);
  });

  it('drops the rule rather than leave it without names, which would widen it to every object', () => {
    const named = role([
      {
        apiGroups: [''],
        resources: ['secrets'],
        resourceNames: ['db'],
        verbs: ['get'],
      },
    ]);
    const fixes = narrowRuleFixes(named, 'ClusterRole:r', 0, {
      verb: 'get',
      resource: 'secrets',
      name: 'db',
    });
    // One fix, under the id removing the last verb always had.
    expect(fixes.map(f => f.id)).toEqual(['patch:ClusterRole:r#rules[0]-get']);
    expect(fixes[0]?.patch).toEqual({ rules: [] });
    expect(fixes[0]?.description).toBe('remove rule 0 of ClusterRole:r');
  });

  it('drops a rule whose only resource goes when its verbs are a wildcard', () => {
    const wild = role([
      { apiGroups: [''], resources: ['secrets'], verbs: ['*'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
    ]);
    const fixes = narrowRuleFixes(wild, 'ClusterRole:r', 0, {
      verb: 'get',
      resource: 'secrets',
    });
    expect(fixes.map(f => [f.id, f.patch])).toEqual([
      [
        'patch:ClusterRole:r#rules[0]-remove',
        { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
      ],
    ]);
  });

  it('removes one of several names, and never narrows a wildcard', () => {
    const named = role([
      {
        apiGroups: [''],
        resources: ['*'],
        resourceNames: ['db', 'cache'],
        verbs: ['*'],
      },
    ]);
    const fixes = narrowRuleFixes(named, 'ClusterRole:r', 0, {
      verb: 'get',
      resource: 'secrets',
      name: 'db',
    });
    expect(fixes.map(f => f.id)).toEqual([
      'patch:ClusterRole:r#rules[0]-resourceName-db',
    ]);
  });
});

describe('a read-only rule on every resource, written out without one', () => {
  const resourcesAfter = (
    object: KubeObject,
    patch: unknown,
  ): readonly string[] =>
    (
      (
        (mergePatch(object, patch) as KubeObject).rules as {
          resources: string[];
        }[]
      )[0]?.resources ?? []
    ).slice();

  it('lists every built-in resource but the one a path reads (gatekeeper’s `get, list, watch` on `*`)', () => {
    const reader = role([
      { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
    ]);
    const fixes = narrowRuleFixes(reader, 'ClusterRole:r', 0, {
      verb: 'list',
      resource: 'secrets',
    });
    expect(fixes.map(f => f.id)).toEqual([
      'patch:ClusterRole:r#rules[0]-list',
      'patch:ClusterRole:r#rules[0]-resource-secrets',
    ]);
    const written = fixes[1];
    const resources = resourcesAfter(reader, written?.patch);
    expect(resources).not.toContain('secrets');
    expect(resources).not.toContain('*');
    for (const kept of [
      'pods',
      'namespaces',
      'deployments',
      'validatingwebhookconfigurations',
      'customresourcedefinitions',
    ])
      expect(resources).toContain(kept);
    expect(written?.description).toMatch(
      /^remove the resource "secrets" from rule 0 of ClusterRole:r: its "\*" written out as the \d+ other built-in resources \(custom resources are no longer granted/,
    );
    // A core-group rule keeps the core resources only.
    const core = role([
      { apiGroups: [''], resources: ['*'], verbs: ['get', 'list'] },
    ]);
    const [coreFix] = narrowRuleFixes(core, 'ClusterRole:r', 0, {
      resource: 'secrets',
    });
    const coreResources = resourcesAfter(core, coreFix?.patch);
    expect(coreResources).toContain('configmaps');
    expect(coreResources).not.toContain('deployments');
    expect(coreResources).not.toContain('secrets');
  });

  it('is not offered for a rule that writes, names objects or reads a custom group', () => {
    for (const rule of [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'create'] },
      {
        apiGroups: ['*'],
        resources: ['*'],
        resourceNames: ['db'],
        verbs: ['get'],
      },
      { apiGroups: ['example.com'], resources: ['*'], verbs: ['get'] },
    ])
      expect(
        narrowRuleFixes(role([rule]), 'ClusterRole:r', 0, {
          resource: 'secrets',
        }),
        JSON.stringify(rule),
      ).toEqual([]);
  });
});

describe('a Pod Security label on a namespace that admits privileged pods', () => {
  it('enforces restricted where every workload passes it, baseline otherwise, nothing where a level is set', async () => {
    const { index } = buildGraph(
      await snapshotOf(`${BASE}---
apiVersion: v1
kind: Namespace
metadata: { name: tidy }
---
apiVersion: v1
kind: Pod
metadata: { name: app, namespace: tidy }
spec:
  securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: RuntimeDefault } }
  containers:
  - name: app
    image: registry.example.com/app:1.0
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
---
apiVersion: v1
kind: Namespace
metadata: { name: loose }
---
apiVersion: v1
kind: Pod
metadata: { name: app, namespace: loose }
spec:
  containers: [{ name: app, image: registry.example.com/app:1.0 }]
---
apiVersion: v1
kind: Namespace
metadata: { name: set, labels: { pod-security.kubernetes.io/enforce: baseline } }
`),
    );
    const label = (name: string) => {
      const namespace = index.get('Namespace', '', name);
      if (namespace === undefined) throw new Error(name);
      return podSecurityLabelFix(index, namespace);
    };
    expect(label('tidy')?.patch).toEqual({
      metadata: {
        labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
      },
    });
    expect(label('loose')?.id).toBe(
      'patch:Namespace:loose#pod-security-enforce-baseline',
    );
    expect(label('set')).toBeUndefined();
  });
});

const OPEN = `apiVersion: v1
kind: Node
metadata:
  name: cp-1
  labels: { kubernetes.io/os: linux, node-role.kubernetes.io/control-plane: '' }
spec:
  taints: [{ key: node-role.kubernetes.io/control-plane, effect: NoSchedule }]
---
apiVersion: v1
kind: Namespace
metadata: { name: open }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: creator, namespace: open }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: create-pods, namespace: open }
rules: [{ apiGroups: [''], resources: [pods], verbs: [create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: creator, namespace: open }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: create-pods }
subjects: [{ kind: ServiceAccount, name: creator, namespace: open }]
---
apiVersion: v1
kind: Pod
metadata: { name: ci-runner, namespace: open }
spec:
  serviceAccountName: creator
  containers: [{ name: run, image: registry.example.com/runner:1.0 }]
`;

describe('the Pod Security label, measured', () => {
  it('cuts the pod creator that escapes through a privileged pod, and breaks nothing when every workload passes the level', async () => {
    const { result } = analyze(await snapshotOf(OPEN));
    const label = result.chokepoints.find(
      c => c.fix.id === 'patch:Namespace:open#pod-security-enforce-baseline',
    );
    expect(label?.entriesCut).toBe(1);
    expect(label?.exposedAfter).toBe(0);
    expect(label?.fix.impact).toEqual({
      level: 'none',
      reason: 'every workload in open passes Pod Security baseline',
    });
  });

  it('labels a namespace the manifests are applied to but do not hold, as the patch creates it, and the oracle agrees', async () => {
    const snapshot = await snapshotOf(
      OPEN.replace(
        'kind: Namespace\nmetadata: { name: open }',
        'kind: ServiceAccount\nmetadata: { name: spare, namespace: open }',
      ),
    );
    expect(snapshot.objects.Namespace ?? []).toEqual([]);
    const { result } = analyze(snapshot);
    const label = result.chokepoints.find(
      c => c.fix.id === 'patch:Namespace:open#pod-security-enforce-baseline',
    );
    expect(label?.fix.description).toContain(
      'the input does not hold Namespace open: label it where it is created',
    );
    expect([label?.entriesCut, label?.exposedAfter]).toEqual([1, 0]);
    expect(label?.fix.impact?.level).toBe('none');
    const compared = await compareEveryCandidate('absent namespace', snapshot);
    expect(compared.differences).toEqual([]);
  });

  it('is never offered for a namespace the cluster runs for itself when the input does not hold it', async () => {
    const snapshot = await snapshotOf(
      OPEN.replace(
        'kind: Namespace\nmetadata: { name: open }',
        'kind: ServiceAccount\nmetadata: { name: spare, namespace: open }',
      ).replaceAll('namespace: open', 'namespace: kube-system'),
    );
    const { candidates } = analyze(snapshot, { maxCandidates: 0 });
    expect(candidates.filter(f => f.target.startsWith('Namespace:'))).toEqual(
      [],
    );
  });
});

describe('a Job, whose pod template the API server will not change', () => {
  it('is deleted, never patched, and its impact says its work stops', async () => {
    const { result } = analyze(
      await snapshotOf(`${BASE}---
apiVersion: batch/v1
kind: Job
metadata: { name: migrate, namespace: default }
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: run
        image: registry.example.com/migrate:1.0
        securityContext: { privileged: true }
status: { active: 1 }
`),
      // A privileged container owns the node it runs on.
      { critical: ['Node:worker-1'] },
    );
    const jobs = result.chokepoints.filter(c =>
      c.fix.target.startsWith('Job:'),
    );
    expect(jobs.map(c => [c.fix.id, c.entriesCut, c.fix.impact])).toEqual([
      [
        'delete:Job:default/migrate',
        1,
        {
          level: 'breaks',
          component: 'Job:default/migrate',
          reason: 'deleting Job:default/migrate stops what it runs',
        },
      ],
    ]);
  });
});
