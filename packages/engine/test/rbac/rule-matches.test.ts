import { describe, expect, it } from 'vitest';
import { nonResourceRuleMatches, ruleMatches } from '../../src/rbac/index.ts';
import type { PolicyRule, ResourceRequest } from '../../src/rbac/index.ts';

interface Case {
  readonly title: string;
  readonly rule: PolicyRule;
  readonly request: ResourceRequest;
}

const ns = 'web';
const getPod: ResourceRequest = {
  verb: 'get',
  apiGroup: '',
  resource: 'pods',
  namespace: ns,
  name: 'p',
};
const execPod: ResourceRequest = {
  verb: 'create',
  apiGroup: '',
  resource: 'pods',
  subresource: 'exec',
  namespace: ns,
  name: 'p',
};
const all: PolicyRule = { verbs: ['*'], apiGroups: ['*'], resources: ['*'] };

const allows: Case[] = [
  {
    title: 'an empty subresource is the resource itself',
    rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
    request: { ...getPod, subresource: '' },
  },
  {
    title: 'exact verb, core group, resource',
    rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
    request: getPod,
  },
  ...['bind', 'escalate', 'impersonate', 'approve', 'sign', 'use'].map(
    verb => ({
      title: `verb * includes ${verb}`,
      rule: all,
      request: {
        verb,
        apiGroup: 'rbac.authorization.k8s.io',
        resource: 'clusterroles',
        namespace: '',
        name: 'x',
      },
    }),
  ),
  { title: 'resources * includes subresources', rule: all, request: execPod },
  {
    title: 'resource pods/exec exactly',
    rule: { verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] },
    request: execPod,
  },
  {
    title: '*/exec matches pods/exec',
    rule: { verbs: ['create'], apiGroups: [''], resources: ['*/exec'] },
    request: execPod,
  },
  {
    title: '*/scale matches deployments/scale in apps',
    rule: { verbs: ['update'], apiGroups: ['*'], resources: ['*/scale'] },
    request: {
      verb: 'update',
      apiGroup: 'apps',
      resource: 'deployments',
      subresource: 'scale',
      namespace: ns,
      name: 'd',
    },
  },
  {
    title: 'KubeHound bug: apps deployments without "" or * in the same rule',
    rule: {
      verbs: ['create'],
      apiGroups: ['apps'],
      resources: ['deployments'],
    },
    request: {
      verb: 'create',
      apiGroup: 'apps',
      resource: 'deployments',
      namespace: ns,
    },
  },
  {
    title: 'KubeHound bug: batch jobs, group per rule',
    rule: {
      verbs: ['create'],
      apiGroups: ['batch'],
      resources: ['jobs', 'cronjobs'],
    },
    request: {
      verb: 'create',
      apiGroup: 'batch',
      resource: 'cronjobs',
      namespace: ns,
    },
  },
  {
    title: 'KubeHound bug: resourceNames narrow, they do not disable the rule',
    rule: {
      verbs: ['get'],
      apiGroups: [''],
      resources: ['secrets'],
      resourceNames: ['db', 'api'],
    },
    request: {
      verb: 'get',
      apiGroup: '',
      resource: 'secrets',
      namespace: ns,
      name: 'api',
    },
  },
  {
    title: 'KubeHound bug: watch counts',
    rule: { verbs: ['watch'], apiGroups: [''], resources: ['secrets'] },
    request: {
      verb: 'watch',
      apiGroup: '',
      resource: 'secrets',
      namespace: ns,
    },
  },
  {
    title: 'list with a metadata.name field selector carries the name',
    rule: {
      verbs: ['list'],
      apiGroups: [''],
      resources: ['secrets'],
      resourceNames: ['db'],
    },
    request: {
      verb: 'list',
      apiGroup: '',
      resource: 'secrets',
      namespace: ns,
      name: 'db',
    },
  },
  {
    title: 'a named subresource carries the parent name',
    rule: {
      verbs: ['create'],
      apiGroups: [''],
      resources: ['serviceaccounts/token'],
      resourceNames: ['builder'],
    },
    request: {
      verb: 'create',
      apiGroup: '',
      resource: 'serviceaccounts',
      subresource: 'token',
      namespace: ns,
      name: 'builder',
    },
  },
  {
    title: 'a literal * name matches only the name *',
    rule: {
      verbs: ['get'],
      apiGroups: [''],
      resources: ['secrets'],
      resourceNames: ['*'],
    },
    request: {
      verb: 'get',
      apiGroup: '',
      resource: 'secrets',
      namespace: ns,
      name: '*',
    },
  },
  {
    title: 'one of several groups of the rule',
    rule: { verbs: ['get'], apiGroups: ['apps', ''], resources: ['pods'] },
    request: getPod,
  },
  {
    title: 'names are not looked at when the rule has none (cluster-scoped)',
    rule: { verbs: ['get'], apiGroups: [''], resources: ['nodes/proxy'] },
    request: {
      verb: 'get',
      apiGroup: '',
      resource: 'nodes',
      subresource: 'proxy',
      namespace: '',
      name: 'n1',
    },
  },
];

