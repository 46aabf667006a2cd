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

describe('Pod Security versions and reasons', () => {
  it.each([
    ['v1.0', { latest: false, minor: 0 }],
    ['v1.5', { latest: false, minor: 5 }],
    ['v1.34', { latest: false, minor: 34 }],
    // The newest check set known and anything newer evaluate as latest.
    ['v1.35', { latest: true, minor: 35 }],
    ['v1.40', { latest: true, minor: 35 }],
    ['v1.100', { latest: true, minor: 35 }],
    ['v1.01', undefined],
    ['xv1.29', undefined],
    ['v1.29x', undefined],
    ['v1.29.1', undefined],
    ['v2.1', undefined],
  ])('enforce-version %s', (label, expected) => {
    expect(parsePsaVersion(label)).toEqual(expected);
  });

  it('says where the version came from', () => {
    const at = (labels: Record<string, string>) =>
      enforceLevel(ns('a', labels), 'a', DEFAULT_POLICY);
    const enforce = { 'pod-security.kubernetes.io/enforce': 'baseline' };
    expect(at(enforce)).toMatchObject({
      version: { latest: true, minor: 35 },
      versionSource: 'default',
    });
    expect(
      at({ ...enforce, 'pod-security.kubernetes.io/enforce-version': 'v1.29' }),
    ).toMatchObject({ version: { minor: 29 }, versionSource: 'label' });
    // An unparsable level evaluates as restricted at the latest version
    // whatever the version label says (PolicyToEvaluate).
    expect(
      at({
        'pod-security.kubernetes.io/enforce': 'strict',
        'pod-security.kubernetes.io/enforce-version': 'v1.29',
      }),
    ).toMatchObject({
      level: 'restricted',
      label: 'strict',
      version: { latest: true, minor: 35 },
      versionSource: 'label',
    });
    const off = policyOf({ podSecurity: { enabled: false } });
    expect(enforceLevel(ns('a'), 'a', off)).toMatchObject({
      source: 'disabled',
      versionSource: 'default',
    });
  });

  it('gives the reason a POD_CREATE report shows', () => {
    const policy = policyOf({
      podSecurity: {
        exemptions: { usernames: ['ci'], runtimeClasses: ['kata'] },
      },
    });
    const reason = (
      labels: Record<string, string>,
      creator?: string,
      runtimeClasses: string[] = [],
      p = policy,
    ) =>
      admitsPrivileged({
        namespace: ns('a', labels),
        namespaceName: 'a',
        policy: p,
        runtimeClasses: runtimeClasses.map(name => ({
          apiVersion: 'node.k8s.io/v1',
          kind: 'RuntimeClass',
          metadata: { name },
        })),
        ...(creator === undefined ? {} : { creator }),
      });
    const baseline = { 'pod-security.kubernetes.io/enforce': 'baseline' };
    expect(reason({})).toEqual({
      admits: true,
      reason: 'enforce level privileged (default)',
    });
    expect(
      reason({ 'pod-security.kubernetes.io/enforce': 'privileged' }),
    ).toEqual({ admits: true, reason: 'enforce level privileged (label)' });
    expect(
      reason(
        baseline,
        undefined,
        [],
        policyOf({ podSecurity: { enabled: false } }),
      ),
    ).toEqual({ admits: true, reason: 'enforce level privileged (disabled)' });
    expect(reason(baseline, 'ci')).toEqual({
      admits: true,
      reason: 'creator ci is exempt',
    });
    expect(reason(baseline, 'alice', ['runc', 'kata'])).toEqual({
      admits: true,
      reason: 'RuntimeClass kata is exempt',
    });
    expect(reason(baseline, 'alice', ['runc'])).toEqual({
      admits: false,
      reason: 'enforce level baseline (label)',
    });
    expect(reason({ 'pod-security.kubernetes.io/enforce': 'x' })).toEqual({
      admits: false,
      reason: 'enforce level restricted (invalid label)',
    });
  });
});

