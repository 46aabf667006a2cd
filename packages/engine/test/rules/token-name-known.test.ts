import { describe, expect, it } from 'vitest';
import { tokenNameKnown } from '../../src/rules/token-name-known.ts';
import { fixture } from '../manifests.ts';
import { graphFor, ruleTester } from '../rule-tester.ts';
import {
  GET,
  grant,
  INVALID,
  OTHER_NS,
  terminatedDocs as docs,
  token,
} from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';
const pod = (name: string, spec: string): string => `apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: default }
spec:
${spec}`;
const POD_WITH_SECRET = pod(
  'web',
  `  containers:
  - name: app
    image: nginx
    env: [{ name: TOKEN, valueFrom: { secretKeyRef: { name: app-token, key: token } } }]`,
);

ruleTester(tokenNameKnown, {
  valid: [
    {
      name: 'get secrets without a way to learn the name (that is TOKEN_BRUTEFORCE)',
      manifests: docs(
        grant('reader', 'default', `[${GET}]`),
        token('app-token', 'default', 'app'),
      ),
    },
    {
      name: 'the name is revealed by a pod spec the holder cannot read',
      manifests: docs(
        grant('reader', 'default', `[${GET}]`),
        token('app-token', 'default', 'app'),
        POD_WITH_SECRET,
      ),
    },
    {
      name: 'reading pods without get secrets is not enough',
      manifests: docs(
        grant(
          'reader',
          'default',
          `[{ apiGroups: [''], resources: [pods, serviceaccounts], verbs: [get, list] }]`,
        ),
        token('app-token', 'default', 'app'),
        POD_WITH_SECRET,
      ),
    },
    {
      name: 'get restricted to another name',
      manifests: docs(
        grant(
          'reader',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [other] }]`,
        ),
        token('app-token', 'default', 'app'),
      ),
    },
    {
      name: 'an invalidated token named by resourceNames, without patch or update',
      manifests: docs(
        grant(
          'reader',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [app-token] }]`,
        ),
        token('app-token', 'default', 'app', INVALID),
      ),
    },
    {
      name: 'a pod spec in another namespace reveals nothing here',
      manifests: docs(
        OTHER_NS,
        grant(
          'reader',
          'other',
          `[${GET}, { apiGroups: [''], resources: [pods], verbs: [list] }]`,
        ),
        token('app-token', 'default', 'app'),
        POD_WITH_SECRET,
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: the token listed in secrets[] of a readable ServiceAccount',
      manifests: docs(await fixture('TOKEN_NAME_KNOWN')),
      edges: [
        [
          'ServiceAccount:default/reader-yes',
          'ServiceAccount:default/listed-yes',
          'high',
        ],
      ],
    },
    {
      name: 'named in the resourceNames of the holder’s rule',
      manifests: docs(
        grant(
          'reader',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [app-token] }]`,
        ),
        token('app-token', 'default', 'app'),
        token('b-token', 'default', 'b'),
      ),
      edges: [['ServiceAccount:default/reader', 'ServiceAccount:default/app']],
    },
    {
      name: 'referenced by a pod spec the holder can list (env secretKeyRef)',
      manifests: docs(
        grant(
          'reader',
          'default',
          `[${GET}, { apiGroups: [''], resources: [pods], verbs: [list] }]`,
        ),
        token('app-token', 'default', 'app'),
        token('b-token', 'default', 'b'),
        POD_WITH_SECRET,
      ),
      edges: [['ServiceAccount:default/reader', 'ServiceAccount:default/app']],
    },
    {
      name: 'referenced by a Deployment template (secret volume) the holder can get by name',
      manifests: docs(
        grant(
          'reader',
          'default',
          `[${GET}, { apiGroups: [apps], resources: [deployments], verbs: [get], resourceNames: [web] }]`,
        ),
        token('app-token', 'default', 'app'),
        `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: app, image: nginx, volumeMounts: [{ name: t, mountPath: /t }] }]
      volumes: [{ name: t, secret: { secretName: app-token } }]`,
      ),
      edges: [['ServiceAccount:default/reader', 'ServiceAccount:default/app']],
    },
    {
      name: 'a reader of everything everywhere (ClusterRoleBinding) reaches revealed tokens only',
      manifests: docs(
        OTHER_NS,
        grant(
          'admin',
          'default',
          `[{ apiGroups: ['*'], resources: ['*'], verbs: [get, watch] }]`,
          'cluster',
        ),
        `apiVersion: v1
kind: ServiceAccount
metadata: { name: old, namespace: other }
secrets: [{ name: old-token }]
---
apiVersion: v1
kind: Secret
type: kubernetes.io/service-account-token
metadata:
  name: old-token
  namespace: other
  annotations: { kubernetes.io/service-account.name: old }`,
        token('hidden-token', 'default', 'hidden'),
      ),
      edges: [['ServiceAccount:default/admin', 'ServiceAccount:other/old']],
    },
    {
      name: 'an invalidated but revivable token (get and patch by name)',
      manifests: docs(
        grant(
          'reader',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [get, patch], resourceNames: [app-token] }]`,
        ),
        token('app-token', 'default', 'app', INVALID),
      ),
      edges: [
        ['ServiceAccount:default/reader', 'ServiceAccount:default/app', 'high'],
      ],
    },
  ],
});

