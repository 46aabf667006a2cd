import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@chokepoint/model';
import {
  DEFAULT_POLICY,
  authenticatedIsPublicFor,
  isGiven,
  kubeApiserverClientSignerFor,
  providerOf,
  resolvePolicy,
  resolveProvider,
} from '../src/policy.ts';

const nodeWith = (labels: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'n', labels },
});

describe('resolvePolicy (catalog 2.9)', () => {
  it('no file: the defaults', () => {
    expect(resolvePolicy(undefined)).toEqual({
      policy: DEFAULT_POLICY,
      problems: [],
    });
    expect(resolvePolicy(null).policy).toBe(DEFAULT_POLICY);
    expect(resolvePolicy({})).toEqual({ policy: DEFAULT_POLICY, problems: [] });
  });

  it('has the defaults of the 2.9 table', () => {
    const p = DEFAULT_POLICY;
    expect(p.kubernetesVersion).toBeUndefined();
    expect(p.apiServer).toEqual({ publicEndpoint: true, anonymousAuth: true });
    expect(p.podSecurity).toEqual({
      enabled: true,
      defaults: { enforce: 'privileged', enforceVersion: 'latest' },
      exemptions: { usernames: [], runtimeClasses: [], namespaces: [] },
    });
    expect(p.admission).toEqual({
      certificateSubjectRestriction: true,
      denyServiceExternalIPs: false,
    });
    expect(p.eks.authenticationMode).toBe('API_AND_CONFIG_MAP');
    expect(p.webhookEndpointReachable).toBe(true);
    expect(p.exposure).toEqual({
      nodePorts: true,
      hostPorts: 'externalIP',
      internalIngressClasses: [],
      internalGatewayClasses: [],
    });
    expect(p.assumeSetuidRoot).toBe(false);
    expect(p.minConfidence).toBe('low');
  });

  it('merges a partial document over the defaults and records given keys', () => {
    const { policy, problems } = resolvePolicy({
      kubernetesVersion: 'v1.31.4',
      featureGates: { UserNamespacesSupport: true },
      apiServer: { anonymousAuth: false },
      podSecurity: { exemptions: { namespaces: ['kube-system'] } },
      entry: ['User:alice'],
      critical: { ids: ['Secret:prod/db'], replace: true },
      imageUsers: { 'nginx:1.27': 101 },
      nodeDefaults: { cgroupVersion: 'v1' },
      nodes: {
        'node-1': { runtime: 'cri-o', kubeletAuth: { anonymous: true } },
      },
      runtimeDefaultCapabilities: {
        'cri-o': ['CHOWN'],
        nodes: { 'node-1': ['KILL'] },
      },
      memberships: { 'User:alice': ['Group:dev'] },
      controllers: [{ anything: true }],
    });
    expect(problems).toEqual([]);
    expect(policy.apiServer).toEqual({
      publicEndpoint: true,
      anonymousAuth: false,
    });
    expect(policy.podSecurity.exemptions).toEqual({
      usernames: [],
      runtimeClasses: [],
      namespaces: ['kube-system'],
    });
    expect(policy.podSecurity.defaults.enforce).toBe('privileged');
    expect(policy.entry).toEqual({
      ids: ['User:alice'],
      selectors: [],
      replace: false,
    });
    expect(policy.critical).toEqual({
      ids: ['Secret:prod/db'],
      selectors: [],
      replace: true,
    });
    expect(policy.nodes['node-1']).toEqual({
      runtime: 'cri-o',
      kubeletAuth: { anonymous: true },
    });
    expect(policy.runtimeDefaultCapabilities).toEqual({
      'cri-o': ['CHOWN'],
      nodes: { 'node-1': ['KILL'] },
    });
    expect(policy.controllers).toEqual([{ anything: true }]);
    expect(isGiven(policy, 'apiServer.anonymousAuth')).toBe(true);
    expect(isGiven(policy, 'apiServer.publicEndpoint')).toBe(false);
    expect(isGiven(policy, 'apiServer')).toBe(true);
    expect(isGiven(policy, 'nodes')).toBe(true);
    // The default object itself is never mutated.
    expect(DEFAULT_POLICY.apiServer.anonymousAuth).toBe(true);
  });

  it('reports unknown keys and wrong types with dotted paths, keeping defaults', () => {
    const { policy, problems } = resolvePolicy({
      apiServer: { anonymousAuth: 'yes', public: true },
      podSecurity: { defaults: { enforce: 'strict', enforceVersion: '1.30' } },
      exposure: { hostPorts: 'everywhere', internalIngressClasses: ['a', 3] },
      nodeDefaults: { ptraceScope: 7, bogus: 1 },
      nodes: { n1: 'linux' },
      imageUsers: { ubuntu: -1 },
      kubernetesVersion: 'soon',
      minConfidence: 'certain',
      entry: 'User:x',
      extra: 1,
    });
    expect(problems).toEqual([
      'apiServer.anonymousAuth: expected true or false, got string "yes"',
      'apiServer.public: unknown key',
      'podSecurity.defaults.enforce: expected one of privileged, baseline, restricted, got "strict"',
      'podSecurity.defaults.enforceVersion: expected latest or v1.<minor>, got "1.30"',
      'exposure.hostPorts: expected one of externalIP, all, none, got "everywhere"',
      'exposure.internalIngressClasses[1]: expected a string, got number 3',
      'nodeDefaults.ptraceScope: expected an integer from 0 to 3, got number 7',
      'nodeDefaults.bogus: unknown key',
      'nodes.n1: expected an object, got string "linux"',
      'imageUsers.ubuntu: expected an integer from 0 to 2147483647, got number -1',
      'kubernetesVersion: not a Kubernetes version (v1.31.4): "soon"',
      'minConfidence: expected one of high, medium, low, got "certain"',
      'entry: expected a list of ids or {ids, selectors, replace}, got string "User:x"',
      'extra: unknown key',
    ]);
    expect(policy.apiServer.anonymousAuth).toBe(true);
    expect(policy.podSecurity.defaults).toEqual({
      enforce: 'privileged',
      enforceVersion: 'latest',
    });
    expect(policy.exposure.internalIngressClasses).toEqual(['a']);
    expect(policy.minConfidence).toBe('low');
  });

  it('never throws on a document that is not an object', () => {
    for (const doc of [3, 'text', [1, 2], true]) {
      const { policy, problems } = resolvePolicy(doc);
      expect(policy).toBe(DEFAULT_POLICY);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^policy: expected an object/);
    }
  });
});