describe('AdmissionMayBlock: what covers pods CREATE in a namespace', () => {
  const rule = (overrides: Record<string, unknown> = {}) => ({
    apiGroups: [''],
    apiVersions: ['v1'],
    operations: ['CREATE'],
    resources: ['pods'],
    ...overrides,
  });
  const hooks = (...webhooks: unknown[]): KubeObject => ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'hooks' },
    webhooks,
  });
  const blockedBy = (
    objects: Parameters<typeof admissionMayBlock>[2],
    name = 'a',
    labels: Record<string, string> = {},
  ) => admissionMayBlock(ns(name, labels), name, objects).by;

  it.each([
    [
      'CREATE among other operations',
      rule({ operations: ['UPDATE', 'CREATE'] }),
      true,
    ],
    ['every operation', rule({ operations: ['*'] }), true],
    ['UPDATE only', rule({ operations: ['UPDATE', 'DELETE'] }), false],
    ['every API group', rule({ apiGroups: ['apps', '*'] }), true],
    ['the apps group only', rule({ apiGroups: ['apps'] }), false],
    [
      'pods among other resources',
      rule({ resources: ['configmaps', 'pods'] }),
      true,
    ],
    ['every resource', rule({ resources: ['*'] }), true],
    ['every resource and subresource', rule({ resources: ['*/*'] }), true],
    ['pods/exec only', rule({ resources: ['pods/exec'] }), false],
    ['no operations', rule({ operations: undefined }), false],
    ['no apiGroups', rule({ apiGroups: undefined }), false],
    ['no resources', rule({ resources: undefined }), false],
    ['a rule that is not an object', 'pods', false],
  ])('webhook rule: %s', (_name, r, blocks) => {
    expect(
      blockedBy({
        validatingWebhookConfigurations: [hooks({ name: 'h', rules: [r] })],
      }),
    ).toEqual(blocks ? ['ValidatingWebhookConfiguration:hooks'] : []);
  });

  it('one webhook or one rule of several is enough', () => {
    const other = { name: 'cm', rules: [rule({ resources: ['configmaps'] })] };
    expect(
      blockedBy({
        validatingWebhookConfigurations: [
          hooks(other, {
            name: 'pods',
            rules: [rule({ resources: ['secrets'] }), rule()],
          }),
        ],
      }),
    ).toEqual(['ValidatingWebhookConfiguration:hooks']);
    expect(
      blockedBy({ validatingWebhookConfigurations: [hooks(other)] }),
    ).toEqual([]);
  });

  const vap = (
    constraints: Record<string, unknown>,
    name = 'no-priv',
  ): KubeObject => ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name },
    spec: { matchConstraints: constraints },
  });
  const binding = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: 'b' },
    spec: { policyName: 'no-priv', validationActions: ['Deny'], ...spec },
  });
  const teams = { matchLabels: { team: 'x' } };

  it.each([
    [
      'bound with Deny',
      vap({ resourceRules: [rule()] }),
      binding({}),
      ['a'],
      ['b'],
    ],
    [
      'Warn and Deny',
      vap({ resourceRules: [rule()] }),
      binding({ validationActions: ['Warn', 'Deny'] }),
      ['a'],
      ['b'],
    ],
    [
      'bound to another policy',
      vap({ resourceRules: [rule()] }),
      binding({ policyName: 'other' }),
      [],
      [],
    ],
    [
      'no pod rule in the policy',
      vap({ resourceRules: [rule({ resources: ['services'] })] }),
      binding({}),
      [],
      [],
    ],
    [
      'the policy selects team x',
      vap({ resourceRules: [rule()], namespaceSelector: teams }),
      binding({}),
      ['a'],
      [],
    ],
    [
      'the binding selects team x',
      vap({ resourceRules: [rule()] }),
      binding({ matchResources: { namespaceSelector: teams } }),
      ['a'],
      [],
    ],
    [
      'the binding narrows to services',
      vap({ resourceRules: [rule()] }),
      binding({
        matchResources: { resourceRules: [rule({ resources: ['services'] })] },
      }),
      [],
      [],
    ],
    [
      'the binding keeps pods',
      vap({ resourceRules: [rule()] }),
      binding({
        matchResources: {
          resourceRules: [rule({ resources: ['services'] }), rule()],
        },
      }),
      ['a'],
      ['b'],
    ],
  ])(
    'ValidatingAdmissionPolicy %s',
    (_name, policy, bound, inTeam, elsewhere) => {
      const objects = {
        validatingAdmissionPolicies: [policy],
        validatingAdmissionPolicyBindings: [bound],
      };
      const blocked = (name: string, labels: Record<string, string>) =>
        blockedBy(objects, name, labels).length > 0;
      expect(['a'].filter(name => blocked(name, { team: 'x' }))).toEqual(
        inTeam,
      );
      expect(['b'].filter(name => blocked(name, {}))).toEqual(elsewhere);
    },
  );

  const kyverno = (
    spec: Record<string, unknown>,
    metadata: Record<string, unknown> = {},
    kind = 'ClusterPolicy',
    apiVersion = 'kyverno.io/v1',
  ): KubeObject => ({
    apiVersion,
    kind,
    metadata: { name: 'k', ...metadata },
    spec,
  });
  const podRule = (
    match: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) => ({
    name: 'r',
    match,
    validate: { pattern: {} },
    ...extra,
  });
  const enforce = (...rules: unknown[]) => ({
    validationFailureAction: 'Enforce',
    rules,
  });
  const pods = (resources: Record<string, unknown> = {}) => ({
    kinds: ['Pod'],
    ...resources,
  });

  it.each([
    ['match.resources', kyverno(enforce(podRule({ resources: pods() }))), true],
    [
      'match.any',
      kyverno(
        enforce(
          podRule({
            any: [
              { resources: { kinds: ['Deployment'] } },
              { resources: pods() },
            ],
          }),
        ),
      ),
      true,
    ],
    [
      'match.all of pods',
      kyverno(
        enforce(
          podRule({
            all: [{ resources: pods() }, { resources: { kinds: ['v1/Pod'] } }],
          }),
        ),
      ),
      true,
    ],
    [
      'match.all with a Deployment',
      kyverno(
        enforce(
          podRule({
            all: [
              { resources: pods() },
              { resources: { kinds: ['Deployment'] } },
            ],
          }),
        ),
      ),
      false,
    ],
    ['empty match', kyverno(enforce(podRule({}))), false],
    [
      'kind v1/Pod',
      kyverno(enforce(podRule({ resources: { kinds: ['v1/Pod'] } }))),
      true,
    ],
    [
      'kind */Pod',
      kyverno(enforce(podRule({ resources: { kinds: ['*/Pod'] } }))),
      true,
    ],
    [
      'kind *',
      kyverno(enforce(podRule({ resources: { kinds: ['*'] } }))),
      true,
    ],
    [
      'kind Deployment',
      kyverno(enforce(podRule({ resources: { kinds: ['Deployment'] } }))),
      false,
    ],
    [
      'lower-case enforce',
      kyverno({
        ...enforce(podRule({ resources: pods() })),
        validationFailureAction: 'enforce',
      }),
      true,
    ],
    [
      'Audit',
      kyverno({
        ...enforce(podRule({ resources: pods() })),
        validationFailureAction: 'Audit',
      }),
      false,
    ],
    [
      'no action (Kyverno defaults to Audit)',
      kyverno({ rules: [podRule({ resources: pods() })] }),
      false,
    ],
    [
      'rule-level Enforce over policy-level Audit',
      kyverno({
        validationFailureAction: 'Audit',
        rules: [
          podRule(
            { resources: pods() },
            { validate: { failureAction: 'Enforce' } },
          ),
        ],
      }),
      true,
    ],
    [
      'rule-level Audit over policy-level Enforce',
      kyverno(
        enforce(
          podRule(
            { resources: pods() },
            { validate: { failureAction: 'Audit' } },
          ),
        ),
      ),
      false,
    ],
    [
      'a mutate rule',
      kyverno(enforce({ name: 'm', match: { resources: pods() }, mutate: {} })),
      false,
    ],
    [
      'a second rule that validates',
      kyverno(
        enforce(
          { name: 'm', match: { resources: pods() }, mutate: {} },
          podRule({ resources: pods() }),
        ),
      ),
      true,
    ],
    [
      'namespace listed',
      kyverno(
        enforce(podRule({ resources: pods({ namespaces: ['b', 'a'] }) })),
      ),
      true,
    ],
    [
      'namespace pattern',
      kyverno(
        enforce(podRule({ resources: pods({ namespaces: ['team-*'] }) })),
      ),
      false,
    ],
    [
      'other namespaces',
      kyverno(enforce(podRule({ resources: pods({ namespaces: ['b'] }) }))),
      false,
    ],
    [
      'namespace selector',
      kyverno(
        enforce(
          podRule({
            resources: pods({
              namespaceSelector: { matchLabels: { team: 'x' } },
            }),
          }),
        ),
      ),
      false,
    ],
    [
      'excluded',
      kyverno(
        enforce(
          podRule(
            { resources: pods() },
            { exclude: { resources: { namespaces: ['a'] } } },
          ),
        ),
      ),
      false,
    ],
    [
      'excluded by pattern',
      kyverno(
        enforce(
          podRule(
            { resources: pods() },
            { exclude: { resources: { namespaces: ['*'] } } },
          ),
        ),
      ),
      false,
    ],
    [
      'another namespace excluded',
      kyverno(
        enforce(
          podRule(
            { resources: pods() },
            { exclude: { resources: { namespaces: ['b'] } } },
          ),
        ),
      ),
      true,
    ],
    [
      'a Policy in the namespace',
      kyverno(
        enforce(podRule({ resources: pods() })),
        { namespace: 'a' },
        'Policy',
      ),
      true,
    ],
    [
      'a Policy in another namespace',
      kyverno(
        enforce(podRule({ resources: pods() })),
        { namespace: 'b' },
        'Policy',
      ),
      false,
    ],
    [
      'kyverno.io/v2beta1',
      kyverno(
        enforce(podRule({ resources: pods() })),
        {},
        'ClusterPolicy',
        'kyverno.io/v2beta1',
      ),
      true,
    ],
    [
      'another API group',
      kyverno(
        enforce(podRule({ resources: pods() })),
        {},
        'ClusterPolicy',
        'example.com/v1',
      ),
      false,
    ],
    [
      'a Kyverno report',
      kyverno(enforce(podRule({ resources: pods() })), {}, 'PolicyReport'),
      false,
    ],
  ])('Kyverno: %s', (_name, object, blocks) => {
    const id = object.kind === 'Policy' ? 'Policy:a/k' : `${object.kind}:k`;
    expect(blockedBy({ policyEngineObjects: [object] })).toEqual(
      blocks ? [id] : [],
    );
  });

  it.each([
    ['team-*', 'team-a', true],
    ['team-*', 'a-team-', false],
    ['team-*', 'team', false],
    ['*-system', 'kube-system', true],
    ['*-system', 'kube-system-x', false],
    ['te?m-*', 'team-a', true],
    ['te?m-*', 'tem-a', false],
    ['*a*', 'kube-public', false],
    ['*a*', 'team', true],
    ['team.a', 'teamxa', false],
    ['team.a', 'team.a', true],
  ])(
    'Kyverno namespace pattern %s on %s (wildcards anywhere)',
    (pattern, name, matches) => {
      const listed = kyverno(
        enforce(podRule({ resources: pods({ namespaces: [pattern] }) })),
      );
      const excluded = kyverno(
        enforce(
          podRule(
            { resources: pods() },
            { exclude: { resources: { namespaces: [pattern] } } },
          ),
        ),
      );
      expect(
        blockedBy({ policyEngineObjects: [listed] }, name).length > 0,
      ).toBe(matches);
      expect(
        blockedBy({ policyEngineObjects: [excluded] }, name).length > 0,
      ).toBe(!matches);
    },
  );

  const constraint = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'constraints.gatekeeper.sh/v1beta1',
    kind: 'K8sPSPPrivilegedContainer',
    metadata: { name: 'c' },
    spec,
  });
  const podKinds = [{ apiGroups: [''], kinds: ['Pod'] }];

  it.each([
    ['matching everything', constraint({}), true],
    [
      'enforcementAction deny',
      constraint({ enforcementAction: 'deny', match: { kinds: podKinds } }),
      true,
    ],
    [
      'enforcementAction dryrun',
      constraint({ enforcementAction: 'dryrun', match: { kinds: podKinds } }),
      false,
    ],
    [
      'enforcementAction warn',
      constraint({ enforcementAction: 'warn' }),
      false,
    ],
    [
      'Pods among kinds',
      constraint({
        match: {
          kinds: [{ apiGroups: ['apps'], kinds: ['Deployment'] }, ...podKinds],
        },
      }),
      true,
    ],
    [
      'every kind of every group',
      constraint({ match: { kinds: [{ apiGroups: ['*'], kinds: ['*'] }] } }),
      true,
    ],
    [
      'Deployments only',
      constraint({
        match: { kinds: [{ apiGroups: ['apps'], kinds: ['Deployment'] }] },
      }),
      false,
    ],
    [
      'Pod in the apps group',
      constraint({
        match: { kinds: [{ apiGroups: ['apps'], kinds: ['Pod'] }] },
      }),
      false,
    ],
    ['namespace listed', constraint({ match: { namespaces: ['a'] } }), true],
    ['namespace pattern', constraint({ match: { namespaces: ['a*'] } }), true],
    ['other namespaces', constraint({ match: { namespaces: ['b'] } }), false],
    [
      'excluded',
      constraint({ match: { excludedNamespaces: ['kube-*', 'a'] } }),
      false,
    ],
    [
      'another namespace excluded',
      constraint({ match: { excludedNamespaces: ['b'] } }),
      true,
    ],
    // Gatekeeper globs at the front or the end of a pattern only.
    [
      'excluded by a front glob',
      constraint({ match: { excludedNamespaces: ['*a'] } }),
      false,
    ],
    [
      'listed by a suffix glob',
      constraint({ match: { namespaces: ['*x'] } }),
      false,
    ],
    [
      'listed by a front glob',
      constraint({ match: { namespaces: ['*a'] } }),
      true,
    ],
    [
      'namespace selector',
      constraint({
        match: { namespaceSelector: { matchLabels: { team: 'x' } } },
      }),
      false,
    ],
  ])('Gatekeeper constraint %s', (_name, object, blocks) => {
    expect(blockedBy({ policyEngineObjects: [object] })).toEqual(
      blocks ? ['K8sPSPPrivilegedContainer:c'] : [],
    );
  });

  it('names every object that blocks, and blocksPrivileged * covers every namespace', () => {
    const objects = {
      validatingWebhookConfigurations: [hooks({ name: 'h', rules: [rule()] })],
      policyEngineObjects: [
        constraint({}),
        kyverno(enforce(podRule({ resources: pods() }))),
      ],
    };
    expect(blockedBy(objects)).toEqual([
      'ValidatingWebhookConfiguration:hooks',
      'K8sPSPPrivilegedContainer:c',
      'ClusterPolicy:k',
    ]);
    const all = policyOf({ admission: { blocksPrivileged: ['*'] } });
    expect(admissionMayBlock(ns('z'), 'z', {}, all)).toEqual({
      mayBlock: true,
      given: true,
      by: ['policy:admission.blocksPrivileged'],
    });
    const some = policyOf({ admission: { blocksPrivileged: ['a'] } });
    expect(admissionMayBlock(ns('z'), 'z', objects, some)).toEqual({
      mayBlock: false,
      given: true,
      by: [],
    });
    expect(admissionMayBlock(ns('z'), 'z', {})).toEqual({
      mayBlock: false,
      given: false,
      by: [],
    });
  });
});

