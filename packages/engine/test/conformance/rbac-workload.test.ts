// The workload RBAC techniques against the shared conformance data: the
// KubeHound fixtures with the scaffold of kubehound/expected.json (its
// mustHave / mustNotHave facts for POD_EXEC, POD_ATTACH_API, POD_PATCH,
// POD_DEBUG, NODE_PROXY_EXEC, POD_CREATE_WITH_SA, POD_CREATE, WEBHOOK_CONTROL
// and CLOUD_IDENTITY_ASSUME, wildcards per its conventions), and the
// Kubernetes bootstrap policy of k8s-bootstrap-rbac/expected.md.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Confidence } from '@chokepoint/model';
import { buildAttackGraph } from '../../src/build-graph.ts';
import type { RuleSet } from '../../src/build-graph.ts';
import { cloudIdentityAssume } from '../../src/rules/cloud-identity-assume.ts';
import { nodeProxyExec } from '../../src/rules/node-proxy-exec.ts';
import { podAttachApi } from '../../src/rules/pod-attach-api.ts';
import { podCreateWithSa } from '../../src/rules/pod-create-with-sa.ts';
import { podCreate } from '../../src/rules/pod-create.ts';
import { podDebug } from '../../src/rules/pod-debug.ts';
import { podExec } from '../../src/rules/pod-exec.ts';
import { podPatch } from '../../src/rules/pod-patch.ts';
import { webhookControl } from '../../src/rules/webhook-control.ts';
import { snapshotOf } from '../manifests.ts';
import { edgesOfKind } from '../rule-tester.ts';
import { edgesOfKinds, idMatches } from './edge-facts.ts';
import type { EdgeFact } from './edge-facts.ts';
import {
  SHARED,
  kubehoundExpected,
  kubehoundInput,
} from './kubehound-input.ts';

const BOOTSTRAP = new URL('k8s-bootstrap-rbac/', SHARED);

const RULES: RuleSet = {
  CLOUD_IDENTITY_ASSUME: cloudIdentityAssume,
  NODE_PROXY_EXEC: nodeProxyExec,
  POD_ATTACH_API: podAttachApi,
  POD_CREATE: podCreate,
  POD_CREATE_WITH_SA: podCreateWithSa,
  POD_DEBUG: podDebug,
  POD_EXEC: podExec,
  POD_PATCH: podPatch,
  WEBHOOK_CONTROL: webhookControl,
};
const KINDS = Object.keys(RULES);

interface Scenario {
  readonly file: string;
  readonly mustHave?: readonly EdgeFact[];
  readonly mustNotHave?: readonly EdgeFact[];
}

const expected = kubehoundExpected<Scenario>();

describe('KubeHound fixtures: workload RBAC techniques', () => {
  let edges: [string, string, Confidence, string][] = [];
  beforeAll(async () => {
    const snapshot = await snapshotOf(kubehoundInput(), 'kubehound.test.local');
    edges = edgesOfKinds(buildAttackGraph(snapshot, RULES).graph, KINDS);
  });

  const facts = expected.scenarios.flatMap(s =>
    (['mustHave', 'mustNotHave'] as const).flatMap(key =>
      (s[key] ?? [])
        .filter(
          f =>
            KINDS.includes(f.kind) || (key === 'mustNotHave' && f.kind === '*'),
        )
        .map(
          f =>
            [
              `${s.file} ${key} ${f.kind} ${f.from} -> ${f.to}`,
              key,
              f,
            ] as const,
        ),
    ),
  );

  it('has facts for our kinds', () => {
    expect(
      facts.filter(([, key]) => key === 'mustHave').length,
    ).toBeGreaterThan(60);
  });

  it.each(facts)('%s', (_name, key, fact) => {
    const found = edges.filter(
      ([from, to, , kind]) =>
        from === fact.from &&
        idMatches(fact.to, to) &&
        (fact.kind === '*' || fact.kind === kind),
    );
    if (key === 'mustNotHave') {
      expect(found).toEqual([]);
      return;
    }
    expect(found.length, 'edge present').toBe(1);
    if (fact.confidence !== undefined)
      expect(found[0]?.[2]).toBe(fact.confidence);
  });

  it('POD_EXEC and POD_PATCH reach exactly the 29 pods of default', () => {
    for (const [kind, sa] of [
      ['POD_EXEC', 'ServiceAccount:default/pod-exec-sa'],
      ['POD_PATCH', 'ServiceAccount:default/pod-patch-sa'],
    ] as const) {
      const targets = edges
        .filter(([from, , , k]) => from === sa && k === kind)
        .map(([, to]) => to);
      expect(targets).toHaveLength(29);
      expect(targets.every(t => t.startsWith('Pod:default/'))).toBe(true);
    }
  });
});

