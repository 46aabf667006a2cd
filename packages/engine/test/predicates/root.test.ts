import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/policy.ts';
import { effectiveSecurity } from '../../src/predicates/effective-security.ts';
import type { Fact } from '../../src/predicates/node-facts.ts';
import { podSpecOf } from '../../src/predicates/pod-spec.ts';
import { gidsOf, imageUser, rootOf } from '../../src/predicates/root.ts';
import type { KubeObject } from '@chokepoint/model';
import { podWith } from './helpers.ts';

const linux = { value: 'linux', source: 'defaulted' } as const;
const userns = (
  value: boolean,
  source: Fact<boolean>['source'] = 'derived',
) => ({ value, source });

function root(
  p: KubeObject,
  options: {
    userNamespaces?: Fact<boolean>;
    imageUsers?: Record<string, number>;
    assumeSetuidRoot?: boolean;
  } = {},
) {
  const spec = podSpecOf(p);
  const container = spec.containers[0];
  if (!container) throw new Error('no container');
  return rootOf({
    pod: spec,
    container,
    node: {
      os: linux,
      userNamespaces: options.userNamespaces ?? userns(false, 'defaulted'),
    },
    policy: {
      imageUsers: options.imageUsers ?? {},
      assumeSetuidRoot: options.assumeSetuidRoot ?? false,
    },
  });
}

describe('effectiveSecurity (catalog 2.1)', () => {
  it('lets the container override the pod, and keeps per-level fields apart', () => {
    const p = podWith(
      {
        runAsUser: 1000,
        privileged: true,
        seccompProfile: { type: 'Unconfined' },
      },
      {
        securityContext: {
          runAsUser: 0,
          runAsGroup: 5,
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
          supplementalGroups: [7, 'x', 8],
          fsGroup: 9,
          sysctls: [{ name: 'kernel.msgmax', value: '1' }],
        },
      },
    );
    const spec = podSpecOf(p);
    const container = spec.containers[0];
    if (!container) throw new Error('no container');
    const s = effectiveSecurity(spec, container);
    expect(s.runAsUser).toBe(1000);
    expect(s.runAsGroup).toBe(5);
    expect(s.runAsNonRoot).toBe(true);
    expect(s.seccompProfile?.type).toBe('Unconfined');
    expect(s.privileged).toBe(true);
    expect(s.supplementalGroups).toEqual([7, 8]);
    expect(gidsOf(s)).toEqual([5, 7, 8, 9]);
    expect(s.sysctls.map(x => x.name)).toEqual(['kernel.msgmax']);
  });

  it('ignores privileged set at pod level (it exists only per container)', () => {
    const spec = podSpecOf(
      podWith(undefined, { securityContext: { privileged: true } }),
    );
    const container = spec.containers[0];
    if (!container) throw new Error('no container');
    expect(effectiveSecurity(spec, container).privileged).toBe(false);
  });
});

describe('rootOf (catalog 2.2)', () => {
  it.each([
    ['no securityContext: image user assumed root', undefined, {}, true],
    ['runAsUser 0', { runAsUser: 0 }, {}, true],
    ['runAsUser 1000', { runAsUser: 1000 }, {}, false],
    ['runAsNonRoot true without uid', { runAsNonRoot: true }, {}, false],
    ['runAsNonRoot false', { runAsNonRoot: false }, {}, true],
    [
      'privileged but runAsUser 1000',
      { privileged: true, runAsUser: 1000 },
      {},
      false,
    ],
    [
      'pod-level runAsUser 1000',
      undefined,
      { securityContext: { runAsUser: 1000 } },
      false,
    ],
    [
      'container uid 0 over pod uid 1000',
      { runAsUser: 0 },
      { securityContext: { runAsUser: 1000 } },
      true,
    ],
  ])('%s', (_name, sc, extra, expected) => {
    const r = root(podWith(sc, extra));
    expect(r.root).toBe(expected);
    expect(r.neverStarts).toBe(false);
    expect(r.confidence).toBe('high');
  });

  it('reports uid 0 with runAsNonRoot true as never starting, not as root', () => {
    const r = root(podWith({ runAsUser: 0, runAsNonRoot: true }));
    expect(r).toMatchObject({ root: false, neverStarts: true, uid: 0 });
  });

  it('rule 1: hostUsers false with user namespaces enabled is not root', () => {
    const p = podWith(undefined, { hostUsers: false });
    expect(root(p, { userNamespaces: userns(true) }).root).toBe(false);
    // Known off: the field is ignored.
    expect(root(p, { userNamespaces: userns(false, 'given') })).toMatchObject({
      root: true,
      confidence: 'high',
    });
    // Unknown support: still root, but medium.
    expect(
      root(p, { userNamespaces: userns(false, 'defaulted') }),
    ).toMatchObject({ root: true, confidence: 'medium' });
    // hostUsers true or unset: user namespaces do not matter.
    expect(
      root(podWith(undefined), { userNamespaces: userns(true) }).root,
    ).toBe(true);
  });

  it('uses imageUsers when runAsUser is unset', () => {
    const images = { ubuntu: 1000, 'registry:5000/app': 0 };
    expect(root(podWith(undefined), { imageUsers: images }).root).toBe(false);
    expect(
      root(podWith(undefined, {}, { image: 'ubuntu:22.04' }), {
        imageUsers: images,
      }).root,
    ).toBe(false);
    expect(
      root(podWith(undefined, {}, { image: 'registry:5000/app@sha256:abc' }), {
        imageUsers: images,
      }).root,
    ).toBe(true);
    expect(
      root(
        podWith({ runAsNonRoot: true }, {}, { image: 'registry:5000/app' }),
        { imageUsers: images },
      ),
    ).toMatchObject({
      root: false,
      neverStarts: true,
    });
    // runAsUser wins over imageUsers.
    expect(root(podWith({ runAsUser: 0 }), { imageUsers: images }).root).toBe(
      true,
    );
  });

  it('imageUser matches exact references first, then without tag or digest', () => {
    expect(imageUser('nginx:1.27', { 'nginx:1.27': 5, nginx: 6 })).toBe(5);
    expect(imageUser('nginx:1.27', { nginx: 6 })).toBe(6);
    expect(imageUser('host:5000/nginx', { host: 1 })).toBeUndefined();
    expect(imageUser(undefined, { nginx: 6 })).toBeUndefined();
  });

  it('rule 3: assumeSetuidRoot treats non-root with escalation allowed as root, low', () => {
    expect(
      root(podWith({ runAsUser: 1000 }), { assumeSetuidRoot: true }),
    ).toMatchObject({ root: true, confidence: 'low' });
    expect(
      root(podWith({ runAsUser: 1000, allowPrivilegeEscalation: false }), {
        assumeSetuidRoot: true,
      }).root,
    ).toBe(false);
    expect(
      root(podWith({ runAsUser: 0, runAsNonRoot: true }), {
        assumeSetuidRoot: true,
      }).root,
    ).toBe(false);
  });

  it('Windows containers are never root', () => {
    expect(root(podWith(undefined, { os: { name: 'windows' } })).root).toBe(
      false,
    );
    const spec = podSpecOf(podWith(undefined));
    const container = spec.containers[0];
    if (!container) throw new Error('no container');
    expect(
      rootOf({
        pod: spec,
        container,
        node: {
          os: { value: 'windows', source: 'derived' },
          userNamespaces: userns(false),
        },
        policy: DEFAULT_POLICY,
      }).root,
    ).toBe(false);
  });
});