describe('checkPodSecurity: each check of the Pod Security Standards', () => {
  const restrictedSc = {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
  const verdict = (
    p: KubeObject,
    level: 'baseline' | 'restricted',
    minor = 35,
  ) => {
    const result = checkPodSecurity({
      pod: podSpecOf(p),
      podObject: p,
      level,
      version: { latest: minor === 35, minor },
    });
    const checks = [...new Set(result.violations.map(v => v.check))];
    // satisfied and the violations must tell the same story.
    expect(result.satisfied).toBe(checks.length === 0);
    return checks;
  };
  // A pod with a restricted-clean container `c`, changed by the case.
  const clean = (
    sc: Record<string, unknown> = {},
    extra: Record<string, unknown> = {},
    container: Record<string, unknown> = {},
  ) => podWith({ ...restrictedSc, ...sc }, extra, container);

  it.each(
    [
      'AUDIT_WRITE',
      'CHOWN',
      'DAC_OVERRIDE',
      'FOWNER',
      'FSETID',
      'KILL',
      'MKNOD',
      'NET_BIND_SERVICE',
      'SETFCAP',
      'SETGID',
      'SETPCAP',
      'SETUID',
      'SYS_CHROOT',
    ].map(cap => [cap]),
  )('baseline allows adding %s; restricted only NET_BIND_SERVICE', cap => {
    const p = clean({ capabilities: { drop: ['ALL'], add: [cap] } });
    expect(verdict(p, 'baseline')).toEqual([]);
    expect(verdict(p, 'restricted')).toEqual(
      cap === 'NET_BIND_SERVICE' ? [] : ['capabilities_restricted'],
    );
  });

  it.each(
    [
      'configMap',
      'csi',
      'downwardAPI',
      'emptyDir',
      'ephemeral',
      'persistentVolumeClaim',
      'projected',
      'secret',
    ].map(type => [type]),
  )('restricted allows a %s volume', type => {
    const p = pod({
      containers: [{ name: 'c', securityContext: restrictedSc }],
      volumes: [{ name: 'v', [type]: {} }],
    });
    expect(verdict(p, 'restricted')).toEqual([]);
  });

  it.each([
    ['gitRepo'],
    ['nfs'],
    ['iscsi'],
    ['cephfs'],
    ['rbd'],
    ['flexVolume'],
  ])('restricted refuses a %s volume, baseline allows it', type => {
    const p = pod({
      containers: [{ name: 'c', securityContext: restrictedSc }],
      volumes: [{ name: 'v', [type]: {} }],
    });
    expect(verdict(p, 'baseline')).toEqual([]);
    expect(verdict(p, 'restricted')).toEqual(['restrictedVolumes']);
  });

  it.each([
    ['kernel.shm_rmid_forced', 0],
    ['net.ipv4.ip_local_port_range', 0],
    ['net.ipv4.tcp_syncookies', 0],
    ['net.ipv4.ping_group_range', 0],
    ['net.ipv4.ip_unprivileged_port_start', 0],
    ['net.ipv4.ip_local_reserved_ports', 27],
    ['net.ipv4.tcp_keepalive_time', 29],
    ['net.ipv4.tcp_fin_timeout', 29],
    ['net.ipv4.tcp_keepalive_intvl', 29],
    ['net.ipv4.tcp_keepalive_probes', 29],
    ['net.ipv4.tcp_rmem', 32],
    ['net.ipv4.tcp_wmem', 32],
  ] as const)('sysctl %s is safe from v1.%i on', (name, from) => {
    const p = clean(
      {},
      { securityContext: { sysctls: [{ name, value: '1' }] } },
    );
    expect(verdict(p, 'baseline', from)).toEqual([]);
    if (from > 0) expect(verdict(p, 'baseline', from - 1)).toEqual(['sysctls']);
  });

  it.each([
    ['hostNetwork', clean({}, { hostNetwork: true }), ['hostNamespaces']],
    ['hostIPC', clean({}, { hostIPC: true }), ['hostNamespaces']],
    [
      'hostNetwork false',
      clean({}, { hostNetwork: false, hostPID: false }),
      [],
    ],
    [
      'pod hostProcess',
      clean({}, { securityContext: { windowsOptions: { hostProcess: true } } }),
      ['hostProcess'],
    ],
    [
      'container hostProcess',
      clean({ windowsOptions: { hostProcess: true } }),
      ['hostProcess'],
    ],
    [
      'hostProcess false',
      clean({ windowsOptions: { hostProcess: false } }),
      [],
    ],
    ['privileged false', clean({ privileged: false }), []],
    [
      'hostPort 0 is no host port',
      clean({}, {}, { ports: [{ containerPort: 80, hostPort: 0 }] }),
      [],
    ],
    ['procMount Default', clean({ procMount: 'Default' }), []],
    [
      'container seccomp Unconfined',
      clean({ seccompProfile: { type: 'Unconfined' } }),
      ['seccompProfile_baseline'],
    ],
    [
      'pod AppArmor Unconfined',
      clean(
        {},
        { securityContext: { appArmorProfile: { type: 'Unconfined' } } },
      ),
      ['appArmorProfile'],
    ],
    [
      'pod AppArmor RuntimeDefault',
      clean(
        {},
        { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } },
      ),
      [],
    ],
    [
      'container AppArmor Localhost',
      clean({ appArmorProfile: { type: 'Localhost', localhostProfile: 'p' } }),
      [],
    ],
    [
      'pod SELinux user',
      clean({}, { securityContext: { seLinuxOptions: { user: 'system_u' } } }),
      ['seLinuxOptions'],
    ],
    [
      'container SELinux role',
      clean({ seLinuxOptions: { role: 'system_r' } }),
      ['seLinuxOptions'],
    ],
    [
      'SELinux empty type, user and role',
      clean({ seLinuxOptions: { type: '', user: '', role: '', level: 's0' } }),
      [],
    ],
    [
      'pod SELinux type spc_t',
      clean({}, { securityContext: { seLinuxOptions: { type: 'spc_t' } } }),
      ['seLinuxOptions'],
    ],
    [
      'SELinux container_init_t and container_kvm_t',
      pod({
        containers: [
          {
            name: 'a',
            securityContext: {
              ...restrictedSc,
              seLinuxOptions: { type: 'container_init_t' },
            },
          },
          {
            name: 'b',
            securityContext: {
              ...restrictedSc,
              seLinuxOptions: { type: 'container_kvm_t' },
            },
          },
        ],
      }),
      [],
    ],
    [
      'empty probe host',
      clean({}, {}, { readinessProbe: { httpGet: { host: '', port: 80 } } }),
      [],
    ],
    [
      'AppArmor runtime/default and localhost/ annotations',
      pod(
        {
          containers: [
            { name: 'a', securityContext: restrictedSc },
            { name: 'b', securityContext: restrictedSc },
          ],
        },
        {
          annotations: {
            'container.apparmor.security.beta.kubernetes.io/a':
              'runtime/default',
            'container.apparmor.security.beta.kubernetes.io/b':
              'localhost/k8s-nginx',
            'example.com/profile': 'unconfined',
          },
        },
      ),
      [],
    ],
    [
      'AppArmor localhost profile without the prefix',
      pod(
        { containers: [{ name: 'a', securityContext: restrictedSc }] },
        {
          annotations: {
            'container.apparmor.security.beta.kubernetes.io/a':
              'k8s-nginx/localhost/',
          },
        },
      ),
      ['appArmorProfile'],
    ],
  ])('baseline: %s', (_name, p, expected) => {
    expect(verdict(p, 'baseline')).toEqual(expected);
  });

  it('AppArmor fields count from v1.30, annotations always', () => {
    const field = clean({ appArmorProfile: { type: 'Unconfined' } });
    const podField = clean(
      {},
      { securityContext: { appArmorProfile: { type: 'Unconfined' } } },
    );
    for (const p of [field, podField]) {
      expect(verdict(p, 'baseline', 29)).toEqual([]);
      expect(verdict(p, 'baseline', 30)).toEqual(['appArmorProfile']);
    }
  });

  it('a controller template passes its annotations without a pod object', () => {
    const result = checkPodSecurity({
      pod: podSpecOf(clean()),
      annotations: {
        'container.apparmor.security.beta.kubernetes.io/c': 'unconfined',
      },
      level: 'baseline',
    });
    expect(result.violations.map(v => v.check)).toEqual(['appArmorProfile']);
  });

  it('checks init, sidecar and ephemeral containers like the others', () => {
    const p = pod({
      containers: [{ name: 'c', securityContext: restrictedSc }],
      initContainers: [
        {
          name: 'i',
          securityContext: {
            ...restrictedSc,
            capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] },
          },
        },
        {
          name: 's',
          restartPolicy: 'Always',
          securityContext: { ...restrictedSc, procMount: 'Unmasked' },
        },
      ],
      ephemeralContainers: [
        { name: 'e', securityContext: { ...restrictedSc, privileged: true } },
      ],
    });
    expect(verdict(p, 'baseline').sort()).toEqual([
      'capabilities_baseline',
      'privileged',
      'procMount',
    ]);
  });

  it.each([
    [
      'pod runAsUser 0',
      clean({}, { securityContext: { runAsUser: 0 } }),
      ['runAsUser'],
    ],
    [
      'pod runAsUser 1000',
      clean({}, { securityContext: { runAsUser: 1000 } }),
      [],
    ],
    [
      'pod runAsNonRoot false, container true',
      clean({}, { securityContext: { runAsNonRoot: false } }),
      ['runAsNonRoot'],
    ],
    [
      'pod runAsNonRoot true, container unset',
      podWith(
        {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        },
        { securityContext: { runAsNonRoot: true } },
      ),
      [],
    ],
    [
      'container runAsNonRoot false',
      clean({ runAsNonRoot: false }),
      ['runAsNonRoot'],
    ],
    [
      'allowPrivilegeEscalation true',
      clean({ allowPrivilegeEscalation: true }),
      ['allowPrivilegeEscalation'],
    ],
    [
      'container seccomp Localhost',
      clean({ seccompProfile: { type: 'Localhost', localhostProfile: 'p' } }),
      [],
    ],
    [
      'container seccomp Unconfined over pod RuntimeDefault',
      clean(
        { seccompProfile: { type: 'Unconfined' } },
        { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } },
      ),
      ['seccompProfile_baseline', 'seccompProfile_restricted'],
    ],
    [
      'seccomp from the pod only',
      podWith(
        {
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        },
        { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } },
      ),
      [],
    ],
    [
      'drop without ALL',
      clean({ capabilities: { drop: ['NET_RAW'] } }),
      ['capabilities_restricted'],
    ],
    [
      'no capabilities',
      clean({ capabilities: undefined }),
      ['capabilities_restricted'],
    ],
  ])('restricted: %s', (_name, p, expected) => {
    expect(verdict(p, 'restricted')).toEqual(expected);
  });

  it('a Windows pod skips the Linux-only restricted checks', () => {
    const windows = pod({
      os: { name: 'windows' },
      containers: [{ name: 'c', securityContext: { runAsNonRoot: true } }],
    });
    expect(verdict(windows, 'restricted')).toEqual([]);
    const linux = pod({
      os: { name: 'linux' },
      containers: [{ name: 'c', securityContext: { runAsNonRoot: true } }],
    });
    expect(verdict(linux, 'restricted')).toEqual([
      'allowPrivilegeEscalation',
      'seccompProfile_restricted',
      'capabilities_restricted',
    ]);
    // runAsNonRoot still applies to Windows pods.
    expect(
      verdict(
        pod({ os: { name: 'windows' }, containers: [{ name: 'c' }] }),
        'restricted',
      ),
    ).toEqual(['runAsNonRoot']);
  });
});

