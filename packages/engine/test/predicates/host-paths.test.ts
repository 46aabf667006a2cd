import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@chokepoint/model';
import type { Fact } from '../../src/predicates/node-facts.ts';
import {
  READ_LOCATIONS,
  SOCKET_LOCATIONS,
  UMH_LOCATIONS,
  WRITE_LOCATIONS,
  covers,
  hostPathMountsOf,
  inside,
  kubeletPodsHits,
  kubeletPodsLocation,
  normalizeHostPath,
  readHits,
  socketHits,
  touches,
  umhHits,
  varLogHits,
  writable,
  writeHits,
} from '../../src/predicates/host-paths.ts';
import type { HostPathContext } from '../../src/predicates/host-paths.ts';
import { podSpecOf } from '../../src/predicates/pod-spec.ts';
import type { GateValue } from '../../src/predicates/versions.ts';
import { pod } from './helpers.ts';

function hostPathPod(
  path: string,
  mount: Record<string, unknown> = {},
  rest: Record<string, unknown> = {},
): KubeObject {
  return pod(
    {
      containers: [
        {
          name: 'c',
          volumeMounts: [{ name: 'h', mountPath: '/host', ...mount }],
        },
      ],
      volumes: [{ name: 'h', hostPath: { path } }],
    },
    {},
    rest,
  );
}

function mountsOf(p: KubeObject) {
  const spec = podSpecOf(p);
  const container = spec.containers[0];
  if (!container) throw new Error('no container');
  return hostPathMountsOf(spec, container, p);
}

function context(
  options: {
    rroSupported?: boolean;
    rroHonoured?: GateValue;
    extraSeparateMounts?: string[];
  } = {},
): HostPathContext {
  const rro: Fact<boolean> = {
    value: options.rroSupported ?? false,
    source: 'given',
  };
  return {
    node: {
      rroSupported: rro,
      kubeletRootDir: { value: '/var/lib/kubelet', source: 'defaulted' },
      extraSeparateMounts: options.extraSeparateMounts ?? [],
      extraLocations: {},
    },
    rroHonoured: options.rroHonoured ?? true,
  };
}

describe('normalizeHostPath (catalog 2.5 norm)', () => {
  it.each([
    ['/', '/'],
    ['//etc//', '/etc'],
    ['/etc/./kubernetes/', '/etc/kubernetes'],
    ['/var/run/docker.sock', '/run/docker.sock'],
    ['/var/run', '/run'],
    ['/var/lock/x', '/run/lock/x'],
    ['/var/runner', '/var/runner'],
    ['/var//run/containerd/containerd.sock', '/run/containerd/containerd.sock'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeHostPath(input)).toBe(expected);
  });
});

describe('covers / inside / touches', () => {
  it.each([
    // P, L, covers, inside
    ['/', '/etc/passwd', true, false],
    ['/etc', '/etc/passwd', true, false],
    ['/etc/passwd', '/etc/passwd', true, false],
    ['/etc/cron.d/job', '/etc/cron.d', false, true],
    ['/etcx', '/etc', false, false],
    ['/home', '/home/*/.ssh', true, false],
    ['/home/alice', '/home/*/.ssh', true, false],
    ['/home/alice/.ssh/id_rsa', '/home/*/.ssh', false, true],
    ['/home/alice/.config', '/home/*/.ssh', false, false],
  ])('P=%s L=%s', (p, l, c, i) => {
    expect(covers(p, l)).toBe(c);
    expect(inside(p, l)).toBe(i);
    expect(touches(p, l)).toBe(c || i);
  });
});

describe('hostPathMountsOf', () => {
  it('joins subPath, ignores non-hostPath volumes and reads readOnly', () => {
    const p = pod({
      containers: [
        {
          name: 'c',
          volumeMounts: [
            {
              name: 'h',
              mountPath: '/a',
              subPath: 'containerd',
              readOnly: true,
            },
            { name: 'e', mountPath: '/b' },
            { name: 'h', mountPath: '/c', subPathExpr: '$(POD)' },
          ],
        },
      ],
      volumes: [
        { name: 'h', hostPath: { path: '/var/run/' } },
        { name: 'e', emptyDir: {} },
      ],
    });
    expect(mountsOf(p).map(m => [m.path, m.readOnly, m.subPathExpr])).toEqual([
      ['/run/containerd', true, false],
      ['/run', false, true],
    ]);
  });
});

