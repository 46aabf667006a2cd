/**
 * Issue #17 points 1 and 6: manifests hold no Nodes, so a node pool is
 * assumed where any pod may land (a worker and a control-plane node unless
 * the policy says the control plane is managed or tainted); the policy file
 * can describe the real nodes instead; a DaemonSet, and any controller
 * whose pods may land on several nodes, has one stand-in per node; stand-ins Pod Security would refuse, and finished Jobs, run nothing.
 */

import { describe, expect, it } from 'vitest';
import { shortestPath } from '../../src/algorithms/shortest-path.ts';
import { buildAttackGraph } from '../../src/build-graph.ts';
import { resolvePolicy } from '../../src/policy.ts';
import { RULES } from '../../src/rules/index.ts';
import type { SnapshotIndex, WorkloadInfo } from '../../src/snapshot-index.ts';
import { snapshotOf } from '../manifests.ts';

/** The stand-ins of a controller: one, or one per node it may run on (`id@node`). */
function standInsOf(index: SnapshotIndex, id: string): WorkloadInfo[] {
  return index.workloads.filter(w => w.id === id || w.id.startsWith(`${id}@`));
}

async function build(yaml: string, policy: unknown = {}) {
  const resolved = resolvePolicy(policy);
  expect(resolved.problems).toEqual([]);
  return buildAttackGraph(await snapshotOf(yaml), RULES, {
    policy: resolved.policy,
  });
}

const template = (spec: string) => `  template:
    metadata: { labels: { app: x } }
    spec:
${spec
  .split('\n')
  .map(line => `      ${line}`)
  .join('\n')}`;

const daemonSet = (
  name: string,
  spec: string,
  namespace = 'default',
) => `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { matchLabels: { app: x } }
${template(spec)}
`;

