import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@chokepoint/model';
import { containersOf } from '../../src/predicates/containers.ts';
import { podSpecOf } from '../../src/predicates/pod-spec.ts';
import {
  buildServiceAccountIndex,
  liveLegacyToken,
  podServiceAccountName,
  saExists,
  serviceAccountReferences,
  tokenMounted,
} from '../../src/predicates/service-account-token.ts';
import type { ServiceAccountIndex } from '../../src/predicates/service-account-token.ts';
import { pod } from './helpers.ts';

const sa = (
  name: string,
  ns = 'default',
  extra: Record<string, unknown> = {},
  uid?: string,
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, namespace: ns, ...(uid ? { uid } : {}) },
  ...extra,
});

const tokenSecret = (
  name: string,
  saName: string,
  options: { uid?: string; invalid?: boolean; type?: string } = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  type: options.type ?? 'kubernetes.io/service-account-token',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'kubernetes.io/service-account.name': saName,
      ...(options.uid
        ? { 'kubernetes.io/service-account.uid': options.uid }
        : {}),
    },
    ...(options.invalid
      ? { labels: { 'kubernetes.io/legacy-token-invalid-since': '2025-01-01' } }
      : {}),
  },
});

describe('podServiceAccountName', () => {
  it.each([
    [{}, 'default'],
    [{ serviceAccountName: 'app' }, 'app'],
    [{ serviceAccount: 'legacy' }, 'legacy'],
    [{ serviceAccountName: '' }, 'default'],
  ])('%j -> %s', (spec, name) => {
    expect(podServiceAccountName(podSpecOf(pod(spec)))).toBe(name);
  });
});

describe('SAExists (catalog 2.6)', () => {
  const refs = serviceAccountReferences([
    pod({ serviceAccountName: 'from-pod' }, { namespace: 'dev' }),
    {
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'dev' },
      spec: { template: { spec: { serviceAccountName: 'from-template' } } },
    },
    {
      kind: 'CronJob',
      metadata: { name: 'cj', namespace: 'dev' },
      spec: {
        jobTemplate: {
          spec: { template: { spec: { serviceAccountName: 'from-cron' } } },
        },
      },
    },
    {
      kind: 'RoleBinding',
      metadata: { name: 'rb', namespace: 'dev' },
      subjects: [
        { kind: 'ServiceAccount', name: 'from-binding' },
        { kind: 'User', name: 'system:serviceaccount:ops:from-user' },
      ],
    },
    {
      kind: 'ClusterRoleBinding',
      metadata: { name: 'crb' },
      subjects: [{ kind: 'ServiceAccount', name: 'no-namespace' }],
    },
  ]);

  it('collects references from pods, templates and binding subjects', () => {
    expect(refs.map(r => `${r.namespace}/${r.name}`)).toEqual([
      'dev/from-pod',
      'dev/from-template',
      'dev/from-cron',
      'dev/from-binding',
      'ops/from-user',
    ]);
  });

  it('manifest input without ServiceAccounts: referenced names are inferred', () => {
    const index = buildServiceAccountIndex({
      serviceAccounts: [sa('default', 'dev')],
      referenced: refs,
      live: false,
    });
    expect(saExists(index, 'dev', 'from-pod')).toMatchObject({
      exists: true,
      inferred: true,
    });
    expect(saExists(index, 'dev', 'unreferenced').exists).toBe(false);
    expect(saExists(index, 'anywhere', 'default')).toMatchObject({
      exists: true,
      inferred: false,
    });
  });

  it('never infers when the namespace has other ServiceAccounts or the snapshot is live', () => {
    const index = buildServiceAccountIndex({
      serviceAccounts: [sa('other', 'dev')],
      referenced: refs,
      live: false,
    });
    expect(saExists(index, 'dev', 'from-pod').exists).toBe(false);
    expect(saExists(index, 'dev', 'other')).toMatchObject({
      exists: true,
      inferred: false,
    });
    const live = buildServiceAccountIndex({
      serviceAccounts: [],
      referenced: refs,
      live: true,
    });
    expect(saExists(live, 'dev', 'from-pod').exists).toBe(false);
  });
});

