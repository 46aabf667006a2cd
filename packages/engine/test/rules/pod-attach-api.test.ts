import { podAttachApi } from '../../src/rules/pod-attach-api.ts';
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

const STDIN_POD = `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: worker-1
  containers: [{ name: shell, image: ubuntu, stdin: true }]
`;

ruleTester(podAttachApi, {
  valid: [
    {
      name: 'pods/exec is not pods/attach',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/exec, pods], verbs: [create, get] }]`,
        ),
        STDIN_POD,
      ),
    },
    {
      name: 'a container without stdin has nothing to drive',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/attach], verbs: [create] }]`,
        ),
        pod('p'),
      ),
    },
    {
      name: 'get pods/attach alone on 1.35',
      policy: { kubernetesVersion: 'v1.35.1' },
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/attach], verbs: [get] }]`,
        ),
        STDIN_POD,
      ),
    },
    {
      name: 'a RoleBinding in another namespace',
      manifests: docs(
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: other }\n',
        grant(
          'sa',
          'other',
          `[{ apiGroups: [''], resources: [pods/attach], verbs: [create] }]`,
        ),
        STDIN_POD,
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: running containers with stdin, sidecars included, never exited init containers',
      manifests: docs(await fixture('POD_ATTACH_API')),
      edges: [
        [
          'ServiceAccount:default/attach-yes',
          'Container:default/shell-yes/shell',
          'medium',
        ],
        [
          'ServiceAccount:default/attach-yes',
          'Container:default/shell-yes/sidecar',
          'medium',
        ],
      ],
    },
    {
      name: 'get pods/attach alone before 1.35, and a named grant',
      policy: { kubernetesVersion: 'v1.31.0' },
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/attach], verbs: [get], resourceNames: [p] }]`,
        ),
        STDIN_POD,
      ),
      edges: [
        ['ServiceAccount:default/sa', 'Container:default/p/shell', 'medium'],
      ],
    },
  ],
});
