import { describe, expect, it } from 'vitest';
import type { ContainerRuntime } from '../../src/policy.ts';
import {
  ALL_CAPABILITIES,
  DEFAULT_CAPABILITIES,
  capabilityConfidence,
  defaultCapabilitiesFor,
  effectiveCapabilities,
  normalizeCapability,
} from '../../src/predicates/capabilities.ts';
import { runtimeFromVersion } from '../../src/predicates/node-facts.ts';
import { policyOf } from './helpers.ts';

function caps(
  runtime: ContainerRuntime,
  add: string[] = [],
  drop: string[] = [],
  root = true,
  privileged = false,
) {
  return effectiveCapabilities({
    root,
    runtime,
    security: { privileged, capabilities: { add, drop } },
  });
}

const sorted = (s: ReadonlySet<string>) => [...s].sort();

describe('runtime detection (catalog 2.3)', () => {
  it.each([
    ['containerd://1.7.22', 'containerd'],
    ['cri-o://1.30.4', 'cri-o'],
    ['docker://24.0.7', 'docker'],
    ['remote://1.0', 'unknown'],
    [undefined, 'unknown'],
  ])('%s -> %s', (version, runtime) => {
    expect(runtimeFromVersion(version)).toBe(runtime);
  });
});

describe('normalizeCapability: the CAP_ trap', () => {
  it.each([
    // runtime, entry, capability (undefined: ignored)
    ['containerd', 'SYS_ADMIN', 'SYS_ADMIN'],
    ['containerd', 'sys_admin', 'SYS_ADMIN'],
    ['containerd', 'CAP_SYS_ADMIN', undefined],
    ['containerd', 'cap_sys_admin', undefined],
    ['cri-o', 'CAP_SYS_ADMIN', 'SYS_ADMIN'],
    ['cri-o', 'cap_sys_admin', undefined],
    ['cri-o', 'Cap_SYS_ADMIN', undefined],
    ['cri-o', 'sys_admin', 'SYS_ADMIN'],
    ['docker', 'CAP_SYS_ADMIN', 'SYS_ADMIN'],
    ['docker', 'cap_sys_admin', 'SYS_ADMIN'],
    ['unknown', 'CAP_SYS_ADMIN', 'SYS_ADMIN'],
    ['containerd', 'NOT_A_CAP', undefined],
  ] as const)('%s %s -> %s', (runtime, entry, expected) => {
    expect(normalizeCapability(entry, runtime).name).toBe(expected);
  });
});