describe('LiveLegacyToken', () => {
  const index: ServiceAccountIndex = buildServiceAccountIndex({
    serviceAccounts: [sa('app', 'default', {}, 'uid-1')],
    live: true,
  });

  it.each([
    [
      'a token of an existing ServiceAccount',
      tokenSecret('t', 'app'),
      true,
      false,
    ],
    ['matching uid', tokenSecret('t', 'app', { uid: 'uid-1' }), true, false],
    [
      'other uid: a stale token',
      tokenSecret('t', 'app', { uid: 'uid-2' }),
      false,
      false,
    ],
    ['missing ServiceAccount', tokenSecret('t', 'ghost'), false, false],
    ['wrong type', tokenSecret('t', 'app', { type: 'Opaque' }), false, false],
    [
      'invalid-since label: revivable only',
      tokenSecret('t', 'app', { invalid: true }),
      true,
      true,
    ],
  ])('%s', (_name, secret, live, revivableOnly) => {
    const r = liveLegacyToken(secret, index, 'app');
    expect(r.live).toBe(live);
    expect(r.revivableOnly).toBe(revivableOnly);
  });

  it('checks the ServiceAccount asked for', () => {
    expect(liveLegacyToken(tokenSecret('t', 'app'), index, 'other').live).toBe(
      false,
    );
    expect(liveLegacyToken(tokenSecret('t', 'app'), index).serviceAccount).toBe(
      'app',
    );
  });
});

describe('TokenMounted', () => {
  const index = buildServiceAccountIndex({
    serviceAccounts: [sa('app')],
    live: true,
  });
  const secrets = new Map([
    ['app-token', tokenSecret('app-token', 'app')],
    ['dead-token', tokenSecret('dead-token', 'app', { invalid: true })],
  ]);

  function mounted(
    spec: Record<string, unknown>,
    serviceAccount?: KubeObject,
    container = 0,
    apiAudiences: string[] = [],
  ) {
    const p = podSpecOf(pod(spec));
    const view = containersOf(p)[container];
    if (!view) throw new Error('no container');
    return tokenMounted({
      pod: p,
      container: view,
      apiAudiences,
      index,
      secret: name => secrets.get(name),
      ...(serviceAccount ? { serviceAccount } : {}),
    });
  }

  it('not yet admitted: automount resolution pod > ServiceAccount > true', () => {
    const c = { containers: [{ name: 'c' }] };
    expect(mounted(c).mounted).toBe(true);
    expect(
      mounted(
        c,
        sa('default', 'default', { automountServiceAccountToken: false }),
      ).mounted,
    ).toBe(false);
    expect(
      mounted(
        { ...c, automountServiceAccountToken: true },
        sa('default', 'default', { automountServiceAccountToken: false }),
      ).mounted,
    ).toBe(true);
    expect(
      mounted(
        { ...c, automountServiceAccountToken: false },
        sa('default', 'default', { automountServiceAccountToken: true }),
      ).mounted,
    ).toBe(false);
  });

  it('not yet admitted: init containers yes, ephemeral no, own mount at the token path no', () => {
    const spec = {
      containers: [
        {
          name: 'c',
          volumeMounts: [
            {
              name: 'x',
              mountPath: '/var/run/secrets/kubernetes.io/serviceaccount/',
            },
          ],
        },
      ],
      initContainers: [{ name: 'i' }],
      ephemeralContainers: [{ name: 'e' }],
      volumes: [{ name: 'x', emptyDir: {} }],
    };
    expect(mounted(spec, undefined, 0).mounted).toBe(false);
    expect(mounted(spec, undefined, 1).mounted).toBe(true);
    expect(mounted(spec, undefined, 2).mounted).toBe(false);
  });

  const projected = (audience?: string) => ({
    name: 'tok',
    projected: {
      sources: [
        {
          serviceAccountToken: {
            path: 'token',
            ...(audience ? { audience } : {}),
          },
        },
      ],
    },
  });

  it('explicit projected tokens count only with a Kubernetes audience', () => {
    const spec = (audience?: string) => ({
      automountServiceAccountToken: false,
      containers: [
        { name: 'c', volumeMounts: [{ name: 'tok', mountPath: '/t' }] },
      ],
      volumes: [projected(audience)],
    });
    expect(mounted(spec()).mounted).toBe(true);
    expect(mounted(spec('sts.amazonaws.com')).mounted).toBe(false);
    expect(mounted(spec('api://AzureADTokenExchange')).mounted).toBe(false);
    expect(mounted(spec('vault'), undefined, 0, ['vault']).mounted).toBe(true);
  });

  it('admitted pods: read the kube-api-access volume mount, ephemeral containers included', () => {
    const access = {
      name: 'kube-api-access-abcde',
      projected: { sources: [{ serviceAccountToken: { path: 'token' } }] },
    };
    const spec = {
      containers: [
        {
          name: 'c',
          volumeMounts: [
            {
              name: 'kube-api-access-abcde',
              mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
            },
          ],
        },
        { name: 'no-mount' },
      ],
      ephemeralContainers: [
        {
          name: 'e',
          volumeMounts: [{ name: 'kube-api-access-abcde', mountPath: '/t' }],
        },
      ],
      volumes: [access],
    };
    expect(mounted(spec, undefined, 0)).toMatchObject({
      mounted: true,
      admitted: true,
    });
    expect(mounted(spec, undefined, 1).mounted).toBe(false);
    expect(mounted(spec, undefined, 2).mounted).toBe(true);
  });

  it('admitted pods: secret volumes of live legacy tokens', () => {
    const spec = (secretName: string) => ({
      serviceAccountName: 'app',
      containers: [
        { name: 'c', volumeMounts: [{ name: 's', mountPath: '/s' }] },
      ],
      volumes: [
        { name: 'kube-api-access-x', projected: { sources: [] } },
        { name: 's', secret: { secretName } },
      ],
    });
    expect(mounted(spec('app-token')).mounted).toBe(true);
    expect(mounted(spec('dead-token'))).toMatchObject({
      mounted: false,
      revivableOnly: true,
    });
    expect(mounted(spec('missing')).mounted).toBe(false);
  });
});

