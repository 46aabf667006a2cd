import { describe, expect, it } from 'vitest';
import { nodeProxyExec } from '../../src/rules/node-proxy-exec.ts';
import { fixture } from '../manifests.ts';
import { graphFor, ruleTester } from '../rule-tester.ts';
import { docs, grant, pod } from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

ruleTester(nodeProxyExec, {
  valid: [
    {
      name: 'a RoleBinding never grants the cluster-scoped nodes/proxy',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [nodes/proxy], verbs: [get, create] }]`,
        ),
        pod('p'),
      ),
    },
    {
      name: 'nodes, nodes/log and nodes/stats are not nodes/proxy; list and update are not get or create',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [nodes, nodes/log, nodes/stats], verbs: ['*'] }, { apiGroups: [''], resources: [nodes/proxy], verbs: [list, watch, update, patch] }]`,
          'cluster',
        ),
        pod('p'),
      ),
    },
    {
      name: 'a name-restricted grant for a node without running pods',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [nodes/proxy], verbs: [get], resourceNames: [worker-1] }]`,
          'cluster',
        ),
        pod('done', 'default', 'status: { phase: Succeeded }\n'),
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: get on every node, create on one node',
      manifests: docs(await fixture('NODE_PROXY_EXEC')),
      edges: [
        [
          'ServiceAccount:default/proxy-one-yes',
          'Pod:default/on-worker-2',
          'high',
        ],
        ['ServiceAccount:default/proxy-yes', 'Pod:default/on-worker-1', 'high'],
        ['ServiceAccount:default/proxy-yes', 'Pod:default/on-worker-2', 'high'],
      ],
    },
    {
      name: 'the 1.35 create check does not apply to nodes/proxy',
      policy: { kubernetesVersion: 'v1.35.0' },
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [nodes/proxy], verbs: [get] }]`,
          'cluster',
        ),
        pod('p'),
      ),
      edges: [['ServiceAccount:default/sa', 'Pod:default/p', 'high']],
    },
    {
      name: 'bootstrap policy: get on * (namespace-controller, generic-garbage-collector) matches nodes/proxy; kubelet-api-admin is bound to nobody',
      manifests: pod('p'),
      edges: [
        ['Group:system:masters', 'Pod:default/p', 'high'],
        [
          'ServiceAccount:kube-system/generic-garbage-collector',
          'Pod:default/p',
          'high',
        ],
        [
          'ServiceAccount:kube-system/namespace-controller',
          'Pod:default/p',
          'high',
        ],
      ],
    },
  ],
});

describe('NODE_PROXY_EXEC evidence', () => {
  it('the reason names the verb, with the permission and its scope', async () => {
    expect(
      await evidenceOf(
        nodeProxyExec,
        {
          manifests: docs(
            grant(
              'sa',
              'default',
              `[{ apiGroups: [''], resources: [nodes/proxy], verbs: [get] }]`,
              'cluster',
            ),
            pod('p'),
          ),
        },
        'ServiceAccount:default/sa',
        'Pod:default/p',
      ),
    ).toEqual({
      reason:
        "The holder can get nodes/proxy and call the kubelet's exec endpoint for every pod of the node through the API server.",
      permissions: [
        {
          verb: 'get',
          apiGroup: '',
          resource: 'nodes/proxy',

          binding: 'ClusterRoleBinding:sa-binding',
          role: 'ClusterRole:sa-role',
          rule: 0,
        },
      ],
      scope: 'cluster',
    });
  });
});

describe('NODE_PROXY_EXEC scope nodes', () => {
  it("a node's running pods are one scope node, named for the reader", async () => {
    const graph = await graphFor(nodeProxyExec, {
      name: 'two pods',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [nodes/proxy], verbs: [get] }]`,
          'cluster',
        ),
        `${pod('p')}---\n${pod('q')}`,
      ),
    });
    expect(
      graph.getNodeAttributes('Scope:pods:exec@Node:worker-1'),
    ).toMatchObject({
      kind: 'Scope',
      name: 'running pods on node worker-1',
    });
  });
});
