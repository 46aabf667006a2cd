import { podPatch } from '../../src/rules/pod-patch.ts';
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

const PRIVILEGED = `apiVersion: v1
kind: Pod
metadata: { name: priv, namespace: default }
spec:
  nodeName: worker-1
  containers: [{ name: c, image: ubuntu, securityContext: { privileged: true } }]
`;

ruleTester(podPatch, {
  valid: [
    {
      name: 'update without a read of the pod',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods], verbs: [update, create, delete] }]`,
        ),
        pod('p'),
      ),
    },
    {
      name: 'update with a read of another pod only',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods], verbs: [update] }, { apiGroups: [''], resources: [pods], verbs: [get], resourceNames: [q] }]`,
        ),
        pod('p'),
      ),
    },
    {
      name: 'pods/status and pods/ephemeralcontainers are not pods',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/status, pods/ephemeralcontainers], verbs: [patch, update, get] }]`,
        ),
        pod('p'),
      ),
    },
    {
      name: 'a privileged pod in a baseline namespace is rejected on update',
      manifests: docs(
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: default, labels: { pod-security.kubernetes.io/enforce: baseline } }\n',
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods], verbs: [patch] }]`,
        ),
        PRIVILEGED,
      ),
    },
    {
      name: 'mirror pods, finished pods and stand-ins',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods], verbs: [patch] }]`,
        ),
        `apiVersion: v1
kind: Pod
metadata: { name: static, namespace: default, annotations: { kubernetes.io/config.mirror: x } }
spec:
  nodeName: worker-1
  containers: [{ name: c, image: etcd }]
`,
        pod('done', 'default', 'status: { phase: Succeeded }\n'),
        `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: default }
spec:
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: db, image: postgres }] }
`,
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: patch, and update plus list, in a baseline namespace',
      manifests: docs(await fixture('POD_PATCH')),
      edges: [
        ['ServiceAccount:tight/patch-yes', 'Pod:tight/web-yes', 'high'],
        ['ServiceAccount:tight/update-read-yes', 'Pod:tight/web-yes', 'high'],
      ],
    },
    {
      name: 'update plus get on the named pod',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods], verbs: [update] }, { apiGroups: [''], resources: [pods], verbs: [get], resourceNames: [p] }]`,
        ),
        pod('p'),
        pod('q'),
      ),
      edges: [['ServiceAccount:default/sa', 'Pod:default/p']],
    },
    {
      name: 'a privileged pod passes a privileged namespace (no label, default level)',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: ['*'], resources: [pods], verbs: [patch] }]`,
        ),
        PRIVILEGED,
      ),
      edges: [['ServiceAccount:default/sa', 'Pod:default/priv', 'high']],
    },
    {
      name: 'a holder exempt by username is not re-checked by Pod Security',
      policy: {
        podSecurity: {
          exemptions: { usernames: ['system:serviceaccount:default:sa'] },
        },
      },
      manifests: docs(
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: default, labels: { pod-security.kubernetes.io/enforce: restricted } }\n',
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods], verbs: [patch] }]`,
        ),
        PRIVILEGED,
      ),
      edges: [['ServiceAccount:default/sa', 'Pod:default/priv', 'high']],
    },
  ],
});