describe('ServiceAccount references, case by case', () => {
  const binding = (
    kind: 'RoleBinding' | 'ClusterRoleBinding',
    subjects: unknown[],
  ): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: {
      name: 'b',
      ...(kind === 'RoleBinding' ? { namespace: 'dev' } : {}),
    },
    roleRef: { kind: 'ClusterRole', name: 'view' },
    subjects,
  });
  const refs = (objects: KubeObject[]) =>
    serviceAccountReferences(objects).map(r => `${r.namespace}/${r.name}`);

  it.each([
    [
      'SA subject with its namespace',
      'ClusterRoleBinding',
      { kind: 'ServiceAccount', name: 'a', namespace: 'ops' },
      ['ops/a'],
    ],
    [
      'SA subject without namespace in a RoleBinding',
      'RoleBinding',
      { kind: 'ServiceAccount', name: 'a' },
      ['dev/a'],
    ],
    [
      'SA subject with an empty namespace in a RoleBinding',
      'RoleBinding',
      { kind: 'ServiceAccount', name: 'a', namespace: '' },
      ['dev/a'],
    ],
    [
      'SA subject without namespace in a ClusterRoleBinding',
      'ClusterRoleBinding',
      { kind: 'ServiceAccount', name: 'a' },
      [],
    ],
    [
      'SA subject without a name',
      'RoleBinding',
      { kind: 'ServiceAccount', namespace: 'ops' },
      [],
    ],
    [
      'a subject that is not an object',
      'ClusterRoleBinding',
      'system:serviceaccount:ops:a',
      [],
    ],
  ] as const)('%s', (_name, kind, subject, expected) => {
    expect(refs([binding(kind, [subject])])).toEqual(expected);
  });

  it.each([
    ['User', 'system:serviceaccount:ops:a', ['ops/a']],
    ['User', 'system:serviceaccount:ops', []],
    ['User', 'system:serviceaccount::a', []],
    ['User', 'system:serviceaccount:ops:', []],
    ['User', 'system:serviceaccount:ops:a:b', []],
    ['User', 'alice', []],
    ['Group', 'system:serviceaccount:ops:a', []],
    ['Group', 'system:serviceaccounts:ops', []],
  ])('subject %s %s', (kind, name, expected) => {
    expect(refs([binding('ClusterRoleBinding', [{ kind, name }])])).toEqual(
      expected,
    );
  });

  it.each([
    ['Deployment'],
    ['DaemonSet'],
    ['StatefulSet'],
    ['ReplicaSet'],
    ['Job'],
    ['ReplicationController'],
  ])('a %s template names its ServiceAccount', kind => {
    const object: KubeObject = {
      apiVersion: 'apps/v1',
      kind,
      metadata: { name: 'w', namespace: 'dev' },
      spec: { template: { spec: { serviceAccountName: 'w-sa' } } },
    };
    expect(refs([object])).toEqual(['dev/w-sa']);
  });

  it('PodTemplates, the default namespace and ServiceAccount, and objects without a pod spec', () => {
    const template: KubeObject = {
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: { name: 't', namespace: 'dev' },
      template: { spec: { serviceAccountName: 't-sa' } },
    };
    const noNamespace: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c' }] },
    };
    const noSpec: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'q', namespace: 'dev' },
    };
    const configMap: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'dev' },
      spec: { template: { spec: { serviceAccountName: 'nope' } } },
    };
    expect(refs([template, noNamespace, noSpec, configMap])).toEqual([
      'dev/t-sa',
      'default/default',
    ]);
  });
});

