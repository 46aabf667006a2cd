import { podDebug } from '../../src/rules/pod-debug.ts';
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

ruleTester(podDebug, {
  valid: [
    {
      name: 'patch and update on pods do not cover pods/ephemeralcontainers',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: ['*'], resources: [pods, 'pods/*'], verbs: [get, list, patch, update] }]`,
        ),
        pod('p'),
      ),
    },
    {
      name: 'update pods/ephemeralcontainers without a read of the pod',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/ephemeralcontainers], verbs: [update, get] }]`,
        ),
        pod('p'),
      ),
    },
    {
      name: 'static pods take no ephemeral containers; finished pods run nothing',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/ephemeralcontainers], verbs: [patch] }]`,
        ),
        `apiVersion: v1
kind: Pod
metadata: { name: static, namespace: default, annotations: { kubernetes.io/config.mirror: x } }
spec:
  nodeName: worker-1
  containers: [{ name: c, image: etcd }]
`,
        pod('done', 'default', 'status: { phase: Failed }\n'),
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: patch, and update plus get on one pod',
      manifests: docs(await fixture('POD_DEBUG')),
      edges: [
        [
          'ServiceAccount:default/debug-update-yes',
          'Pod:default/app-yes',
          'high',
        ],
        ['ServiceAccount:default/debug-yes', 'Pod:default/app-yes', 'high'],
        ['ServiceAccount:default/debug-yes', 'Pod:default/other-yes', 'high'],
      ],
    },
    {
      name: 'update plus watch in the namespace, cluster-wide update',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/ephemeralcontainers], verbs: [update] }]`,
          'cluster',
        ),
        `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: watch-pods, namespace: default }
rules: [{ apiGroups: [''], resources: [pods], verbs: [watch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: watch-pods, namespace: default }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: watch-pods }
subjects: [{ kind: ServiceAccount, name: sa, namespace: default }]
`,
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: other }\n',
        pod('p'),
        pod('q', 'other'),
      ),
      edges: [['ServiceAccount:default/sa', 'Pod:default/p', 'high']],
    },
  ],
});
