import { nodeProxyExec } from '../../src/rules/node-proxy-exec.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';

/** Disables the assumed bootstrap policy (catalog 4.5): the input then "has" built-in RBAC. */
const NO_DEFAULTS = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: 'system:test-no-defaults' }
rules: []
`;

/** A ServiceAccount bound to one role: a Role + RoleBinding in `ns`, or cluster-wide. */
function grant(
  sa: string,
  ns: string,
  rules: string,
  scope: 'namespace' | 'cluster' = 'namespace',
): string {
  const cluster = scope === 'cluster';
  return `apiVersion: v1
kind: ServiceAccount
metadata: { name: ${sa}, namespace: ${ns} }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${cluster ? 'ClusterRole' : 'Role'}
metadata: { name: ${sa}-role${cluster ? '' : `, namespace: ${ns}`} }
rules: ${rules}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${cluster ? 'ClusterRoleBinding' : 'RoleBinding'}
metadata: { name: ${sa}-binding${cluster ? '' : `, namespace: ${ns}`} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ${cluster ? 'ClusterRole' : 'Role'}, name: ${sa}-role }
subjects: [{ kind: ServiceAccount, name: ${sa}, namespace: ${ns} }]
`;
}

function pod(name: string, ns = 'default', extra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: ${ns} }
spec:
  nodeName: worker-1
  containers: [{ name: app, image: ubuntu }]
${extra}`;
}

function docs(...parts: string[]): string {
  return [NO_DEFAULTS, ...parts].join('---\n');
}

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