const denies: Case[] = [
  {
    title: 'apiGroup "core" is not the core group',
    rule: { verbs: ['get'], apiGroups: ['core'], resources: ['pods'] },
    request: getPod,
  },
  {
    title: 'no apiGroups',
    rule: { verbs: ['get'], resources: ['pods'] },
    request: getPod,
  },
  {
    title: 'other group',
    rule: { verbs: ['get'], apiGroups: ['apps'], resources: ['pods'] },
    request: getPod,
  },
  {
    title: 'extensions deployments give nothing on apps deployments',
    rule: {
      verbs: ['create'],
      apiGroups: ['extensions'],
      resources: ['deployments'],
    },
    request: {
      verb: 'create',
      apiGroup: 'apps',
      resource: 'deployments',
      namespace: ns,
    },
  },
  {
    title: 'other verb',
    rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
    request: { ...getPod, verb: 'list' },
  },
  {
    title: 'verbs are case-sensitive',
    rule: { verbs: ['GET'], apiGroups: [''], resources: ['pods'] },
    request: getPod,
  },
  {
    title: 'no verbs',
    rule: { verbs: [], apiGroups: ['*'], resources: ['*'] },
    request: getPod,
  },
  {
    title: 'pods does not match pods/exec',
    rule: { verbs: ['*'], apiGroups: [''], resources: ['pods'] },
    request: execPod,
  },
  {
    title: 'pods/* is not a wildcard (pods/exec)',
    rule: { verbs: ['*'], apiGroups: [''], resources: ['pods/*'] },
    request: execPod,
  },
  {
    title: 'pods/* is not a wildcard (pods)',
    rule: { verbs: ['*'], apiGroups: [''], resources: ['pods/*'] },
    request: getPod,
  },
  {
    title: 'checkov: */* is not a wildcard (pods/exec)',
    rule: { verbs: ['*'], apiGroups: ['*'], resources: ['*/*'] },
    request: execPod,
  },
  {
    title: 'checkov: */* is not a wildcard (pods)',
    rule: { verbs: ['*'], apiGroups: ['*'], resources: ['*/*'] },
    request: getPod,
  },
  {
    title: '*/exec needs a subresource',
    rule: { verbs: ['*'], apiGroups: [''], resources: ['*/exec'] },
    request: getPod,
  },
  {
    title: '*/exec is not */attach',
    rule: { verbs: ['*'], apiGroups: [''], resources: ['*/exec'] },
    request: { ...execPod, subresource: 'attach' },
  },
  {
    title: 'a bare subresource name is no entry',
    rule: { verbs: ['*'], apiGroups: [''], resources: ['exec'] },
    request: execPod,
  },
  {
    title: 'pods/exec does not match pods',
    rule: { verbs: ['*'], apiGroups: [''], resources: ['pods/exec'] },
    request: getPod,
  },
  {
    title: 'IceKube bug: * in resourceNames is literal',
    rule: {
      verbs: ['get'],
      apiGroups: [''],
      resources: ['secrets'],
      resourceNames: ['*'],
    },
    request: {
      verb: 'get',
      apiGroup: '',
      resource: 'secrets',
      namespace: ns,
      name: 'db',
    },
  },
  {
    title: 'resourceNames are not globs',
    rule: {
      verbs: ['get'],
      apiGroups: [''],
      resources: ['pods'],
      resourceNames: ['p*'],
    },
    request: getPod,
  },
  {
    title: 'resourceNames never allow create (no name)',
    rule: {
      verbs: ['create'],
      apiGroups: [''],
      resources: ['secrets'],
      resourceNames: ['db'],
    },
    request: {
      verb: 'create',
      apiGroup: '',
      resource: 'secrets',
      namespace: ns,
    },
  },
  {
    title: 'resourceNames never allow list without a name',
    rule: {
      verbs: ['list'],
      apiGroups: [''],
      resources: ['secrets'],
      resourceNames: ['db'],
    },
    request: { verb: 'list', apiGroup: '', resource: 'secrets', namespace: ns },
  },
  {
    title: 'resourceNames never allow deletecollection',
    rule: {
      verbs: ['deletecollection'],
      apiGroups: [''],
      resources: ['pods'],
      resourceNames: ['p'],
    },
    request: {
      verb: 'deletecollection',
      apiGroup: '',
      resource: 'pods',
      namespace: ns,
    },
  },
  {
    title: 'an empty-string name is no name',
    rule: {
      verbs: ['create'],
      apiGroups: [''],
      resources: ['pods'],
      resourceNames: [''],
    },
    request: {
      verb: 'create',
      apiGroup: '',
      resource: 'pods',
      namespace: ns,
      name: '',
    },
  },
  {
    title: 'other name',
    rule: {
      verbs: ['get'],
      apiGroups: [''],
      resources: ['secrets'],
      resourceNames: ['db'],
    },
    request: {
      verb: 'get',
      apiGroup: '',
      resource: 'secrets',
      namespace: ns,
      name: 'api',
    },
  },
  {
    title: 'a non-resource rule allows no resource request',
    rule: { verbs: ['*'], nonResourceURLs: ['*'] },
    request: getPod,
  },
  {
    title: 'no resources',
    rule: { verbs: ['*'], apiGroups: ['*'] },
    request: getPod,
  },
];