describe('effectiveCapabilities', () => {
  it('non-root containers hold nothing, privileged or not', () => {
    expect(caps('containerd', ['SYS_ADMIN'], [], false).caps.size).toBe(0);
    expect(caps('containerd', [], [], false, true).caps.size).toBe(0);
  });

  it('privileged root containers hold every capability', () => {
    const r = caps('containerd', [], ['ALL'], true, true);
    expect(sorted(r.caps)).toEqual([...ALL_CAPABILITIES].sort());
    expect(
      r.caps.has('SYS_ADMIN') &&
        r.caps.has('SYS_MODULE') &&
        r.caps.has('DAC_READ_SEARCH'),
    ).toBe(true);
  });

  it('defaults per runtime contain no escape capability', () => {
    expect(sorted(caps('containerd').caps)).toEqual(
      [...DEFAULT_CAPABILITIES.containerd].sort(),
    );
    expect(caps('containerd').caps.has('NET_RAW')).toBe(true);
    expect(caps('cri-o').caps.has('NET_RAW')).toBe(false);
    expect(sorted(caps('unknown').caps)).toEqual(
      sorted(caps('containerd').caps),
    );
    for (const runtime of [
      'containerd',
      'cri-o',
      'docker',
      'unknown',
    ] as const) {
      for (const cap of [
        'SYS_ADMIN',
        'SYS_PTRACE',
        'SYS_MODULE',
        'DAC_READ_SEARCH',
      ]) {
        expect(caps(runtime).caps.has(cap)).toBe(false);
      }
    }
  });

  it('containerd: add [CAP_SYS_ADMIN] gives nothing; drop [CAP_NET_RAW] drops nothing', () => {
    const r = caps('containerd', ['CAP_SYS_ADMIN'], ['CAP_NET_RAW']);
    expect(r.caps.has('SYS_ADMIN')).toBe(false);
    expect(r.caps.has('NET_RAW')).toBe(true);
    expect(r.ignored).toEqual([
      { list: 'add', entry: 'CAP_SYS_ADMIN' },
      { list: 'drop', entry: 'CAP_NET_RAW' },
    ]);
  });

  it('cri-o honours exact upper-case CAP_X; docker strips the prefix', () => {
    expect(caps('cri-o', ['CAP_SYS_ADMIN']).caps.has('SYS_ADMIN')).toBe(true);
    expect(caps('cri-o', ['cap_sys_admin']).caps.has('SYS_ADMIN')).toBe(false);
    expect(caps('docker', ['cap_sys_admin']).caps.has('SYS_ADMIN')).toBe(true);
    expect(caps('docker', [], ['CAP_NET_RAW']).caps.has('NET_RAW')).toBe(false);
  });

  it('unknown runtime: docker rules, low confidence for CAP_-only members', () => {
    const r = caps('unknown', ['CAP_SYS_ADMIN', 'SYS_PTRACE', 'CAP_CHOWN']);
    expect(capabilityConfidence(r, 'SYS_ADMIN')).toBe('low');
    expect(capabilityConfidence(r, 'SYS_PTRACE')).toBe('high');
    // CHOWN is a default anyway.
    expect(capabilityConfidence(r, 'CHOWN')).toBe('high');
    expect(capabilityConfidence(r, 'SYS_MODULE')).toBeUndefined();
    expect(
      capabilityConfidence(
        caps('unknown', ['CAP_SYS_ADMIN', 'SYS_ADMIN']),
        'SYS_ADMIN',
      ),
    ).toBe('high');
  });

  it('ALL handling: case-insensitive, drop ALL after add ALL, named adds after drop ALL', () => {
    expect(caps('containerd', ['all']).caps.size).toBe(ALL_CAPABILITIES.length);
    expect(caps('containerd', [], ['all']).caps.size).toBe(0);
    expect(caps('containerd', ['ALL'], ['ALL']).caps.size).toBe(0);
    expect(
      sorted(
        caps('containerd', ['NET_BIND_SERVICE', 'SYS_PTRACE'], ['ALL']).caps,
      ),
    ).toEqual(['NET_BIND_SERVICE', 'SYS_PTRACE']);
    // containerd ignores CAP_ALL (it becomes CAP_CAP_ALL).
    expect(caps('containerd', ['CAP_ALL']).caps.has('SYS_ADMIN')).toBe(false);
  });

  it('a name in both lists is dropped', () => {
    expect(
      caps('containerd', ['SYS_ADMIN'], ['SYS_ADMIN']).caps.has('SYS_ADMIN'),
    ).toBe(false);
    expect(
      caps('docker', ['SYS_ADMIN'], ['cap_sys_admin']).caps.has('SYS_ADMIN'),
    ).toBe(false);
  });

  it('runtimeDefaultCapabilities overrides DefaultCaps per node, then per runtime', () => {
    const policy = policyOf({
      runtimeDefaultCapabilities: {
        'cri-o': ['CHOWN', 'CAP_NET_RAW'],
        nodes: { old: ['SYS_CHROOT'] },
      },
    });
    expect(defaultCapabilitiesFor('cri-o', 'n1', policy)).toEqual([
      'CHOWN',
      'NET_RAW',
    ]);
    expect(defaultCapabilitiesFor('cri-o', 'old', policy)).toEqual([
      'SYS_CHROOT',
    ]);
    expect(defaultCapabilitiesFor('containerd', undefined, policy)).toEqual([
      ...DEFAULT_CAPABILITIES.containerd,
    ]);
    const r = effectiveCapabilities({
      root: true,
      runtime: 'cri-o',
      defaults: defaultCapabilitiesFor('cri-o', 'n1', policy),
      security: { privileged: false, capabilities: { add: [], drop: [] } },
    });
    expect(sorted(r.caps)).toEqual(['CHOWN', 'NET_RAW']);
  });
});