describe('bootstrap RBAC policy (k8s-bootstrap-rbac/expected.md)', () => {
  const files = [
    'cluster-roles.yaml',
    'cluster-role-bindings.yaml',
    'controller-roles.yaml',
    'controller-role-bindings.yaml',
    'namespace-roles.yaml',
    'namespace-role-bindings.yaml',
  ];
  const input = files
    .map(f => readFileSync(new URL(f, BOOTSTRAP), 'utf8'))
    .join('\n---\n');
  const creators = [
    'daemon-set-controller',
    'job-controller',
    'replicaset-controller',
    'replication-controller',
    'statefulset-controller',
    'persistent-volume-binder',
    'deployment-controller',
    'cronjob-controller',
  ].map(name => `ServiceAccount:kube-system/${name}`);

  it('pod creators reach every ServiceAccount node: medium for inferred ones, high for the default ServiceAccounts that always exist', async () => {
    const { graph } = buildAttackGraph(await snapshotOf(input), RULES);
    const serviceAccounts = graph
      .filterNodes((_id, a) => a.kind === 'ServiceAccount')
      .sort();
    expect(serviceAccounts).toContain(
      'ServiceAccount:kube-system/clusterrole-aggregation-controller',
    );
    const edges = edgesOfKind(graph, 'POD_CREATE_WITH_SA');
    for (const creator of creators) {
      const mine = edges.filter(([from]) => from === creator);
      expect(mine.map(([, to]) => to).sort(), creator).toEqual(serviceAccounts);
      for (const [, to, confidence] of mine) {
        expect(confidence, `${creator} -> ${to}`).toBe(
          to.endsWith('/default') ? 'high' : 'medium',
        );
      }
    }
    // Besides the pod creators of section 3, only system:masters (cluster-admin) creates pods.
    expect(
      [...new Set(edges.map(([from]) => from))].filter(
        f => !creators.includes(f),
      ),
    ).toEqual(['Group:system:masters']);
  });

  it('mustNotHaveEdges: generic-garbage-collector has no WEBHOOK_CONTROL with the files alone', async () => {
    const { graph } = buildAttackGraph(await snapshotOf(input), RULES);
    expect(
      edgesOfKind(graph, 'WEBHOOK_CONTROL').filter(
        ([from]) =>
          from === 'ServiceAccount:kube-system/generic-garbage-collector',
      ),
    ).toEqual([]);
  });

  const more = `apiVersion: v1
kind: Node
metadata: { name: worker-1, labels: { kubernetes.io/os: linux } }
---
apiVersion: v1
kind: Node
metadata: { name: cp-1, labels: { node-role.kubernetes.io/control-plane: '' } }
spec: { taints: [{ key: node-role.kubernetes.io/control-plane, effect: NoSchedule }] }
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: { name: some-hook }
webhooks: []
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx }] }
`;

  it('section 5: every pod creator gets POD_CREATE to every Linux node, control plane included', async () => {
    const { graph } = buildAttackGraph(
      await snapshotOf(`${input}\n---\n${more}`),
      RULES,
    );
    const edges = edgesOfKind(graph, 'POD_CREATE');
    for (const creator of creators) {
      expect(
        edges.filter(([from]) => from === creator).map(([, to, c]) => [to, c]),
        creator,
      ).toEqual([
        ['Node:cp-1', 'high'],
        ['Node:worker-1', 'high'],
      ]);
    }
  });

  it('section 5: generic-garbage-collector gets WEBHOOK_CONTROL (medium) with a MutatingWebhookConfiguration, and POD_CREATE_WITH_SA through the Deployment', async () => {
    const { graph } = buildAttackGraph(
      await snapshotOf(`${input}\n---\n${more}`),
      RULES,
    );
    const gc = 'ServiceAccount:kube-system/generic-garbage-collector';
    expect(
      edgesOfKind(graph, 'WEBHOOK_CONTROL').filter(([from]) => from === gc),
    ).toEqual([
      [gc, 'Node:cp-1', 'medium'],
      [gc, 'Node:worker-1', 'medium'],
      [gc, 'ServiceAccount:default/default', 'medium'],
    ]);
    expect(
      edgesOfKind(graph, 'POD_CREATE_WITH_SA').filter(([from]) => from === gc),
    ).toEqual([[gc, 'ServiceAccount:default/default', 'high']]);
  });
});