describe('SAExists and LiveLegacyToken: the reasons evidence shows', () => {
  it('says why a ServiceAccount exists or not', () => {
    const manifests = buildServiceAccountIndex({
      serviceAccounts: [sa('default', 'dev')],
      referenced: [
        { namespace: 'dev', name: 'app' },
        { namespace: 'ops', name: 'job' },
      ],
      live: false,
    });
    expect(saExists(manifests, 'dev', 'default')).toMatchObject({
      exists: true,
      inferred: false,
      reason: 'in the input',
    });
    expect(saExists(manifests, 'prod', 'default')).toEqual({
      exists: true,
      inferred: false,
      reason: 'every namespace has a default ServiceAccount',
    });
    // A namespace holding only its default ServiceAccount still infers the referenced ones.
    expect(saExists(manifests, 'dev', 'app')).toEqual({
      exists: true,
      inferred: true,
      reason:
        'referenced in manifest input without ServiceAccounts of the namespace',
    });
    expect(saExists(manifests, 'ops', 'job').inferred).toBe(true);
    expect(saExists(manifests, 'ops', 'app')).toEqual({
      exists: false,
      inferred: false,
      reason: 'not in the input',
    });
    const live = buildServiceAccountIndex({ serviceAccounts: [], live: true });
    expect(saExists(live, 'dev', 'app')).toEqual({
      exists: false,
      inferred: false,
      reason: 'not in the live snapshot',
    });
  });

  it('the first ServiceAccount of a name wins (its uid is the one compared)', () => {
    const index = buildServiceAccountIndex({
      serviceAccounts: [
        sa('app', 'default', {}, 'uid-1'),
        sa('app', 'default', {}, 'uid-2'),
        sa('app', 'dev', {}, 'uid-3'),
      ],
      live: true,
    });
    expect(
      liveLegacyToken(tokenSecret('t', 'app', { uid: 'uid-1' }), index).live,
    ).toBe(true);
    expect(
      liveLegacyToken(tokenSecret('t', 'app', { uid: 'uid-2' }), index),
    ).toMatchObject({
      live: false,
      reason: 'service-account.uid does not match the ServiceAccount',
    });
  });

  it.each([
    [
      'wrong type',
      tokenSecret('t', 'app', { type: 'Opaque' }),
      'not a service-account-token Secret',
    ],
    ['another ServiceAccount', tokenSecret('t', 'other'), 'token of other'],
    ['missing ServiceAccount', tokenSecret('t', 'ghost'), 'token of ghost'],
    ['live', tokenSecret('t', 'app'), 'live legacy token'],
    [
      'empty uid annotation',
      tokenSecret('t', 'app', { uid: '' }),
      'live legacy token',
    ],
    [
      'invalidated',
      tokenSecret('t', 'app', { invalid: true }),
      'invalidated (kubernetes.io/legacy-token-invalid-since), revivable by patch/update',
    ],
  ])('%s', (_name, secret, reason) => {
    const index = buildServiceAccountIndex({
      serviceAccounts: [sa('app', 'default', {}, 'uid-1')],
      live: true,
    });
    expect(liveLegacyToken(secret, index, 'app').reason).toBe(reason);
  });

  it('a token Secret without the ServiceAccount annotation, or naming a missing one', () => {
    const index = buildServiceAccountIndex({ serviceAccounts: [], live: true });
    const bare: KubeObject = {
      ...tokenSecret('t', 'x'),
      metadata: { name: 't', namespace: 'default' },
    };
    expect(liveLegacyToken(bare, index)).toMatchObject({
      live: false,
      reason: 'no service-account.name annotation',
    });
    const empty = tokenSecret('t', '');
    expect(liveLegacyToken(empty, index)).toMatchObject({
      live: false,
      reason: 'no service-account.name annotation',
    });
    expect(liveLegacyToken(tokenSecret('t', 'ghost'), index)).toEqual({
      live: false,
      revivableOnly: false,
      inferred: false,
      reason: 'ServiceAccount default/ghost does not exist',
    });
    const manifests = buildServiceAccountIndex({
      serviceAccounts: [],
      referenced: [{ namespace: 'default', name: 'ghost' }],
      live: false,
    });
    expect(liveLegacyToken(tokenSecret('t', 'ghost'), manifests)).toEqual({
      live: true,
      revivableOnly: false,
      inferred: true,
      serviceAccount: 'ghost',
      reason: 'live legacy token',
    });
  });
});

