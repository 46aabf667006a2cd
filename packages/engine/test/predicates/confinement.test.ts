import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@chokepoint/model';
import {
  appArmorProfileOf,
  appArmorUnconfined,
  macUnconfined,
  seccompProfileOf,
  seccompUnconfined,
  selinuxConfined,
} from '../../src/predicates/confinement.ts';
import { effectiveSecurity } from '../../src/predicates/effective-security.ts';
import type { Fact } from '../../src/predicates/node-facts.ts';
import { podSpecOf } from '../../src/predicates/pod-spec.ts';
import { pod, podWith } from './helpers.ts';

const fact = <T>(value: T, source: Fact<T>['source'] = 'derived'): Fact<T> => ({
  value,
  source,
});
const unknownAppArmor = fact(false, 'defaulted');

function view(p: KubeObject) {
  const spec = podSpecOf(p);
  const container = spec.containers[0];
  if (!container) throw new Error('no container');
  return { spec, container, security: effectiveSecurity(spec, container) };
}

function apparmor(p: KubeObject, nodeAppArmor: Fact<boolean>) {
  const { spec, container, security } = view(p);
  return appArmorUnconfined({
    profile: appArmorProfileOf(spec, container, p),
    privileged: security.privileged,
    nodeAppArmor,
  });
}

describe('AppArmor profile resolution (catalog 2.4)', () => {
  it('takes the container field, then the annotation, then the pod field', () => {
    const annotated = (value: string) => ({
      annotations: {
        'container.apparmor.security.beta.kubernetes.io/c': value,
      },
    });
    const withPod = (
      sc: Record<string, unknown> | undefined,
      meta: Record<string, unknown>,
    ) =>
      pod(
        {
          securityContext: { appArmorProfile: { type: 'RuntimeDefault' } },
          containers: [{ name: 'c', ...(sc ? { securityContext: sc } : {}) }],
        },
        meta,
      );
    const of = (p: KubeObject) => {
      const { spec, container } = view(p);
      return appArmorProfileOf(spec, container, p);
    };
    expect(
      of(
        withPod(
          { appArmorProfile: { type: 'Unconfined' } },
          annotated('runtime/default'),
        ),
      ),
    ).toEqual({
      type: 'Unconfined',
      source: 'container field',
    });
    expect(of(withPod(undefined, annotated('unconfined')))).toEqual({
      type: 'Unconfined',
      source: 'annotation',
    });
    expect(of(withPod(undefined, annotated('localhost/my')))).toEqual({
      type: 'Localhost',
      source: 'annotation',
    });
    expect(of(withPod(undefined, {}))).toEqual({
      type: 'RuntimeDefault',
      source: 'pod field',
    });
    expect(of(podWith(undefined))).toEqual({
      type: undefined,
      source: 'unset',
    });
  });
});

describe('AppArmorUnconfined', () => {
  it.each([
    ['unset on an AppArmor node', undefined, fact(true), false, 'high'],
    ['unset on a node without AppArmor', undefined, fact(false), true, 'high'],
    [
      'unset, node AppArmor unknown: at most medium',
      undefined,
      unknownAppArmor,
      true,
      'medium',
    ],
    [
      'Unconfined profile: holds everywhere',
      { appArmorProfile: { type: 'Unconfined' } },
      fact(true),
      true,
      'high',
    ],
    [
      'Unconfined profile, node unknown: still high',
      { appArmorProfile: { type: 'Unconfined' } },
      unknownAppArmor,
      true,
      'high',
    ],
    ['privileged', { privileged: true }, fact(true), true, 'high'],
    [
      'privileged with RuntimeDefault',
      { privileged: true, appArmorProfile: { type: 'RuntimeDefault' } },
      fact(true),
      true,
      'high',
    ],
    [
      'privileged with Localhost',
      { privileged: true, appArmorProfile: { type: 'Localhost' } },
      fact(true),
      false,
      'high',
    ],
  ] as const)('%s', (_name, sc, node, holds, cap) => {
    const r = apparmor(podWith(sc), node);
    expect(r.holds).toBe(holds);
    expect(r.confidenceCap).toBe(cap);
  });
});

describe('SELinuxConfined and MacUnconfined', () => {
  it.each([
    ['not enforcing', undefined, false, false],
    ['enforcing, container_t', undefined, true, true],
    ['enforcing, privileged (spc_t)', { privileged: true }, true, false],
    [
      'enforcing, spc_t requested',
      { seLinuxOptions: { type: 'spc_t' } },
      true,
      false,
    ],
    [
      'enforcing, unconfined_t requested',
      { seLinuxOptions: { type: 'unconfined_t' } },
      true,
      false,
    ],
    [
      'enforcing, custom type',
      { seLinuxOptions: { type: 'my_t' } },
      true,
      true,
    ],
  ] as const)('%s', (_name, sc, enforcing, confined) => {
    const { security } = view(podWith(sc));
    expect(
      selinuxConfined({ security, nodeSelinuxEnforcing: fact(enforcing) }),
    ).toBe(confined);
  });

  it('MacUnconfined needs AppArmor unconfined and no SELinux confinement', () => {
    const p = podWith({ appArmorProfile: { type: 'Unconfined' } });
    const { spec, container, security } = view(p);
    const node = (selinux: boolean) => ({
      appArmor: fact(true),
      selinuxEnforcing: fact(selinux),
      seccompDefault: fact(false),
    });
    expect(
      macUnconfined({
        pod: spec,
        container,
        podObject: p,
        security,
        node: node(false),
      }).holds,
    ).toBe(true);
    expect(
      macUnconfined({
        pod: spec,
        container,
        podObject: p,
        security,
        node: node(true),
      }).holds,
    ).toBe(false);
    const plain = view(podWith(undefined));
    expect(
      macUnconfined({
        pod: plain.spec,
        container: plain.container,
        security: plain.security,
        node: node(false),
      }).holds,
    ).toBe(false);
  });
});

describe('SeccompUnconfined', () => {
  it.each([
    ['unset, seccompDefault false', undefined, undefined, false, true],
    ['unset, seccompDefault true', undefined, undefined, true, false],
    [
      'RuntimeDefault',
      { seccompProfile: { type: 'RuntimeDefault' } },
      undefined,
      false,
      false,
    ],
    [
      'Unconfined',
      { seccompProfile: { type: 'Unconfined' } },
      undefined,
      true,
      true,
    ],
    [
      'pod RuntimeDefault',
      undefined,
      { seccompProfile: { type: 'RuntimeDefault' } },
      false,
      false,
    ],
    [
      'container Unconfined over pod RuntimeDefault',
      { seccompProfile: { type: 'Unconfined' } },
      { seccompProfile: { type: 'RuntimeDefault' } },
      true,
      true,
    ],
    [
      'privileged with RuntimeDefault',
      { privileged: true, seccompProfile: { type: 'RuntimeDefault' } },
      undefined,
      true,
      true,
    ],
  ] as const)('%s', (_name, sc, podSc, seccompDefault, expected) => {
    const { spec, container, security } = view(
      podWith(sc, podSc ? { securityContext: podSc } : {}),
    );
    expect(
      seccompUnconfined({
        profile: seccompProfileOf(spec, container),
        privileged: security.privileged,
        nodeSeccompDefault: fact(seccompDefault),
      }),
    ).toBe(expected);
  });
});