describe('TOKEN_NAME_KNOWN evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('TOKEN_NAME_KNOWN');
    expect(
      await evidenceOf(
        tokenNameKnown,
        { manifests },
        'ServiceAccount:default/reader-yes',
        'ServiceAccount:default/listed-yes',
      ),
    ).toEqual({
      reason:
        'Can get Secret default/listed-yes-token-x7k2p, a live legacy token of ServiceAccount listed-yes, whose name it learns from ServiceAccount:default/listed-yes.',
      permissions: [
        {
          verb: 'get',
          apiGroup: '',
          resource: 'secrets',
          namespace: 'default',
          name: 'listed-yes-token-x7k2p',
          binding: 'RoleBinding:default/reader-yes',
          role: 'Role:default/get-secrets-and-serviceaccounts',
          rule: 0,
        },
        {
          verb: 'get',
          apiGroup: '',
          resource: 'serviceaccounts',
          namespace: 'default',
          binding: 'RoleBinding:default/reader-yes',
          role: 'Role:default/get-secrets-and-serviceaccounts',
          rule: 1,
        },
      ],
      secret: 'Secret:default/listed-yes-token-x7k2p',
      nameKnownFrom: 'ServiceAccount:default/listed-yes',
      token: 'live legacy token',
    });
    expect(
      await evidenceOf(
        tokenNameKnown,
        { manifests },
        'Group:system:masters',
        'ServiceAccount:default/listed-yes',
      ),
    ).toEqual({
      reason:
        'Can get Secrets in every namespace and read the ServiceAccounts and pod specs that name their legacy token Secrets.',
      permissions: [
        {
          verb: 'get',
          apiGroup: '',
          resource: 'secrets',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
        {
          verb: 'get',
          apiGroup: '',
          resource: 'serviceaccounts',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
        {
          verb: 'get',
          apiGroup: '',
          resource: 'pods',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
        {
          verb: 'get',
          apiGroup: '',
          resource: 'podtemplates',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
        {
          verb: 'get',
          apiGroup: '',
          resource: 'replicationcontrollers',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
        {
          verb: 'get',
          apiGroup: 'apps',
          resource: 'deployments',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
        {
          verb: 'get',
          apiGroup: 'apps',
          resource: 'replicasets',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
        {
          verb: 'get',
          apiGroup: 'apps',
          resource: 'statefulsets',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
        {
          verb: 'get',
          apiGroup: 'apps',
          resource: 'daemonsets',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
        {
          verb: 'get',
          apiGroup: 'batch',
          resource: 'jobs',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
        {
          verb: 'get',
          apiGroup: 'batch',
          resource: 'cronjobs',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
      ],
      namespace: '*',
      targets:
        'ServiceAccounts whose live legacy token Secret is named by a ServiceAccount or pod spec',
    });
  });
});

describe('TOKEN_NAME_KNOWN: every place a spec names a Secret reveals it', () => {
  const tokens = [
    'vol',
    'proj',
    'env',
    'envfrom',
    'arg',
    'pull',
    'deploy',
    'cron',
    'pt',
    'hidden',
  ].map(name => token(`t-${name}`, 'default', `sa-${name}`));
  const manifests = docs(
    // Reads Secrets, pods, pod templates, Deployments, CronJobs and
    // ServiceAccounts, not every spec (no ReplicationControllers): each
    // token is then its own step, naming what revealed it.
    grant(
      'reader',
      'default',
      `[${GET}, { apiGroups: [''], resources: [pods, podtemplates, serviceaccounts], verbs: [get] }, { apiGroups: [apps, batch], resources: [deployments, cronjobs], verbs: [get] }]`,
    ),
    ...tokens,
    `apiVersion: v1
kind: ServiceAccount
metadata: { name: sa-listed, namespace: default }
secrets: [{ name: t-listed }]
---
apiVersion: v1
kind: Secret
type: kubernetes.io/service-account-token
metadata:
  name: t-listed
  namespace: default
  annotations: { kubernetes.io/service-account.name: sa-listed }`,
    pod(
      'p-volume',
      `  containers: [{ name: app, image: nginx }]
  volumes: [{ name: v, secret: { secretName: t-vol } }]`,
    ),
    pod(
      'p-projected',
      `  containers: [{ name: app, image: nginx }]
  volumes:
  - name: v
    projected: { sources: [{ configMap: { name: ca } }, { secret: { name: t-proj } }] }`,
    ),
    pod(
      'p-env',
      `  containers:
  - name: app
    image: nginx
    env:
    - { name: A, value: x }
    - { name: B, valueFrom: { configMapKeyRef: { name: cm, key: k } } }
    - { name: C, valueFrom: { secretKeyRef: { name: t-env, key: token } } }`,
    ),
    pod(
      'p-envfrom',
      `  containers: [{ name: app, image: nginx }]
  initContainers:
  - name: init
    image: busybox
    envFrom: [{ configMapRef: { name: cm } }, { secretRef: { name: t-envfrom } }]`,
    ),
    pod(
      'p-arg',
      `  containers: [{ name: app, image: nginx }]
  ephemeralContainers:
  - name: debug
    image: busybox
    args: [--secret=t-hidden, plain, --tls-secret-name=t-arg]`,
    ),
    pod(
      'p-pull',
      `  containers: [{ name: app, image: nginx }]
  imagePullSecrets: [{ name: t-pull }]`,
    ),
    `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  selector: { matchLabels: { app: d } }
  template:
    metadata: { labels: { app: d } }
    spec:
      containers: [{ name: app, image: nginx }]
      volumes: [{ name: t, secret: { secretName: t-deploy } }]
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: c, namespace: default }
spec:
  schedule: '@daily'
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: job
            image: busybox
            env: [{ name: T, valueFrom: { secretKeyRef: { name: t-cron, key: token } } }]
---
apiVersion: v1
kind: PodTemplate
metadata: { name: pt, namespace: default }
template:
  spec:
    containers: [{ name: app, image: nginx }]
    volumes: [{ name: t, secret: { secretName: t-pt } }]
`,
  );

  it('volumes, projected sources, env, envFrom, arguments, imagePullSecrets, templates and secrets[]', async () => {
    const graph = await graphFor(tokenNameKnown, { name: '', manifests });
    const knownFrom = Object.fromEntries(
      graph
        .filterEdges(
          (_key, attributes) => attributes.kind === 'TOKEN_NAME_KNOWN',
        )
        .map(edge => {
          const evidence = graph.getEdgeAttribute(edge, 'evidence') as {
            secret: string;
            nameKnownFrom: string;
          };
          return [evidence.secret, evidence.nameKnownFrom];
        }),
    );
    expect(knownFrom).toEqual({
      'Secret:default/t-vol': 'Pod:default/p-volume',
      'Secret:default/t-proj': 'Pod:default/p-projected',
      'Secret:default/t-env': 'Pod:default/p-env',
      'Secret:default/t-envfrom': 'Pod:default/p-envfrom',
      'Secret:default/t-arg': 'Pod:default/p-arg',
      'Secret:default/t-pull': 'Pod:default/p-pull',
      'Secret:default/t-deploy': 'Deployment:default/d',
      'Secret:default/t-cron': 'CronJob:default/c',
      'Secret:default/t-pt': 'PodTemplate:default/pt',
      'Secret:default/t-listed': 'ServiceAccount:default/sa-listed',
    });
  });
});

describe('TOKEN_NAME_KNOWN evidence of the Scope step and of a name the rule gives', () => {
  const listed = (sa: string) => `apiVersion: v1
kind: ServiceAccount
metadata: { name: ${sa}, namespace: default }
secrets: [{ name: ${sa}-token }]
---
apiVersion: v1
kind: Secret
type: kubernetes.io/service-account-token
metadata:
  name: ${sa}-token
  namespace: default
  annotations: { kubernetes.io/service-account.name: ${sa} }
`;
  const BY = {
    namespace: 'default',
    binding: 'RoleBinding:default/reader-binding',
    role: 'Role:default/reader-role',
  };

  it('a reader of every spec of the namespace: one step, with the get and every read that reveals names', async () => {
    expect(
      await evidenceOf(
        tokenNameKnown,
        {
          manifests: docs(
            grant(
              'reader',
              'default',
              `[${GET}, { apiGroups: ['', apps, batch], resources: ['*'], verbs: [get] }]`,
            ),
            listed('a'),
            listed('b'),
          ),
        },
        'ServiceAccount:default/reader',
        'Scope:identity:sa-token-revealed@Namespace:default',
      ),
    ).toEqual({
      reason:
        'Can get Secrets in namespace default and read the ServiceAccounts and pod specs that name their legacy token Secrets.',
      permissions: [
        ['', 'secrets', 0],
        ['', 'serviceaccounts', 1],
        ['', 'pods', 1],
        ['', 'podtemplates', 1],
        ['', 'replicationcontrollers', 1],
        ['apps', 'deployments', 1],
        ['apps', 'replicasets', 1],
        ['apps', 'statefulsets', 1],
        ['apps', 'daemonsets', 1],
        ['batch', 'jobs', 1],
        ['batch', 'cronjobs', 1],
      ].map(([apiGroup, resource, rule]) => ({
        verb: 'get',
        apiGroup,
        resource,
        rule,
        ...BY,
      })),
      namespace: 'default',
      targets:
        'ServiceAccounts whose live legacy token Secret is named by a ServiceAccount or pod spec',
    });
  });

  it('a name from its own resourceNames, of an invalidated token it can patch: revivable, no read of another object', async () => {
    expect(
      await evidenceOf(
        tokenNameKnown,
        {
          manifests: docs(
            grant(
              'reader',
              'default',
              `[{ apiGroups: [''], resources: [secrets], verbs: [get, patch], resourceNames: [x-token] }]`,
            ),
            token('x-token', 'default', 'x', INVALID),
          ),
        },
        'ServiceAccount:default/reader',
        'ServiceAccount:default/x',
      ),
    ).toEqual({
      reason:
        'Can get Secret default/x-token, a revivable legacy token of ServiceAccount x, whose name it learns from its own resourceNames.',
      permissions: ['get', 'patch'].map(verb => ({
        verb,
        apiGroup: '',
        resource: 'secrets',
        name: 'x-token',
        rule: 0,
        ...BY,
      })),
      secret: 'Secret:default/x-token',
      nameKnownFrom: 'resourceNames',
      token:
        'invalidated (kubernetes.io/legacy-token-invalid-since), revivable by patch/update',
    });
  });
});
