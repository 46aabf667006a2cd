import { describe, expect, it } from 'vitest';
import {
  isPublicAddress,
  nodeFactsOf,
  osImageFacts,
  rroSupportedOf,
} from '../../src/predicates/node-facts.ts';
import { DEFAULT_POLICY } from '../../src/policy.ts';
import { factsOf, node, policyOf } from './helpers.ts';

describe('nodeFactsOf (catalog 2.8)', () => {
  it('defaults every fact for a Node without nodeInfo (the conformance scaffold)', () => {
    const f = factsOf();
    expect(f.os).toEqual({ value: 'linux', source: 'defaulted' });
    expect(f.runtime).toEqual({ value: 'unknown', source: 'defaulted' });
    expect(f.appArmor).toEqual({ value: false, source: 'defaulted' });
    expect(f.selinuxEnforcing.value).toBe(false);
    expect(f.cgroupVersion).toEqual({ value: 'v2', source: 'defaulted' });
    expect(f.seccompDefault.value).toBe(false);
    expect(f.ptraceScope.value).toBe(1);
    expect(f.moduleLoadingRestricted.value).toBe(false);
    expect(f.kubeletAnonymousAuth.value).toBe(false);
    expect(f.kubeletAuthorizationMode.value).toBe('Webhook');
    expect(f.kubeletReadOnlyPort.value).toBe(0);
    expect(f.enableSystemLogHandler.value).toBe(true);
    expect(f.kubeletRootDir.value).toBe('/var/lib/kubelet');
    expect(f.publicIP).toEqual({ value: false, source: 'defaulted' });
    expect(f.cloud.value).toBe('other');
    expect(f.rroSupported.value).toBe(false);
    expect(f.virtual).toEqual({ value: false, source: 'derived' });
    expect(f.controlPlane).toBe(false);
  });

  it('policy nodes over nodeDefaults over heuristics', () => {
    const policy = policyOf({
      nodeDefaults: {
        cgroupVersion: 'v1',
        appArmor: true,
        kubeletAuth: { anonymous: true },
      },
      nodes: {
        special: {
          cgroupVersion: 'v2',
          kubeletAuth: { mode: 'AlwaysAllow' },
          separateMounts: ['/var/lib/x'],
        },
      },
    });
    const ubuntu = { osImage: 'Ubuntu 20.04.6 LTS' };
    const plain = nodeFactsOf(node('plain', { nodeInfo: ubuntu }), { policy });
    expect(plain.cgroupVersion).toEqual({ value: 'v1', source: 'given' });
    expect(plain.appArmor.source).toBe('given');
    const special = nodeFactsOf(node('special'), { policy });
    expect(special.cgroupVersion).toEqual({ value: 'v2', source: 'given' });
    expect(special.kubeletAnonymousAuth).toEqual({
      value: true,
      source: 'given',
    });
    expect(special.kubeletAuthorizationMode).toEqual({
      value: 'AlwaysAllow',
      source: 'given',
    });
    expect(special.extraSeparateMounts).toEqual(['/var/lib/x']);
    // A node known only by spec.nodeName still gets its policy facts.
    expect(
      nodeFactsOf(undefined, { policy }, 'special').cgroupVersion.value,
    ).toBe('v2');
  });

  it('derives from the Node object', () => {
    const n = node('ip-10-0-0-1', {
      labels: {
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/control-plane': '',
      },
      nodeInfo: {
        containerRuntimeVersion: 'containerd://2.0.1',
        kernelVersion: '6.1.0-amd64',
        kubeletVersion: 'v1.35.0',
        osImage: 'Amazon Linux 2',
      },
      spec: { providerID: 'aws:///us-east-1a/i-abc' },
      addresses: [
        { type: 'InternalIP', address: '10.0.0.1' },
        { type: 'ExternalIP', address: '54.1.2.3' },
      ],
    });
    const f = nodeFactsOf(n, {
      policy: DEFAULT_POLICY,
      serverVersion: 'v1.35.0',
    });
    expect(f.runtime).toEqual({ value: 'containerd', source: 'derived' });
    // kubelet >= 1.35 wins over the OS image table (Amazon Linux 2: v1).
    expect(f.cgroupVersion).toEqual({ value: 'v2', source: 'derived' });
    expect(f.appArmor).toEqual({ value: false, source: 'derived' });
    expect(f.publicIP).toEqual({ value: true, source: 'derived' });
    expect(f.cloud).toEqual({ value: 'aws', source: 'derived' });
    expect(f.rroSupported).toEqual({ value: true, source: 'derived' });
    expect(f.userNamespaces).toEqual({ value: true, source: 'derived' });
    expect(f.controlPlane).toBe(true);
    expect(
      nodeFactsOf(
        node('m', { labels: { 'node-role.kubernetes.io/master': '' } }),
        { policy: DEFAULT_POLICY },
      ).controlPlane,
    ).toBe(true);
  });

  it('userNamespaces follows section 8 by kubelet and server version', () => {
    const at = (kubelet: string | undefined, server?: string) =>
      nodeFactsOf(
        node('n', kubelet ? { nodeInfo: { kubeletVersion: kubelet } } : {}),
        { policy: DEFAULT_POLICY, serverVersion: server },
      ).userNamespaces;
    expect(at('v1.32.1')).toEqual({ value: false, source: 'derived' });
    expect(at('v1.33.0')).toEqual({ value: true, source: 'derived' });
    expect(at('v1.33.0', 'v1.32.0').value).toBe(false);
    expect(at(undefined, 'v1.34.0')).toEqual({
      value: true,
      source: 'defaulted',
    });
    expect(at(undefined)).toEqual({ value: false, source: 'defaulted' });
    const gated = nodeFactsOf(
      node('n', { nodeInfo: { kubeletVersion: 'v1.30.0' } }),
      {
        policy: policyOf({ featureGates: { UserNamespacesSupport: true } }),
        serverVersion: 'v1.30.0',
      },
    );
    expect(gated.userNamespaces.value).toBe(true);
  });

  it.each([
    [{ labels: { 'eks.amazonaws.com/compute-type': 'fargate' } }, 'n', true],
    [{}, 'fargate-ip-10-0-0-1', true],
    [{ labels: { type: 'virtual-kubelet' } }, 'n', true],
    [
      {
        spec: {
          taints: [
            { key: 'virtual-kubelet.io/provider', effect: 'NoSchedule' },
          ],
        },
      },
      'n',
      true,
    ],
    [{}, 'n', false],
  ])('virtual node %j %s -> %s', (options, name, expected) => {
    expect(
      nodeFactsOf(node(name, options), { policy: DEFAULT_POLICY }).virtual
        .value,
    ).toBe(expected);
  });

  it('reads the OS from the label or nodeInfo', () => {
    expect(
      factsOf(
        undefined,
        node('w', { nodeInfo: { operatingSystem: 'windows' } }),
      ).os,
    ).toEqual({ value: 'windows', source: 'derived' });
  });
});

