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