describe('location lists', () => {
  const kinds = (path: string) => {
    const m = mountsOf(hostPathPod(path));
    return {
      umh: umhHits(m, context()).length > 0,
      write: writeHits(m, context()).length > 0,
      read: readHits(m).length > 0,
      sockets: socketHits(m).length > 0,
      pods: kubeletPodsHits(m).length > 0,
      varLog: varLogHits(m).length > 0,
    };
  };

  it.each(['/tmp', '/var/log', '/mnt/disks', '/run/myapp', '/proc/sys/kernel'])(
    '%s is on no WRITE location',
    path => {
      expect(kinds(path).write).toBe(false);
    },
  );

  it.each([
    '/',
    '/etc',
    '/var',
    '/usr/local/bin',
    '/etc/cron.d/job',
    '/var/lib/kubelet',
  ])('%s is on a WRITE location', path => {
    expect(kinds(path).write).toBe(true);
  });

  it('/ covers every list', () => {
    const m = mountsOf(hostPathPod('/'));
    expect(umhHits(m, context()).map(h => h.location)).toEqual(UMH_LOCATIONS);
    expect(writeHits(m, context()).map(h => h.location)).toEqual(
      WRITE_LOCATIONS,
    );
    expect(readHits(m).map(h => h.location)).toEqual(READ_LOCATIONS);
    expect(socketHits(m).map(h => h.location)).toEqual(SOCKET_LOCATIONS);
    expect(kinds('/')).toEqual({
      umh: true,
      write: true,
      read: true,
      sockets: true,
      pods: true,
      varLog: true,
    });
  });

  it('UMH: /proc, /proc/sys, /proc/sys/kernel and /sys qualify; uevent_helper is medium', () => {
    for (const path of ['/proc', '/proc/sys', '/proc/sys/kernel']) {
      const hits = umhHits(mountsOf(hostPathPod(path)), context());
      expect(hits.map(h => [h.location, h.confidence])).toEqual([
        ['/proc/sys/kernel/core_pattern', 'high'],
        ['/proc/sys/kernel/modprobe', 'high'],
      ]);
    }
    expect(
      umhHits(mountsOf(hostPathPod('/sys')), context()).map(h => [
        h.location,
        h.confidence,
      ]),
    ).toEqual([['/sys/kernel/uevent_helper', 'medium']]);
    expect(
      umhHits(
        mountsOf(hostPathPod('/proc/sys/kernel/core_pattern')),
        context(),
      ),
    ).toHaveLength(1);
    expect(
      umhHits(mountsOf(hostPathPod('/proc/sys/net')), context()),
    ).toHaveLength(0);
  });

  it('the docker socket path normalises and is covered, read-only or not', () => {
    const m = mountsOf(hostPathPod('/var/run/docker.sock', { readOnly: true }));
    expect(m[0]?.path).toBe('/run/docker.sock');
    expect(socketHits(m).map(h => h.location)).toEqual(['/run/docker.sock']);
  });

  it('READ is touched read-only: /root/.ssh and a file below /etc/kubernetes', () => {
    expect(
      readHits(mountsOf(hostPathPod('/root/.ssh', { readOnly: true }))).map(
        h => h.location,
      ),
    ).toEqual(['/root/.ssh']);
    expect(
      readHits(
        mountsOf(hostPathPod('/etc/kubernetes/admin.conf', { readOnly: true })),
      ),
    ).toHaveLength(1);
    expect(
      readHits(mountsOf(hostPathPod('/home/bob/.ssh', { readOnly: true }))),
    ).toHaveLength(1);
  });

  it('KUBELET_PODS uses the kubelet root dir', () => {
    expect(kubeletPodsLocation('/var/lib/k0s/kubelet/')).toBe(
      '/var/lib/k0s/kubelet/pods',
    );
    const m = mountsOf(hostPathPod('/var/lib/k0s/kubelet', { readOnly: true }));
    expect(kubeletPodsHits(m)).toHaveLength(0);
    expect(kubeletPodsHits(m, '/var/lib/k0s/kubelet')).toHaveLength(1);
  });

  it('/var/log counts only when not read-only', () => {
    expect(varLogHits(mountsOf(hostPathPod('/var/log')))).toHaveLength(1);
    expect(
      varLogHits(mountsOf(hostPathPod('/var/log', { readOnly: true }))),
    ).toHaveLength(0);
    expect(varLogHits(mountsOf(hostPathPod('/var/log/pods')))).toHaveLength(0);
  });

  it('subPathExpr caps every hit at medium', () => {
    const m = mountsOf(hostPathPod('/', { subPathExpr: '$(X)' }));
    expect(new Set(writeHits(m, context()).map(h => h.confidence))).toEqual(
      new Set(['medium']),
    );
  });
});