// Linux include/uapi/linux/capability.h, CAP_CHOWN (0) to CAP_LAST_CAP =
// CAP_CHECKPOINT_RESTORE (40), as this machine's /usr/include/linux/capability.h
// lists them: an added capability of any of these names is one the container holds.
const KERNEL_CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'SETPCAP',
  'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_ADMIN',
  'NET_RAW',
  'IPC_LOCK',
  'IPC_OWNER',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_CHROOT',
  'SYS_PTRACE',
  'SYS_PACCT',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_NICE',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'MKNOD',
  'LEASE',
  'AUDIT_WRITE',
  'AUDIT_CONTROL',
  'SETFCAP',
  'MAC_OVERRIDE',
  'MAC_ADMIN',
  'SYSLOG',
  'WAKE_ALARM',
  'BLOCK_SUSPEND',
  'AUDIT_READ',
  'PERFMON',
  'BPF',
  'CHECKPOINT_RESTORE',
];

describe('capability names', () => {
  it.each(KERNEL_CAPABILITIES)(
    'add [%s] is held on every runtime; an unknown name never is',
    name => {
      for (const runtime of ['containerd', 'cri-o', 'docker'] as const) {
        expect(caps(runtime, [name], ['ALL']).caps, runtime).toEqual(
          new Set([name]),
        );
        expect(normalizeCapability(name, runtime).name).toBe(name);
      }
      expect(normalizeCapability(`${name}X`, 'docker').name).toBeUndefined();
    },
  );

  it('the table is the kernel list, no more', () => {
    expect([...ALL_CAPABILITIES].sort()).toEqual(
      [...KERNEL_CAPABILITIES].sort(),
    );
  });

  it("CRI-O's default set is its default_capabilities (crio.conf(5), since 1.25)", () => {
    expect([...DEFAULT_CAPABILITIES['cri-o']].sort()).toEqual(
      [
        'CHOWN',
        'DAC_OVERRIDE',
        'FOWNER',
        'FSETID',
        'KILL',
        'NET_BIND_SERVICE',
        'SETGID',
        'SETPCAP',
        'SETUID',
      ].sort(),
    );
    expect(sorted(caps('cri-o').caps)).toEqual(
      [...DEFAULT_CAPABILITIES['cri-o']].sort(),
    );
  });

  it('policy lists drop names no kernel has; a node named like an Object property gets the runtime default', () => {
    const policy = policyOf({
      runtimeDefaultCapabilities: {
        containerd: ['cap_chown', 'Not_A_Cap', 'sys_time'],
        nodes: { n1: ['NET_ADMIN', 'CAP_BOGUS'] },
      },
    });
    expect(defaultCapabilitiesFor('containerd', undefined, policy)).toEqual([
      'CHOWN',
      'SYS_TIME',
    ]);
    expect(defaultCapabilitiesFor('containerd', 'n1', policy)).toEqual([
      'NET_ADMIN',
    ]);
    // "constructor" is a valid node name (a DNS subdomain).
    expect(defaultCapabilitiesFor('containerd', 'constructor', policy)).toEqual(
      ['CHOWN', 'SYS_TIME'],
    );
  });

  it('a non-root container ignores no entry: it holds nothing to begin with', () => {
    const r = caps('containerd', ['CAP_SYS_ADMIN'], [], false);
    expect(r.ignored).toEqual([]);
    expect(r.reason).toBe('not root');
  });
});