describe('ruleMatches (catalog 4.2)', () => {
  it.each(allows)('allows: $title', ({ rule, request }) => {
    expect(ruleMatches(rule, request)).toBe(true);
  });
  it.each(denies)('does not allow: $title', ({ rule, request }) => {
    expect(ruleMatches(rule, request)).toBe(false);
  });
});

interface UrlCase {
  readonly rule: PolicyRule;
  readonly verb: string;
  readonly path: string;
}

const urlAllows: UrlCase[] = [
  {
    rule: { verbs: ['get'], nonResourceURLs: ['*'] },
    verb: 'get',
    path: '/metrics',
  },
  {
    rule: { verbs: ['get'], nonResourceURLs: ['/healthz'] },
    verb: 'get',
    path: '/healthz',
  },
  {
    rule: { verbs: ['get'], nonResourceURLs: ['/healthz/*'] },
    verb: 'get',
    path: '/healthz/etcd',
  },
  {
    rule: { verbs: ['get'], nonResourceURLs: ['/api*'] },
    verb: 'get',
    path: '/apis/apps',
  },
  {
    rule: { verbs: ['get'], nonResourceURLs: ['/api**'] },
    verb: 'get',
    path: '/api/v1',
  },
  {
    rule: { verbs: ['*'], nonResourceURLs: ['/logs'] },
    verb: 'post',
    path: '/logs',
  },
  {
    // Only the trailing stars are trimmed (strings.TrimRight upstream).
    rule: { verbs: ['get'], nonResourceURLs: ['/a*b*'] },
    verb: 'get',
    path: '/a*b/c',
  },
];

const urlDenies: UrlCase[] = [
  {
    rule: { verbs: ['get'], nonResourceURLs: ['/healthz/*'] },
    verb: 'get',
    path: '/healthz',
  },
  {
    rule: { verbs: ['get'], nonResourceURLs: ['/healthz'] },
    verb: 'get',
    path: '/healthz/etcd',
  },
  {
    rule: { verbs: ['get'], nonResourceURLs: ['/he*z'] },
    verb: 'get',
    path: '/healthz',
  },
  {
    rule: { verbs: ['get'], nonResourceURLs: ['*'] },
    verb: 'post',
    path: '/healthz',
  },
  {
    rule: { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
    verb: 'get',
    path: '/healthz',
  },
];

describe('nonResourceRuleMatches (catalog 4.2)', () => {
  it.each(urlAllows)(
    'allows $verb $path by $rule.nonResourceURLs',
    ({ rule, verb, path }) => {
      expect(nonResourceRuleMatches(rule, verb, path)).toBe(true);
    },
  );
  it.each(urlDenies)('does not allow $verb $path', ({ rule, verb, path }) => {
    expect(nonResourceRuleMatches(rule, verb, path)).toBe(false);
  });
});