describe('Writable(m, L): read-only without recursive read-only', () => {
  it('a read-only / keeps core_pattern writable through the /proc submount, at medium', () => {
    const m = mountsOf(hostPathPod('/', { readOnly: true }));
    expect(umhHits(m, context()).map(h => [h.location, h.confidence])).toEqual([
      ['/proc/sys/kernel/core_pattern', 'medium'],
      ['/proc/sys/kernel/modprobe', 'medium'],
      ['/sys/kernel/uevent_helper', 'medium'],
    ]);
    // No WRITE location lies on /proc, /sys, /dev or /run.
    expect(writeHits(m, context())).toHaveLength(0);
  });

  it('a read-only /proc is the top mount itself: not writable', () => {
    expect(
      umhHits(mountsOf(hostPathPod('/proc', { readOnly: true })), context()),
    ).toHaveLength(0);
  });

  it('policy separate mounts extend the list', () => {
    const m = mountsOf(hostPathPod('/', { readOnly: true }));
    expect(
      writeHits(m, context({ extraSeparateMounts: ['/etc/kubernetes'] })).map(
        h => h.location,
      ),
    ).toEqual(['/etc/kubernetes']);
  });

  it.each([
    // recursiveReadOnly, rroSupported, server honours, writable via /proc
    ['Enabled', false, true, false],
    ['Enabled', false, false, true],
    ['IfPossible', true, true, false],
    ['IfPossible', false, true, true],
    ['IfPossible', true, false, true],
    ['Disabled', true, true, true],
    ['Enabled', false, 'unknown', true],
  ] as const)(
    'recursiveReadOnly %s, supported %s, honoured %s -> writable %s',
    (rro, supported, honoured, expected) => {
      const m = mountsOf(
        hostPathPod('/', { readOnly: true, recursiveReadOnly: rro }),
      )[0];
      if (!m) throw new Error('no mount');
      const ctx = context({ rroSupported: supported, rroHonoured: honoured });
      expect(writable(m, '/proc/sys/kernel/core_pattern', ctx).writable).toBe(
        expected,
      );
    },
  );

  it('live container status decides recursive read-only', () => {
    const status = (value: string) => ({
      status: {
        containerStatuses: [
          {
            name: 'c',
            volumeMounts: [
              { name: 'h', mountPath: '/host', recursiveReadOnly: value },
            ],
          },
        ],
      },
    });
    const enabled = mountsOf(
      hostPathPod(
        '/',
        { readOnly: true, recursiveReadOnly: 'IfPossible' },
        status('Enabled'),
      ),
    )[0];
    const disabled = mountsOf(
      hostPathPod(
        '/',
        { readOnly: true, recursiveReadOnly: 'IfPossible' },
        status('Disabled'),
      ),
    )[0];
    if (!enabled || !disabled) throw new Error('no mount');
    const ctx = context({ rroSupported: true, rroHonoured: true });
    expect(
      writable(enabled, '/proc/sys/kernel/core_pattern', ctx).writable,
    ).toBe(false);
    expect(
      writable(disabled, '/proc/sys/kernel/core_pattern', ctx).writable,
    ).toBe(true);
  });
});
