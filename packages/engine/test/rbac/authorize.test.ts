import { describe, expect, it } from 'vitest';
import { authorize, authorizeNonResource } from '../../src/rbac/index.ts';
import type { ResourceRequest } from '../../src/rbac/index.ts';
import { grant } from './fixtures.ts';

const everything = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];
const crb = grant(everything, '', 'crb');
const rbInA = grant(everything, 'a', 'rb');

const inA: ResourceRequest = {
  verb: 'get',
  apiGroup: '',
  resource: 'secrets',
  namespace: 'a',
  name: 's',
};
const inB: ResourceRequest = { ...inA, namespace: 'b' };
const clusterScoped: ResourceRequest[] = [
  {
    verb: 'get',
    apiGroup: '',
    resource: 'nodes',
    subresource: 'proxy',
    namespace: '',
    name: 'n1',
  },
  {
    verb: 'impersonate',
    apiGroup: '',
    resource: 'users',
    namespace: '',
    name: 'alice',
  },
  {
    verb: 'impersonate',
    apiGroup: '',
    resource: 'groups',
    namespace: '',
    name: 'system:masters',
  },
  {
    verb: 'create',
    apiGroup: 'certificates.k8s.io',
    resource: 'certificatesigningrequests',
    namespace: '',
  },
  {
    verb: 'create',
    apiGroup: 'rbac.authorization.k8s.io',
    resource: 'clusterrolebindings',
    namespace: '',
  },
  {
    verb: 'create',
    apiGroup: 'admissionregistration.k8s.io',
    resource: 'mutatingwebhookconfigurations',
    namespace: '',
  },
];

describe('authorize (catalog 4.3)', () => {
  it('applies a ClusterRoleBinding grant in every namespace and cluster-wide', () => {
    expect(authorize([crb], inA)?.grant).toBe(crb);
    expect(authorize([crb], inB)?.grant).toBe(crb);
    for (const request of clusterScoped) {
      expect(authorize([crb], request)?.grant).toBe(crb);
    }
  });

  it('applies a RoleBinding grant in its namespace only', () => {
    expect(authorize([rbInA], inA)).toEqual({ grant: rbInA, ruleIndex: 0 });
    expect(authorize([rbInA], inB)).toBeUndefined();
  });

  it.each(clusterScoped)(
    'never lets a RoleBinding grant a cluster-scoped request: $verb $resource',
    request => {
      expect(authorize([rbInA], request)).toBeUndefined();
    },
  );

  it('lets a RoleBinding in X patch Namespace X itself, and no other', () => {
    const patchNs = (name: string): ResourceRequest => ({
      verb: 'patch',
      apiGroup: '',
      resource: 'namespaces',
      namespace: name,
      name,
    });
    expect(authorize([rbInA], patchNs('a'))?.grant).toBe(rbInA);
    expect(authorize([rbInA], patchNs('b'))).toBeUndefined();
  });

  it('returns the first allowing grant and rule, in the order given', () => {
    const narrow = grant(
      [
        { verbs: ['list'], apiGroups: [''], resources: ['secrets'] },
        { verbs: ['get'], apiGroups: [''], resources: ['secrets'] },
      ],
      'a',
      'narrow',
    );
    expect(authorize([narrow, crb], inA)).toEqual({
      grant: narrow,
      ruleIndex: 1,
    });
    expect(authorize([crb, narrow], inA)).toEqual({ grant: crb, ruleIndex: 0 });
    expect(authorize([narrow, crb], inB)).toEqual({ grant: crb, ruleIndex: 0 });
  });

  it('allows nothing without grants or with rules that do not match', () => {
    expect(authorize([], inA)).toBeUndefined();
    const podsOnly = grant([
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
    ]);
    expect(authorize([podsOnly], inA)).toBeUndefined();
  });
});

describe('authorizeNonResource', () => {
  it('uses ClusterRoleBinding grants', () => {
    expect(authorizeNonResource([rbInA, crb], 'get', '/healthz')).toEqual({
      grant: crb,
      ruleIndex: 1,
    });
  });

  it('never uses RoleBinding grants, even of a ClusterRole with URLs', () => {
    expect(authorizeNonResource([rbInA], 'get', '/healthz')).toBeUndefined();
  });

  it('needs a matching verb and URL', () => {
    const healthz = grant([
      { verbs: ['get'], nonResourceURLs: ['/healthz', '/healthz/*'] },
    ]);
    expect(
      authorizeNonResource([healthz], 'get', '/healthz/etcd')?.ruleIndex,
    ).toBe(0);
    expect(authorizeNonResource([healthz], 'post', '/healthz')).toBeUndefined();
    expect(authorizeNonResource([healthz], 'get', '/metrics')).toBeUndefined();
  });
});