describe('Pod Security: malformed and partial objects read as absent', () => {
  const gatekeeper = (match: Record<string, unknown>): KubeObject => ({
    apiVersion: 'constraints.gatekeeper.sh/v1beta1',
    kind: 'K8sPSPPrivilegedContainer',
    metadata: { name: 'c' },
    spec: { match },
  });
  const blocks = (object: KubeObject, name: string) =>
    admissionMayBlock(ns(name), name, { policyEngineObjects: [object] })
      .mayBlock;

  it.each([
    [['kube-*'], 'kube-system', true],
    [['kube-*'], 'system-kube-', false],
    [['*-system'], 'kube-system', true],
    [['*-system'], 'system-kube', false],
  ])('Gatekeeper namespaces %j on %s', (namespaces, name, expected) => {
    expect(blocks(gatekeeper({ namespaces }), name)).toBe(expected);
    expect(blocks(gatekeeper({ excludedNamespaces: namespaces }), name)).toBe(
      !expected,
    );
  });

  it('policy objects without spec, match or resources block nothing and do not throw', () => {
    const kyverno = (spec?: unknown): KubeObject => ({
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: { name: 'k' },
      ...(spec === undefined ? {} : { spec }),
    });
    const enforce = (rules: unknown[]) =>
      kyverno({ validationFailureAction: 'Enforce', rules });
    for (const object of [
      kyverno(),
      enforce(['not a rule']),
      enforce([{ name: 'r', validate: {} }]),
      enforce([{ name: 'r', validate: {}, match: { any: ['x', {}] } }]),
      enforce([{ name: 'r', validate: {}, match: { all: ['x'] } }]),
      { ...gatekeeper({}), spec: undefined } as unknown as KubeObject,
    ]) {
      expect(blocks(object, 'a')).toBe(object.kind !== 'ClusterPolicy');
    }
  });

  it('a ValidatingAdmissionPolicy covering pods in one rule of several', () => {
    const rule = (resources: string[]) => ({
      apiGroups: [''],
      apiVersions: ['v1'],
      operations: ['CREATE'],
      resources,
    });
    expect(
      admissionMayBlock(ns('a'), 'a', {
        validatingAdmissionPolicies: [
          {
            apiVersion: 'admissionregistration.k8s.io/v1',
            kind: 'ValidatingAdmissionPolicy',
            metadata: { name: 'p' },
            spec: {
              matchConstraints: {
                resourceRules: [rule(['services']), rule(['pods'])],
              },
            },
          },
        ],
        validatingAdmissionPolicyBindings: [
          {
            apiVersion: 'admissionregistration.k8s.io/v1',
            kind: 'ValidatingAdmissionPolicyBinding',
            metadata: { name: 'b' },
            spec: { policyName: 'p', validationActions: ['Deny'] },
          },
        ],
      }).by,
    ).toEqual(['ValidatingAdmissionPolicy:p']);
  });

  const restricted = (p: KubeObject) =>
    checkPodSecurity({
      pod: podSpecOf(p),
      podObject: p,
      level: 'restricted',
    }).violations.map(v => v.check);
  const clean = {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };

  it('fields a pod leaves out are no violation', () => {
    // SELinux level only, a port without hostPort.
    expect(
      restricted(
        podWith(
          { ...clean, seLinuxOptions: { level: 's0:c1,c2' } },
          {},
          { ports: [{ containerPort: 80 }] },
        ),
      ),
    ).toEqual([]);
    // A pod securityContext without seccompProfile, a container without one.
    const { seccompProfile: _, ...noSeccomp } = clean;
    expect(
      restricted(
        podWith(noSeccomp, { securityContext: { runAsNonRoot: true } }),
      ),
    ).toEqual(['seccompProfile_restricted']);
    // A controller template with neither a pod object nor annotations.
    expect(
      checkPodSecurity({ pod: podSpecOf(podWith(clean)), level: 'restricted' })
        .satisfied,
    ).toBe(true);
    // An AppArmor annotation whose value is not a string (hand-written input).
    const odd = pod(
      { containers: [{ name: 'c', securityContext: clean }] },
      {
        annotations: { 'container.apparmor.security.beta.kubernetes.io/c': 5 },
      },
    );
    expect(restricted(odd)).toEqual([]);
  });
});