describe('TokenMounted: the ways a token reaches a container', () => {
  const index = buildServiceAccountIndex({
    serviceAccounts: [sa('app')],
    live: true,
  });
  const secrets = new Map([
    ['app-token', tokenSecret('app-token', 'app')],
    ['dead-token', tokenSecret('dead-token', 'app', { invalid: true })],
    ['other-token', tokenSecret('other-token', 'other')],
  ]);
  const ways = (spec: Record<string, unknown>, withIndex = true) => {
    const p = podSpecOf(pod(spec));
    const view = containersOf(p)[0];
    if (!view) throw new Error('no container');
    return tokenMounted({
      pod: p,
      container: view,
      apiAudiences: ['https://kubernetes.default.svc'],
      ...(withIndex ? { index } : {}),
      secret: name => secrets.get(name),
    });
  };

  it('not yet admitted: automount, unless the container mounts the token path itself', () => {
    expect(ways({ containers: [{ name: 'c' }] })).toEqual({
      mounted: true,
      revivableOnly: false,
      admitted: false,
      ways: [{ kind: 'automount', revivableOnly: false, inferred: false }],
    });
    for (const mountPath of [
      '/var/run/secrets/kubernetes.io/serviceaccount',
      '/var/run/secrets/kubernetes.io/serviceaccount/',
    ]) {
      const spec = {
        containers: [{ name: 'c', volumeMounts: [{ name: 'e', mountPath }] }],
        volumes: [{ name: 'e', emptyDir: {} }],
      };
      expect(ways(spec)).toMatchObject({ mounted: false, ways: [] });
    }
    const elsewhere = {
      containers: [
        {
          name: 'c',
          volumeMounts: [{ name: 'e', mountPath: '/var/run/secrets/' }],
        },
      ],
      volumes: [{ name: 'e', emptyDir: {} }],
    };
    expect(ways(elsewhere).mounted).toBe(true);
  });

  it('admitted: projected tokens with the API audience, legacy Secrets of the pod ServiceAccount', () => {
    const admitted = (
      volumes: unknown[],
      mounts: string[],
      serviceAccountName = 'app',
    ) => ({
      serviceAccountName,
      containers: [
        {
          name: 'c',
          volumeMounts: mounts.map(name => ({ name, mountPath: `/m/${name}` })),
        },
      ],
      volumes: [
        { name: 'kube-api-access-x', projected: { sources: [] } },
        ...volumes,
      ],
    });
    const projected = (audience?: string) => ({
      name: 'p',
      projected: {
        sources: [
          {
            serviceAccountToken: {
              path: 't',
              ...(audience ? { audience } : {}),
            },
          },
        ],
      },
    });
    expect(
      ways(admitted([projected('https://kubernetes.default.svc')], ['p'])),
    ).toEqual({
      mounted: true,
      revivableOnly: false,
      admitted: true,
      ways: [
        {
          kind: 'projected',
          volume: 'p',
          revivableOnly: false,
          inferred: false,
        },
      ],
    });
    expect(ways(admitted([projected('vault')], ['p'])).ways).toEqual([]);
    // A mount of a volume the pod does not declare carries nothing.
    expect(ways(admitted([], ['p'])).ways).toEqual([]);
    const secret = (secretName: string) => ({
      name: 's',
      secret: { secretName },
    });
    expect(ways(admitted([secret('app-token')], ['s'])).ways).toEqual([
      {
        kind: 'legacy-secret',
        volume: 's',
        revivableOnly: false,
        inferred: false,
      },
    ]);
    expect(ways(admitted([secret('dead-token')], ['s']))).toEqual({
      mounted: false,
      revivableOnly: true,
      admitted: true,
      ways: [
        {
          kind: 'legacy-secret',
          volume: 's',
          revivableOnly: true,
          inferred: false,
        },
      ],
    });
    // A token of another ServiceAccount does not authenticate as the pod's.
    expect(ways(admitted([secret('other-token')], ['s'])).ways).toEqual([]);
    // Without the ServiceAccount index, secret volumes are not read.
    expect(ways(admitted([secret('app-token')], ['s']), false).ways).toEqual(
      [],
    );
    expect(
      ways(admitted([projected(), secret('dead-token')], ['p', 's'])),
    ).toMatchObject({
      mounted: true,
      revivableOnly: false,
    });
  });
});
