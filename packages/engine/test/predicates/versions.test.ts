import { describe, expect, it } from 'vitest';
import {
  gateEnabled,
  getAloneAllowsExec,
  gitRepoVolumesEnabled,
  mutatingAdmissionPolicyEnabled,
  parseKubernetesVersion,
  recursiveReadOnlyHonoured,
  sidecarsEnabled,
  userNamespacesOnByDefault,
} from '../../src/predicates/versions.ts';

describe('parseKubernetesVersion', () => {
  it.each([
    ['v1.31.4', { major: 1, minor: 31 }],
    ['v1.30.2-eks-abc', { major: 1, minor: 30 }],
    ['1.29', { major: 1, minor: 29 }],
    ['v1.28.3+k3s1', { major: 1, minor: 28 }],
    ['v1.27.8-gke.1067004', { major: 1, minor: 27 }],
    ['latest', undefined],
    ['v1', undefined],
    [undefined, undefined],
  ])('%s', (text, expected) => {
    expect(parseKubernetesVersion(text)).toEqual(expected);
  });
});

describe('section 8 gates', () => {
  it.each([
    ['v1.28.0', true],
    ['v1.34.9', true],
    ['v1.35.0', false],
    ['v1.36.0', false],
    [undefined, 'unknown'],
  ] as const)('get alone allows exec on %s: %s', (version, expected) => {
    expect(getAloneAllowsExec(version)).toBe(expected);
  });

  it('feature gate overrides win', () => {
    expect(
      getAloneAllowsExec('v1.35.0', {
        AuthorizePodWebsocketUpgradeCreatePermission: false,
      }),
    ).toBe(true);
    expect(
      getAloneAllowsExec(undefined, {
        AuthorizePodWebsocketUpgradeCreatePermission: false,
      }),
    ).toBe(true);
    // A gate that does not exist yet cannot be turned on.
    expect(
      getAloneAllowsExec('v1.34.0', {
        AuthorizePodWebsocketUpgradeCreatePermission: true,
      }),
    ).toBe(true);
    expect(
      userNamespacesOnByDefault('v1.30.0', { UserNamespacesSupport: true }),
    ).toBe(true);
    expect(
      recursiveReadOnlyHonoured('v1.31.0', { RecursiveReadOnlyMounts: false }),
    ).toBe(false);
  });

  it.each([
    ['v1.28.0', false, false, false, true],
    ['v1.29.0', false, true, false, true],
    ['v1.31.0', false, true, true, true],
    ['v1.33.0', true, true, true, false],
    [undefined, 'unknown', 'unknown', 'unknown', 'unknown'],
  ] as const)(
    '%s: userns %s, sidecars %s, rro %s, gitRepo %s',
    (version, userns, sidecars, rro, gitRepo) => {
      expect(userNamespacesOnByDefault(version)).toBe(userns);
      expect(sidecarsEnabled(version)).toBe(sidecars);
      expect(recursiveReadOnlyHonoured(version)).toBe(rro);
      expect(gitRepoVolumesEnabled(version)).toBe(gitRepo);
    },
  );

  it('MutatingAdmissionPolicy is off by default in every version', () => {
    for (const version of ['v1.28.0', 'v1.32.0', 'v1.35.0', undefined]) {
      expect(mutatingAdmissionPolicyEnabled(version)).toBe(false);
    }
    expect(
      mutatingAdmissionPolicyEnabled('v1.34.0', {
        MutatingAdmissionPolicy: true,
      }),
    ).toBe(true);
    expect(
      mutatingAdmissionPolicyEnabled('v1.29.0', {
        MutatingAdmissionPolicy: true,
      }),
    ).toBe(false);
    expect(gateEnabled('ValidatingAdmissionPolicy', 'v1.29.0')).toBe(false);
    expect(gateEnabled('ValidatingAdmissionPolicy', 'v1.30.0')).toBe(true);
  });
});