describe('providerOf', () => {
  it.each([
    ['v1.30.2-eks-2d98532', [], 'eks'],
    ['v1.29.6-gke.1038001', [], 'gke'],
    ['v1.31.4', [nodeWith({ 'eks.amazonaws.com/nodegroup': 'ng' })], 'eks'],
    [
      'v1.31.4',
      [nodeWith({ 'cloud.google.com/gke-nodepool': 'default-pool' })],
      'gke',
    ],
    [undefined, [nodeWith({ 'kubernetes.azure.com/cluster': 'MC_rg' })], 'aks'],
    ['v1.31.4+k3s1', [nodeWith({})], 'other'],
    [undefined, [], 'other'],
  ] as const)('%s with %j -> %s', (version, nodes, provider) => {
    expect(providerOf(version, nodes)).toBe(provider);
  });

  it('the policy provider wins, and provider-dependent defaults follow it', () => {
    const { policy } = resolvePolicy({ provider: 'aks' });
    expect(resolveProvider(policy, 'v1.30.2-eks-1', [])).toEqual({
      value: 'aks',
      source: 'given',
    });
    expect(resolveProvider(DEFAULT_POLICY, 'v1.30.2-eks-1', [])).toEqual({
      value: 'eks',
      source: 'derived',
    });
    expect(authenticatedIsPublicFor(DEFAULT_POLICY, 'gke')).toBe(true);
    expect(authenticatedIsPublicFor(DEFAULT_POLICY, 'eks')).toBe(false);
    expect(
      authenticatedIsPublicFor(
        resolvePolicy({ authenticatedIsPublic: false }).policy,
        'gke',
      ),
    ).toBe(false);
    expect(kubeApiserverClientSignerFor(DEFAULT_POLICY, 'eks')).toBe(false);
    expect(kubeApiserverClientSignerFor(DEFAULT_POLICY, 'gke')).toBe(true);
  });
});