describe('OS image table', () => {
  it.each([
    [
      'Ubuntu 22.04.3 LTS',
      {
        appArmor: true,
        selinuxEnforcing: false,
        cgroupVersion: 'v2',
        moduleLoadingRestricted: false,
      },
    ],
    ['Ubuntu 20.04.6 LTS', { cgroupVersion: 'v1' }],
    ['Ubuntu 21.10', { cgroupVersion: 'v2' }],
    ['Debian GNU/Linux 12 (bookworm)', { appArmor: true, cgroupVersion: 'v2' }],
    ['Debian GNU/Linux 10 (buster)', { cgroupVersion: 'v1' }],
    [
      'Container-Optimized OS from Google',
      { appArmor: true, cgroupVersion: 'v2', moduleLoadingRestricted: true },
    ],
    [
      'Red Hat Enterprise Linux 8.9 (Ootpa)',
      { appArmor: false, selinuxEnforcing: true, cgroupVersion: 'v1' },
    ],
    [
      'Rocky Linux 9.3 (Blue Onyx)',
      { selinuxEnforcing: true, cgroupVersion: 'v2' },
    ],
    [
      'Red Hat Enterprise Linux CoreOS 415.92.202402201450-0 (Plow)',
      { selinuxEnforcing: true, cgroupVersion: 'v2' },
    ],
    [
      'Amazon Linux 2',
      { appArmor: false, selinuxEnforcing: false, cgroupVersion: 'v1' },
    ],
    ['Amazon Linux 2023.3.20240131', { cgroupVersion: 'v2' }],
    [
      'Bottlerocket OS 1.19.2 (aws-k8s-1.29)',
      { selinuxEnforcing: true, cgroupVersion: 'v2' },
    ],
    [
      'Flatcar Container Linux by Kinvolk 3602.2.0 (Oklo)',
      { appArmor: false, cgroupVersion: 'v2' },
    ],
    ['Flatcar Container Linux by Kinvolk 2905.2.0', { cgroupVersion: 'v1' }],
  ])('%s', (image, expected) => {
    expect(osImageFacts(image)).toMatchObject(expected);
  });

  it('leaves unlisted images and Bottlerocket module loading unknown', () => {
    expect(osImageFacts('Talos (v1.6.0)')).toEqual({});
    expect(
      osImageFacts('Bottlerocket OS 1.19.2').moduleLoadingRestricted,
    ).toBeUndefined();
  });
});

