import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@chokepoint/model';
import { DEFAULT_POLICY } from '../../src/policy.ts';
import { podSpecOf } from '../../src/predicates/pod-spec.ts';
import {
  admissionMayBlock,
  admitsPrivileged,
  checkPodSecurity,
  enforceLevel,
  parsePsaVersion,
  safeSysctls,
} from '../../src/predicates/pod-security.ts';
import { pod, podWith, policyOf } from './helpers.ts';

const ns = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});

describe('EnforceLevel (catalog 2.7)', () => {
  it.each([
    [{}, 'privileged', 'default'],
    [{ 'pod-security.kubernetes.io/enforce': 'baseline' }, 'baseline', 'label'],
    [
      { 'pod-security.kubernetes.io/enforce': 'restricted' },
      'restricted',
      'label',
    ],
    [
      { 'pod-security.kubernetes.io/enforce': 'Baseline' },
      'restricted',
      'invalid label',
    ],
    [
      { 'pod-security.kubernetes.io/enforce': '' },
      'restricted',
      'invalid label',
    ],
  ])('labels %j -> %s', (labels, level, source) => {
    expect(enforceLevel(ns('a', labels), 'a', DEFAULT_POLICY)).toMatchObject({
      level,
      source,
    });
  });

  it('exemptions, defaults and disabled Pod Security come from the policy', () => {
    const policy = policyOf({
      podSecurity: {
        defaults: { enforce: 'baseline' },
        exemptions: { namespaces: ['kube-system'] },
      },
    });
    expect(enforceLevel(ns('a'), 'a', policy).level).toBe('baseline');
    expect(enforceLevel(undefined, 'a', policy).level).toBe('baseline');
    expect(
      enforceLevel(
        ns('kube-system', {
          'pod-security.kubernetes.io/enforce': 'restricted',
        }),
        'kube-system',
        policy,
      ),
    ).toMatchObject({ level: 'privileged', source: 'exemption' });
    const off = policyOf({ podSecurity: { enabled: false } });
    expect(
      enforceLevel(
        ns('a', { 'pod-security.kubernetes.io/enforce': 'restricted' }),
        'a',
        off,
      ).level,
    ).toBe('privileged');
  });

  it('parses the enforce-version label; invalid means latest', () => {
    expect(parsePsaVersion('v1.29')).toEqual({ latest: false, minor: 29 });
    expect(parsePsaVersion('latest')).toEqual({ latest: true, minor: 35 });
    expect(parsePsaVersion('1.29')).toBeUndefined();
    const level = (v: string) =>
      enforceLevel(
        ns('a', {
          'pod-security.kubernetes.io/enforce': 'baseline',
          'pod-security.kubernetes.io/enforce-version': v,
        }),
        'a',
        DEFAULT_POLICY,
      );
    expect(level('v1.28').version.minor).toBe(28);
    expect(level('bogus')).toMatchObject({
      version: { latest: true },
      versionSource: 'invalid label',
    });
    expect(
      enforceLevel(
        ns('a'),
        'a',
        policyOf({ podSecurity: { defaults: { enforceVersion: 'v1.30' } } }),
      ).version.minor,
    ).toBe(30);
  });
});

describe('AdmitsPrivileged', () => {
  const restricted = ns('r', {
    'pod-security.kubernetes.io/enforce': 'restricted',
  });
  const policy = policyOf({
    podSecurity: {
      exemptions: {
        usernames: ['system:serviceaccount:kube-system:replicaset-controller'],
        runtimeClasses: ['kata'],
      },
    },
  });
  const runtimeClass: KubeObject = {
    apiVersion: 'node.k8s.io/v1',
    kind: 'RuntimeClass',
    metadata: { name: 'kata' },
  };

  it.each([
    ['privileged namespace', ns('p'), undefined, [], true],
    ['restricted namespace', restricted, 'alice', [], false],
    [
      'exempt creator',
      restricted,
      'system:serviceaccount:kube-system:replicaset-controller',
      [],
      true,
    ],
    ['exempt RuntimeClass present', restricted, 'alice', [runtimeClass], true],
  ] as const)('%s', (_name, namespace, creator, runtimeClasses, admits) => {
    expect(
      admitsPrivileged({
        namespace,
        namespaceName: namespace.metadata.name,
        policy,
        runtimeClasses,
        ...(creator ? { creator } : {}),
      }).admits,
    ).toBe(admits);
  });
});