const deployment = (
  name: string,
  spec: string,
  namespace = 'default',
) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { matchLabels: { app: x } }
${template(spec)}
`;

const PRIVILEGED = `containers:
- name: c
  image: agent:1.0
  securityContext: { privileged: true }`;

describe('the assumed node pool', () => {
  it('assumes a worker and a schedulable control-plane node when the input has no Nodes, and says so', async () => {
    const { index, graph, assumptions } = await build(
      deployment('web', PRIVILEGED),
    );
    expect([...index.nodes.keys()].sort()).toEqual([
      'assumed-control-plane',
      'assumed-worker',
    ]);
    expect(index.nodes.get('assumed-control-plane')?.facts.controlPlane).toBe(
      true,
    );
    expect(graph.getNodeAttribute('Node:assumed-worker', 'props')).toEqual(
      expect.objectContaining({ assumed: true, controlPlane: false }),
    );
    expect(assumptions[0]).toMatch(
      /^The input holds no Nodes: assumed a node pool where any pod may land, Node:assumed-worker .* and a kubeadm-style control-plane node any pod may land on;/,
    );
    // Any pod may land on either: the privileged stand-in there escapes to it, at medium.
    const escape = (node: string) =>
      graph.getEdgeAttribute(
        `Container:default/Deployment/web@${node}/c|CE_PRIV_MOUNT|Node:${node}`,
        'confidence',
      );
    expect(escape('assumed-worker')).toBe('medium');
    expect(escape('assumed-control-plane')).toBe('medium');
  });

  it('satisfies node selectors the assumed nodes cannot be checked against, but not the control-plane role', async () => {
    const { index } = await build(
      [
        deployment(
          'gpu',
          `nodeSelector: { kubernetes.io/os: linux, accelerator: nvidia }\n${PRIVILEGED}`,
        ),
        deployment(
          'cp-only',
          `nodeSelector: { node-role.kubernetes.io/control-plane: '' }\n${PRIVILEGED}`,
        ),
        deployment(
          'windows',
          `nodeSelector: { kubernetes.io/os: windows }\n${PRIVILEGED}`,
        ),
      ].join('---\n'),
    );
    const nodesOf = (id: string) => standInsOf(index, id).flatMap(w => w.nodes);
    expect(nodesOf('PodTemplate:default/Deployment/gpu')).toEqual([
      'assumed-worker',
      'assumed-control-plane',
    ]);
    expect(nodesOf('PodTemplate:default/Deployment/cp-only')).toEqual([
      'assumed-control-plane',
    ]);
    expect(nodesOf('PodTemplate:default/Deployment/windows')).toEqual([]);
    // A stand-in with one node (or none) keeps its plain id.
    expect(
      standInsOf(index, 'PodTemplate:default/Deployment/cp-only').map(
        w => w.id,
      ),
    ).toEqual(['PodTemplate:default/Deployment/cp-only']);
  });

  it('taints the control plane when the policy says so: only pods that tolerate it land there', async () => {
    const { index, assumptions } = await build(
      [
        deployment('web', PRIVILEGED),
        daemonSet(
          'cni',
          `tolerations: [{ operator: Exists, effect: NoSchedule }]\n${PRIVILEGED}`,
        ),
      ].join('---\n'),
      { topology: { controlPlane: 'tainted' } },
    );
    expect(
      index.workloads.find(w => w.id === 'PodTemplate:default/Deployment/web')
        ?.nodes,
    ).toEqual(['assumed-worker']);
    expect(
      index.workloads
        .filter(w => w.name.startsWith('DaemonSet/cni'))
        .map(w => w.nodes),
    ).toEqual([['assumed-worker'], ['assumed-control-plane']]);
    expect(assumptions[0]).toContain(
      'tainted NoSchedule (only pods that tolerate it land there), as the policy says',
    );
  });

  it('has no control-plane node when the control plane is managed, by policy or by provider', async () => {
    for (const policy of [
      { topology: { controlPlane: 'managed' } },
      { provider: 'eks' },
    ]) {
      const { index, assumptions } = await build(
        deployment('web', PRIVILEGED),
        policy,
      );
      expect([...index.nodes.keys()]).toEqual(['assumed-worker']);
      expect(assumptions[0]).toContain(
        'no control-plane node (a managed control plane)',
      );
    }
  });

  it('takes the nodes the policy describes, with their labels and taints, instead of assuming', async () => {
    const { index, assumptions } = await build(
      [
        deployment('web', PRIVILEGED),
        daemonSet('cni', `tolerations: [{ operator: Exists }]\n${PRIVILEGED}`),
      ].join('---\n'),
      {
        nodes: {
          'cp-1': {
            labels: { 'node-role.kubernetes.io/control-plane': '' },
            taints: [
              {
                key: 'node-role.kubernetes.io/control-plane',
                effect: 'NoSchedule',
              },
            ],
          },
          'worker-1': { labels: { 'kubernetes.io/os': 'linux' } },
        },
      },
    );
    expect([...index.nodes.keys()].sort()).toEqual(['cp-1', 'worker-1']);
    expect(index.nodes.get('cp-1')?.facts.controlPlane).toBe(true);
    expect(index.nodes.get('cp-1')?.assumed).toBe(false);
    expect(
      index.workloads.find(w => w.id === 'PodTemplate:default/Deployment/web')
        ?.nodes,
    ).toEqual(['worker-1']);
    expect(assumptions[0]).toBe(
      "The input holds no Nodes: the nodes the policy file names, with their labels and taints, are the cluster's nodes.",
    );
  });

  it('assumes nothing when the input holds Nodes', async () => {
    const { index, assumptions } = await build(
      `apiVersion: v1\nkind: Node\nmetadata: { name: n1 }\n---\n${deployment('web', PRIVILEGED)}`,
    );
    expect([...index.nodes.keys()]).toEqual(['n1']);
    expect(assumptions.some(a => a.includes('Nodes'))).toBe(false);
  });

  it('rejects a taint without key or effect in the policy file', () => {
    const { problems } = resolvePolicy({
      nodes: { n: { taints: [{ key: 'k' }] } },
    });
    expect(problems).toEqual(['nodes.n.taints[0]: needs "effect"']);
  });
});

describe('per-node stand-ins of a DaemonSet', () => {
  it('gives each node its own pod: root on a worker does not reach the control plane through the DaemonSet', async () => {
    const { graph, index } = await build(daemonSet('agent', PRIVILEGED));
    expect(
      index.workloads.filter(w => w.kind === 'PodTemplate').map(w => w.id),
    ).toEqual([
      'PodTemplate:default/DaemonSet/agent@assumed-worker',
      'PodTemplate:default/DaemonSet/agent@assumed-control-plane',
    ]);
    expect(
      graph.hasEdge(
        'Node:assumed-worker|POD_ATTACH|PodTemplate:default/DaemonSet/agent@assumed-worker',
      ),
    ).toBe(true);
    expect(
      graph.hasEdge(
        'Container:default/DaemonSet/agent@assumed-worker/c|CE_PRIV_MOUNT|Node:assumed-control-plane',
      ),
    ).toBe(false);
    expect(
      shortestPath(graph, 'Node:assumed-worker', 'Node:assumed-control-plane'),
    ).toBeNull();
  });
});

describe('per-node stand-ins of other controllers placed on several nodes', () => {
  it('gives a Deployment a stand-in per node: root on a worker reaches the pod there, not an escape to the control plane', async () => {
    // A privileged Deployment beside a DaemonSet whose pod root on the worker
    // controls: one stand-in for both nodes bridged them (kubernetes-goat).
    const { graph, index } = await build(
      `${deployment('health', PRIVILEGED)}---
