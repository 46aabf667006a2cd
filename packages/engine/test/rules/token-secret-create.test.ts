import { describe, expect, it } from 'vitest';
import { tokenSecretCreate } from '../../src/rules/token-secret-create.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import {
  grant,
  LIST,
  OTHER_NS,
  sa,
  terminatedDocs as docs,
} from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';
const secret = (name: string): string => `apiVersion: v1
kind: Secret
type: Opaque
metadata: { name: ${name}, namespace: default }
`;

ruleTester(tokenSecretCreate, {
  valid: [
    {
      name: 'create without read-back',
      manifests: docs(
        grant(
          'c',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [create, update, patch] }]`,
        ),
      ),
    },
    {
      name: 'read-back without create',
      manifests: docs(
        grant(
          'c',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [get, list, watch] }]`,
        ),
      ),
    },
    {
      name: 'resourceNames never allow create',
      manifests: docs(
        grant(
          'c',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [create, get], resourceNames: [mine] }]`,
        ),
      ),
    },
    {
      name: 'get restricted to names that existing Secrets already use',
      manifests: docs(
        grant(
          'c',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [create] }, { apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [taken] }]`,
        ),
        secret('taken'),
      ),
    },
    {
      name: 'create in one namespace, read-back in another',
      manifests: docs(
        OTHER_NS,
        grant(
          'c',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [create] }]`,
        ),
        `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: list, namespace: other }
rules: ${LIST}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: list, namespace: other }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: list }
subjects: [{ kind: ServiceAccount, name: c, namespace: default }]
`,
        sa('x', 'other'),
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: create + get without names reaches every ServiceAccount of the namespace',
      manifests: docs(await fixture('TOKEN_SECRET_CREATE')),
      edges: [
        ['ServiceAccount:ci/creator-yes', 'ServiceAccount:ci/default', 'high'],
        [
          'ServiceAccount:ci/creator-yes',
          'ServiceAccount:ci/blind-creator-no',
          'high',
        ],
        [
          'ServiceAccount:ci/creator-yes',
          'ServiceAccount:ci/creator-yes',
          'high',
        ],
        ['ServiceAccount:ci/creator-yes', 'ServiceAccount:ci/deployer', 'high'],
      ],
    },
    {
      name: 'get restricted to a name no Secret uses: the attacker creates the Secret under that name',
      manifests: docs(
        grant(
          'c',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [create] }, { apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [taken, free] }]`,
        ),
        secret('taken'),
        sa('app'),
      ),
      edges: [
        ['ServiceAccount:default/c', 'ServiceAccount:default/default'],
        ['ServiceAccount:default/c', 'ServiceAccount:default/app'],
        ['ServiceAccount:default/c', 'ServiceAccount:default/c'],
      ],
    },
    {
      // Issue #17 point 6: the only readable name is one the installer's job
      // creates at start-up and the controller mounts (ingress-nginx's
      // certgen jobs and webhook-cert volume): the attacker must create it
      // first, a race: low.
      name: 'the only readable name is a Secret a workload mounts (created at start-up by a job): low',
      manifests: docs(
        grant(
          'certgen',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [create] }, { apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [webhook-cert] }]`,
        ),
        `apiVersion: apps/v1
kind: Deployment
metadata: { name: controller, namespace: default }
spec:
  selector: { matchLabels: { app: controller } }
  template:
    metadata: { labels: { app: controller } }
    spec:
      containers: [{ name: controller, image: controller:1.0, volumeMounts: [{ name: cert, mountPath: /cert }] }]
      volumes: [{ name: cert, secret: { secretName: webhook-cert } }]
`,
      ),
      edges: [
        [
          'ServiceAccount:default/certgen',
          'ServiceAccount:default/certgen',
          'low',
        ],
        [
          'ServiceAccount:default/certgen',
          'ServiceAccount:default/default',
          'low',
        ],
      ],
    },
    {
      // cert-manager's webhook creates its CA Secret at start-up, named only
      // by an argument (--dynamic-serving-ca-secret-name), and may read and
      // create Secrets of that name: the name is taken once it runs, a race:
      // low. Another flag naming the same value is no Secret name: high.
      name: 'a name a --…secret…name= argument gives (created at start-up by the workload itself): low',
      manifests: docs(
        grant(
          'webhook',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [create] }, { apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [webhook-ca] }]`,
        ),
        grant(
          'other',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [create] }, { apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [other-ca] }]`,
        ),
        `apiVersion: apps/v1
kind: Deployment
metadata: { name: webhook, namespace: default }
spec:
  selector: { matchLabels: { app: webhook } }
  template:
    metadata: { labels: { app: webhook } }
    spec:
      serviceAccountName: webhook
      containers:
      - name: webhook
        image: webhook:1.0
        args: [--dynamic-serving-ca-secret-namespace=other-ca, --dynamic-serving-ca-secret-name=webhook-ca]