describe('AdmissionMayBlock', () => {
  const podRule = {
    apiGroups: [''],
    apiVersions: ['v1'],
    operations: ['CREATE'],
    resources: ['pods'],
  };
  const webhook = (
    namespaceSelector?: unknown,
    rules = [podRule],
  ): KubeObject => ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'hook' },
    webhooks: [
      { name: 'h', rules, ...(namespaceSelector ? { namespaceSelector } : {}) },
    ],
  });

  it('webhooks covering pods CREATE in the namespace', () => {
    expect(
      admissionMayBlock(ns('a'), 'a', {
        validatingWebhookConfigurations: [webhook()],
      }),
    ).toMatchObject({
      mayBlock: true,
      by: ['ValidatingWebhookConfiguration:hook'],
    });
    const selector = {
      matchExpressions: [
        {
          key: 'kubernetes.io/metadata.name',
          operator: 'NotIn',
          values: ['a'],
        },
      ],
    };
    expect(
      admissionMayBlock(ns('a'), 'a', {
        validatingWebhookConfigurations: [webhook(selector)],
      }).mayBlock,
    ).toBe(false);
    expect(
      admissionMayBlock(ns('b'), 'b', {
        validatingWebhookConfigurations: [webhook(selector)],
      }).mayBlock,
    ).toBe(true);
    const other = [{ ...podRule, resources: ['configmaps'] }];
    expect(
      admissionMayBlock(ns('a'), 'a', {
        validatingWebhookConfigurations: [webhook(undefined, other)],
      }).mayBlock,
    ).toBe(false);
  });

  it('ValidatingAdmissionPolicy needs a Deny binding', () => {
    const vap: KubeObject = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'no-priv' },
      spec: { matchConstraints: { resourceRules: [podRule] } },
    };
    const binding = (actions: string[]): KubeObject => ({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: 'b' },
      spec: { policyName: 'no-priv', validationActions: actions },
    });
    expect(
      admissionMayBlock(ns('a'), 'a', { validatingAdmissionPolicies: [vap] })
        .mayBlock,
    ).toBe(false);
    expect(
      admissionMayBlock(ns('a'), 'a', {
        validatingAdmissionPolicies: [vap],
        validatingAdmissionPolicyBindings: [binding(['Deny'])],
      }).mayBlock,
    ).toBe(true);
    expect(
      admissionMayBlock(ns('a'), 'a', {
        validatingAdmissionPolicies: [vap],
        validatingAdmissionPolicyBindings: [binding(['Audit'])],
      }).mayBlock,
    ).toBe(false);
  });

  it('Kyverno enforcing policies and Gatekeeper constraints', () => {
    const kyverno = (action: string, namespace?: string): KubeObject => ({
      apiVersion: 'kyverno.io/v1',
      kind: namespace ? 'Policy' : 'ClusterPolicy',
      metadata: { name: 'k', ...(namespace ? { namespace } : {}) },
      spec: {
        validationFailureAction: action,
        rules: [
          {
            name: 'r',
            match: { any: [{ resources: { kinds: ['Pod'] } }] },
            validate: { pattern: {} },
          },
        ],
      },
    });
    expect(
      admissionMayBlock(ns('a'), 'a', {
        policyEngineObjects: [kyverno('Enforce')],
      }).mayBlock,
    ).toBe(true);
    expect(
      admissionMayBlock(ns('a'), 'a', {
        policyEngineObjects: [kyverno('Audit')],
      }).mayBlock,
    ).toBe(false);
    expect(
      admissionMayBlock(ns('a'), 'a', {
        policyEngineObjects: [kyverno('Enforce', 'b')],
      }).mayBlock,
    ).toBe(false);
    const constraint = (match: Record<string, unknown>): KubeObject => ({
      apiVersion: 'constraints.gatekeeper.sh/v1beta1',
      kind: 'K8sPSPPrivilegedContainer',
      metadata: { name: 'c' },
      spec: { match },
    });
    const template: KubeObject = {
      apiVersion: 'templates.gatekeeper.sh/v1',
      kind: 'ConstraintTemplate',
      metadata: { name: 't' },
    };
    expect(
      admissionMayBlock(ns('a'), 'a', { policyEngineObjects: [template] })
        .mayBlock,
    ).toBe(false);
    expect(
      admissionMayBlock(ns('a'), 'a', {
        policyEngineObjects: [
          constraint({ kinds: [{ apiGroups: [''], kinds: ['Pod'] }] }),
        ],
      }).mayBlock,
    ).toBe(true);
    expect(
      admissionMayBlock(ns('a'), 'a', {
        policyEngineObjects: [constraint({ excludedNamespaces: ['a'] })],
      }).mayBlock,
    ).toBe(false);
  });

  it('admission.blocksPrivileged decides when given', () => {
    const policy = policyOf({ admission: { blocksPrivileged: ['a'] } });
    expect(admissionMayBlock(ns('a'), 'a', {}, policy)).toMatchObject({
      mayBlock: true,
      given: true,
    });
    expect(
      admissionMayBlock(
        ns('b'),
        'b',
        { validatingWebhookConfigurations: [webhook()] },
        policy,
      ).mayBlock,
    ).toBe(false);
  });
});