describe('why a container is or is not root (the reason a report shows)', () => {
  it.each<[string, KubeObject, Parameters<typeof root>[1], string]>([
    [
      'no user anywhere',
      podWith(undefined),
      {},
      'no runAsUser and runAsNonRoot not true: image user assumed root',
    ],
    ['runAsUser 0', podWith({ runAsUser: 0 }), {}, 'runAsUser 0'],
    ['runAsUser 1000', podWith({ runAsUser: 1000 }), {}, 'runAsUser 1000'],
    [
      'the image user',
      podWith(undefined),
      { imageUsers: { ubuntu: 1000 } },
      'imageUsers 1000',
    ],
    [
      'the image user 0',
      podWith(undefined),
      { imageUsers: { ubuntu: 0 } },
      'imageUsers 0',
    ],
    [
      'runAsNonRoot alone',
      podWith({ runAsNonRoot: true }),
      {},
      'runAsNonRoot: true',
    ],
    [
      'runAsUser 0 with runAsNonRoot',
      podWith({ runAsUser: 0, runAsNonRoot: true }),
      {},
      'runAsUser 0 with runAsNonRoot: true: never starts',
    ],
    [
      'image user 0 with runAsNonRoot',
      podWith({ runAsNonRoot: true }),
      { imageUsers: { ubuntu: 0 } },
      'imageUsers 0 with runAsNonRoot: true: never starts',
    ],
    [
      'hostUsers false, user namespaces on',
      podWith(undefined, { hostUsers: false }),
      { userNamespaces: userns(true) },
      'hostUsers: false with user namespaces enabled',
    ],
    [
      'hostUsers false, support unknown',
      podWith({ runAsUser: 0 }, { hostUsers: false }),
      { userNamespaces: userns(false, 'defaulted') },
      'runAsUser 0; hostUsers: false ignored (user namespace support unknown)',
    ],
    [
      'hostUsers false, support unknown, no user',
      podWith(undefined, { hostUsers: false }),
      { userNamespaces: userns(false, 'defaulted') },
      'no runAsUser and runAsNonRoot not true: image user assumed root; hostUsers: false ignored (user namespace support unknown)',
    ],
    [
      'setuid root assumed',
      podWith({ runAsUser: 1000 }),
      { assumeSetuidRoot: true },
      'assumeSetuidRoot: non-root with privilege escalation allowed',
    ],
    [
      'Windows',
      podWith(undefined, { os: { name: 'windows' } }),
      {},
      'Windows container',
    ],
  ])('%s', (_name, p, options, reason) => {
    expect(root(p, options).reason).toBe(reason);
  });

  it('names a uid only when one is known', () => {
    expect(Object.hasOwn(root(podWith(undefined)), 'uid')).toBe(false);
    expect(Object.hasOwn(root(podWith({ runAsNonRoot: true })), 'uid')).toBe(
      false,
    );
    expect(root(podWith({ runAsUser: 7 })).uid).toBe(7);
  });

  it('an image reference with a digest, with or without a tag, matches its repository', () => {
    const users = { nginx: 6, 'host:5000/app': 7 };
    expect(imageUser('nginx@sha256:abc', users)).toBe(6);
    expect(imageUser('nginx:1.27@sha256:abc', users)).toBe(6);
    expect(imageUser('host:5000/app@sha256:abc', users)).toBe(7);
    expect(imageUser('host:5000/app:v1', users)).toBe(7);
    expect(imageUser('host:5000/other', users)).toBeUndefined();
  });

  it('GIDs hold only the groups that are set', () => {
    const spec = podSpecOf(podWith({ runAsUser: 1 }));
    const container = spec.containers[0];
    if (!container) throw new Error('no container');
    expect(gidsOf(effectiveSecurity(spec, container))).toEqual([]);
  });
});