describe('addresses and rro', () => {
  it.each([
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['172.32.0.1', true],
    ['192.168.1.1', false],
    ['100.64.0.1', false],
    ['100.128.0.1', true],
    ['127.0.0.1', false],
    ['169.254.169.254', false],
    ['8.8.8.8', true],
    ['fd00::1', false],
    ['fe80::1', false],
    ['2001:db8::1', true],
    ['not-an-ip', false],
  ])('isPublicAddress(%s) = %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it.each([
    ['containerd://1.7.22', '6.1.0', false],
    ['containerd://2.0.0', '5.15.0-1051-aws', true],
    ['containerd://2.0.0', '5.10.0', false],
    ['cri-o://1.30.1', '5.14.0-362.el9.x86_64', true],
    ['cri-o://1.29.1', '6.1.0', false],
    ['docker://24.0.7', '6.1.0', false],
  ])('rroSupported %s kernel %s = %s', (runtime, kernel, expected) => {
    expect(
      rroSupportedOf(
        node('n', {
          nodeInfo: { containerRuntimeVersion: runtime, kernelVersion: kernel },
        }),
      ),
    ).toBe(expected);
  });
});

describe('public addresses and cloud, at the edges of each range', () => {
  it.each([
    ['0.0.0.0', false],
    ['9.255.255.255', true],
    ['11.0.0.1', true],
    ['126.255.255.255', true],
    ['128.0.0.1', true],
    ['172.15.255.255', true],
    ['172.31.255.255', false],
    ['191.168.0.1', true],
    ['192.169.0.1', true],
    ['100.63.255.255', true],
    ['100.127.255.255', false],
    ['99.64.0.1', true],
    ['168.254.0.1', true],
    ['169.253.0.1', true],
    ['255.1.1.1', true],
    ['256.1.1.1', false],
    ['-1.2.3.4', false],
    ['x.1.1.1', false],
    ['8.8.8', false],
    ['8.8.8.8.8', false],
    ['8.8..8', false],
    ['0008.8.8.8', false],
    ['::', false],
    ['::1', false],
    ['::ffff:8.8.8.8', true],
    ['FE80::1', false],
    ['FD12:3456::1', false],
    ['fbff::1', true],
    ['fe7f::1', true],
    ['febf::1', false],
    ['fec0::1', true],
    ['zzzz::1', false],
  ])('isPublicAddress(%s) = %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  const facts = (options: Parameters<typeof node>[1]) =>
    nodeFactsOf(node('n', options), { policy: DEFAULT_POLICY });

  it.each([
    [[{ type: 'ExternalIP', address: '54.1.2.3' }], true],
    [[{ type: 'InternalIP', address: '54.1.2.3' }], false],
    [[{ address: '54.1.2.3' }], false],
    [[{ type: 'ExternalIP' }], false],
    [
      [
        { type: 'Hostname', address: 'n' },
        { type: 'ExternalIP', address: '10.0.0.9' },
        { type: 'ExternalIP', address: '2001:db8::5' },
      ],
      true,
    ],
    [[], false],
  ] as [unknown[], boolean][])(
    'a Node with addresses %j has a public IP: %s',
    (addresses, expected) => {
      const n = { ...node('n'), status: { addresses } };
      expect(nodeFactsOf(n, { policy: DEFAULT_POLICY }).publicIP).toEqual({
        value: expected,
        source: 'derived',
      });
    },
  );

  it.each([
    ['aws:///us-east-1a/i-abc', 'aws'],
    ['gce://project/us-central1-a/vm', 'gcp'],
    [
      'azure:///subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm',
      'azure',
    ],
    ['kind://docker/kind/kind-control-plane', 'other'],
    ['x-aws://i-abc', 'other'],
  ])('providerID %s is on %s', (providerID, cloud) => {
    expect(facts({ spec: { providerID } }).cloud).toEqual({
      value: cloud,
      source: 'derived',
    });
  });

  it('only the virtual-kubelet taint makes a node virtual', () => {
    const taints = [
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
      'not a taint',
    ];
    expect(facts({ spec: { taints } }).virtual.value).toBe(false);
  });
});