describe('checkPodSecurity', () => {
  const restrictedSc = {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
  const check = (p: KubeObject, level: 'baseline' | 'restricted', minor = 35) =>
    checkPodSecurity({
      pod: podSpecOf(p),
      podObject: p,
      level,
      version: { latest: minor === 35, minor },
    });
  const checks = (
    p: KubeObject,
    level: 'baseline' | 'restricted',
    minor = 35,
  ) => [...new Set(check(p, level, minor).violations.map(v => v.check))];

  it.each([
    ['plain pod', podWith(undefined), []],
    ['privileged', podWith({ privileged: true }), ['privileged']],
    ['hostPID', podWith(undefined, { hostPID: true }), ['hostNamespaces']],
    [
      'hostPath',
      pod({
        containers: [{ name: 'c' }],
        volumes: [{ name: 'h', hostPath: { path: '/' } }],
      }),
      ['hostPathVolumes'],
    ],
    [
      'SYS_ADMIN',
      podWith({ capabilities: { add: ['SYS_ADMIN'] } }),
      ['capabilities_baseline'],
    ],
    [
      'CAP_SYS_ADMIN is compared literally',
      podWith({ capabilities: { add: ['CAP_SYS_ADMIN'] } }),
      ['capabilities_baseline'],
    ],
    [
      'CAP_CHOWN is not CHOWN',
      podWith({ capabilities: { add: ['CAP_CHOWN'] } }),
      ['capabilities_baseline'],
    ],
    [
      'NET_BIND_SERVICE is allowed',
      podWith({ capabilities: { add: ['NET_BIND_SERVICE'] } }),
      [],
    ],
    [
      'hostPort',
      podWith(
        undefined,
        {},
        { ports: [{ containerPort: 80, hostPort: 8080 }] },
      ),
      ['hostPorts'],
    ],
    [
      'AppArmor Unconfined field',
      podWith({ appArmorProfile: { type: 'Unconfined' } }),
      ['appArmorProfile'],
    ],
    [
      'AppArmor unconfined annotation',
      pod(
        { containers: [{ name: 'c' }] },
        {
          annotations: {
            'container.apparmor.security.beta.kubernetes.io/c': 'unconfined',
          },
        },
      ),
      ['appArmorProfile'],
    ],
    [
      'SELinux custom type',
      podWith({ seLinuxOptions: { type: 'spc_t' } }),
      ['seLinuxOptions'],
    ],
    [
      'SELinux container_t',
      podWith({ seLinuxOptions: { type: 'container_t', level: 's0:c1' } }),
      [],
    ],
    [
      'seccomp Unconfined',
      podWith(undefined, {
        securityContext: { seccompProfile: { type: 'Unconfined' } },
      }),
      ['seccompProfile_baseline'],
    ],
    ['procMount Unmasked', podWith({ procMount: 'Unmasked' }), ['procMount']],
    [
      'unsafe sysctl',
      podWith(undefined, {
        securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '1' }] },
      }),
      ['sysctls'],
    ],
    [
      'safe sysctl',
      podWith(undefined, {
        securityContext: {
          sysctls: [{ name: 'net.ipv4.tcp_syncookies', value: '1' }],
        },
      }),
      [],
    ],
    [
      'probe host',
      podWith(
        undefined,
        {},
        { livenessProbe: { httpGet: { host: '10.0.0.1', port: 80 } } },
      ),
      ['hostProbesAndHostLifecycle'],
    ],
    [
      'init container privileged',
      pod({
        containers: [{ name: 'c' }],
        initContainers: [{ name: 'i', securityContext: { privileged: true } }],
      }),
      ['privileged'],
    ],
  ])('baseline: %s', (_name, p, expected) => {
    expect(checks(p, 'baseline')).toEqual(expected);
  });

  it('version-dependent baseline checks', () => {
    const probe = podWith(
      undefined,
      {},
      { lifecycle: { preStop: { tcpSocket: { host: 'x', port: 1 } } } },
    );
    expect(check(probe, 'baseline', 33).satisfied).toBe(true);
    expect(check(probe, 'baseline', 34).satisfied).toBe(false);
    const keepalive = podWith(undefined, {
      securityContext: {
        sysctls: [{ name: 'net.ipv4.tcp_keepalive_time', value: '1' }],
      },
    });
    expect(check(keepalive, 'baseline', 28).satisfied).toBe(false);
    expect(check(keepalive, 'baseline', 29).satisfied).toBe(true);
    expect(safeSysctls(31).has('net.ipv4.tcp_rmem')).toBe(false);
    expect(safeSysctls(32).has('net.ipv4.tcp_rmem')).toBe(true);
    const engine = podWith({ seLinuxOptions: { type: 'container_engine_t' } });
    expect(check(engine, 'baseline', 30).satisfied).toBe(false);
    expect(check(engine, 'baseline', 31).satisfied).toBe(true);
  });

  it.each([
    ['fully restricted', podWith(restrictedSc), []],
    [
      'plain pod',
      podWith(undefined),
      [
        'runAsNonRoot',
        'allowPrivilegeEscalation',
        'seccompProfile_restricted',
        'capabilities_restricted',
      ],
    ],
    ['runAsUser 0', podWith({ ...restrictedSc, runAsUser: 0 }), ['runAsUser']],
    [
      'adds SYS_CHROOT',
      podWith({
        ...restrictedSc,
        capabilities: { drop: ['ALL'], add: ['SYS_CHROOT'] },
      }),
      ['capabilities_restricted'],
    ],
    [
      'adds NET_BIND_SERVICE',
      podWith({
        ...restrictedSc,
        capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
      }),
      [],
    ],
    [
      'drops lower-case all',
      podWith({ ...restrictedSc, capabilities: { drop: ['all'] } }),
      ['capabilities_restricted'],
    ],
    [
      'pod-level nonRoot and seccomp',
      podWith(
        { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        {
          securityContext: {
            runAsNonRoot: true,
            seccompProfile: { type: 'Localhost', localhostProfile: 'p' },
          },
        },
      ),
      [],
    ],
    [
      'volume allow-list',
      pod({
        containers: [{ name: 'c', securityContext: restrictedSc }],
        volumes: [
          { name: 'a', persistentVolumeClaim: { claimName: 'x' } },
          { name: 'b', projected: { sources: [] } },
          { name: 'n', nfs: { server: 's', path: '/' } },
        ],
      }),
      ['restrictedVolumes'],
    ],
  ])('restricted: %s', (_name, p, expected) => {
    expect(checks(p, 'restricted')).toEqual(expected);
  });

  it('privileged level admits anything', () => {
    expect(
      checkPodSecurity({
        pod: podSpecOf(podWith({ privileged: true })),
        level: 'privileged',
      }).satisfied,
    ).toBe(true);
  });
});