`,
      ),
      edges: [
        [
          'ServiceAccount:default/other',
          'ServiceAccount:default/default',
          'high',
        ],
        [
          'ServiceAccount:default/other',
          'ServiceAccount:default/other',
          'high',
        ],
        [
          'ServiceAccount:default/other',
          'ServiceAccount:default/webhook',
          'high',
        ],
        [
          'ServiceAccount:default/webhook',
          'ServiceAccount:default/default',
          'low',
        ],
        [
          'ServiceAccount:default/webhook',
          'ServiceAccount:default/other',
          'low',
        ],
        [
          'ServiceAccount:default/webhook',
          'ServiceAccount:default/webhook',
          'low',
        ],
      ],
    },
    {
      // Argo CD's redis reads Secret argocd-redis (secretKeyRef) that its
      // init container creates: the name is expected to exist. With delete on
      // it the attacker can replace it: medium, still noticed.
      name: 'a name a workload references: low, medium with delete',
      manifests: docs(
        grant(
          'redis',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [create] }, { apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [redis-auth] }]`,
        ),
        grant(
          'deleter',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [create] }, { apiGroups: [''], resources: [secrets], verbs: [get, delete], resourceNames: [redis-auth] }]`,
        ),
        `apiVersion: apps/v1
kind: Deployment
metadata: { name: redis, namespace: default }
spec:
  selector: { matchLabels: { app: redis } }
  template:
    metadata: { labels: { app: redis } }
    spec:
      serviceAccountName: redis
      containers:
      - name: redis
        image: redis:8
        env: [{ name: REDIS_PASSWORD, valueFrom: { secretKeyRef: { name: redis-auth, key: auth } } }]
`,
      ),
      edges: [
        [
          'ServiceAccount:default/deleter',
          'ServiceAccount:default/default',
          'medium',
        ],
        [
          'ServiceAccount:default/deleter',
          'ServiceAccount:default/deleter',
          'medium',
        ],
        [
          'ServiceAccount:default/deleter',
          'ServiceAccount:default/redis',
          'medium',
        ],
        [
          'ServiceAccount:default/redis',
          'ServiceAccount:default/default',
          'low',
        ],
        [
          'ServiceAccount:default/redis',
          'ServiceAccount:default/deleter',
          'low',
        ],
        ['ServiceAccount:default/redis', 'ServiceAccount:default/redis', 'low'],
      ],
    },
    {
      name: 'a name an existing Secret takes, with delete on it: medium',
      manifests: docs(
        grant(
          'c',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [create] }, { apiGroups: [''], resources: [secrets], verbs: [get, delete], resourceNames: [taken] }]`,
        ),
        secret('taken'),
      ),
      edges: [
        ['ServiceAccount:default/c', 'ServiceAccount:default/c', 'medium'],
        [
          'ServiceAccount:default/c',
          'ServiceAccount:default/default',
          'medium',
        ],
      ],
    },
    {
      name: 'a ClusterRoleBinding with create and watch: every namespace',
      manifests: docs(
        OTHER_NS,
        grant(
          'c',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [create, watch] }]`,
          'cluster',
        ),
        sa('x', 'other'),
      ),
      edges: [
        ['ServiceAccount:default/c', 'ServiceAccount:default/default'],
        ['ServiceAccount:default/c', 'ServiceAccount:other/default'],
        ['ServiceAccount:default/c', 'ServiceAccount:default/c'],
        ['ServiceAccount:default/c', 'ServiceAccount:other/x'],
        // kube-system exists in every cluster, and so does its default ServiceAccount.
      ],
    },
  ],
});

describe('TOKEN_SECRET_CREATE evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('TOKEN_SECRET_CREATE');
    expect(
      await evidenceOf(
        tokenSecretCreate,
        { manifests },
        'ServiceAccount:ci/creator-yes',
        'Scope:identity:sa-exists@Namespace:ci',
      ),
    ).toEqual({
      reason:
        'Can create a service-account-token Secret in namespace ci and read back the token the controller writes into it.',
      permissions: [
        {
          verb: 'create',
          apiGroup: '',
          resource: 'secrets',
          namespace: 'ci',
          binding: 'RoleBinding:ci/creator-yes',
          role: 'Role:ci/create-and-get-secrets',
          rule: 0,
        },
        {
          verb: 'get',
          apiGroup: '',
          resource: 'secrets',
          namespace: 'ci',
          binding: 'RoleBinding:ci/creator-yes',
          role: 'Role:ci/create-and-get-secrets',
          rule: 0,
        },
      ],
      namespace: 'ci',
      targets: 'existing ServiceAccounts',
    });
    expect(
      await evidenceOf(
        tokenSecretCreate,
        { manifests },
        'Group:system:masters',
        'Scope:identity:sa-exists@cluster',
      ),
    ).toEqual({
      reason:
        'Can create a service-account-token Secret in every namespace and read back the token the controller writes into it.',
      permissions: [
        {
          verb: 'create',
          apiGroup: '',
          resource: 'secrets',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
        {
          verb: 'list',
          apiGroup: '',
          resource: 'secrets',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
      ],
      namespace: '*',
      targets: 'existing ServiceAccounts',
    });
    expect(
      await evidenceOf(
        tokenSecretCreate,
        { manifests },
        'Group:system:masters',
        'Scope:identity:sa-exists-inferred@Namespace:kube-system',
      ),
    ).toEqual({
      reason:
        'Can create a service-account-token Secret in every namespace and read back the token the controller writes into it.',
      permissions: [
        {
          verb: 'create',
          apiGroup: '',
          resource: 'secrets',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
        {
          verb: 'list',
          apiGroup: '',
          resource: 'secrets',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
      ],
      namespace: '*',
      targets: 'ServiceAccounts inferred to exist',
    });
  });
});