${daemonSet('agent', PRIVILEGED)}`,
    );
    expect(
      standInsOf(index, 'PodTemplate:default/Deployment/health').map(w => [
        w.id,
        w.nodes,
        w.placement,
      ]),
    ).toEqual([
      [
        'PodTemplate:default/Deployment/health@assumed-worker',
        ['assumed-worker'],
        'medium',
      ],
      [
        'PodTemplate:default/Deployment/health@assumed-control-plane',
        ['assumed-control-plane'],
        'medium',
      ],
    ]);
    expect(
      graph.hasEdge(
        'Node:assumed-worker|POD_ATTACH|PodTemplate:default/Deployment/health@assumed-worker',
      ),
    ).toBe(true);
    expect(
      graph.hasEdge(
        'Node:assumed-worker|POD_ATTACH|PodTemplate:default/Deployment/health@assumed-control-plane',
      ),
    ).toBe(false);
    expect(
      shortestPath(
        graph,
        'Container:default/DaemonSet/agent@assumed-worker/c',
        'Node:assumed-control-plane',
      ),
    ).toBeNull();
    // The pod that may land on the control plane still escapes to it.
    expect(
      shortestPath(
        graph,
        'Container:default/Deployment/health@assumed-control-plane/c',
        'Node:assumed-control-plane',
      )?.length,
    ).toBe(1);
  });
});

describe('stand-ins whose pods cannot run', () => {
  const baseline = `apiVersion: v1
kind: Namespace
metadata:
  name: apps
  labels: { pod-security.kubernetes.io/enforce: baseline }
`;

  it('runs nothing for a template the namespace Pod Security level refuses', async () => {
    const { graph, index, assumptions } = await build(
      `${baseline}---\n${deployment('priv', PRIVILEGED, 'apps')}---\n${deployment('plain', 'containers: [{ name: c, image: web:1.0 }]', 'apps')}`,
    );
    const [priv] = standInsOf(index, 'PodTemplate:apps/Deployment/priv');
    expect(priv?.running).toBe(false);
    expect(priv?.notRunning).toBe(
      'Pod Security admission refuses its pods: namespace apps enforces baseline (label), which the template breaks (privileged)',
    );
    for (const node of ['assumed-worker', 'assumed-control-plane'])
      expect(graph.outDegree(`Container:apps/Deployment/priv@${node}/c`)).toBe(
        0,
      );
    expect(
      standInsOf(index, 'PodTemplate:apps/Deployment/plain').map(
        w => w.running,
      ),
    ).toEqual([true, true]);
    expect(assumptions).toContain(
      'No pod is assumed for 1 controller whose pods cannot run now (Pod Security admission refuses them, or the Job has finished): Deployment apps/priv.',
    );
  });

  it('runs the template when the creating controller or the namespace is exempt', async () => {
    for (const exemptions of [
      {
        usernames: ['system:serviceaccount:kube-system:replicaset-controller'],
      },
      { namespaces: ['apps'] },
    ]) {
      const { index } = await build(
        `${baseline}---\n${deployment('priv', PRIVILEGED, 'apps')}`,
        { podSecurity: { exemptions } },
      );
      expect(
        standInsOf(index, 'PodTemplate:apps/Deployment/priv').map(
          w => w.running,
        ),
      ).toEqual([true, true]);
    }
  });

  it('runs nothing for a finished Job, and runs a CronJob between runs', async () => {
    const job = (name: string, status: string) => `apiVersion: batch/v1
kind: Job
metadata: { name: ${name}, namespace: default }
spec:
${template('restartPolicy: Never\ncontainers: [{ name: c, image: job:1.0 }]')}
${status}`;
    const { index } = await build(
      [
        job(
          'done',
          'status: { conditions: [{ type: Complete, status: "True" }] }',
        ),
        job(
          'failed',
          'status: { conditions: [{ type: Failed, status: "True" }] }',
        ),
        job('running', 'status: { active: 1 }'),
      ].join('\n---\n'),
    );
    const state = (name: string) =>
      standInsOf(index, `PodTemplate:default/Job/${name}`)[0];
    expect(state('done')?.running).toBe(false);
    expect(state('done')?.notRunning).toBe(
      'the Job has finished (condition Complete)',
    );
    expect(state('failed')?.running).toBe(false);
    expect(state('running')?.running).toBe(true);
  });
});
