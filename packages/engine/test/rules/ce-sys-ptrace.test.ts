import { describe, expect, it } from 'vitest';
import { ceSysPtrace } from '../../src/rules/ce-sys-ptrace.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { evidenceOf } from './evidence-of.ts';

const pod = (
  securityContext: string,
  podSecurity = '{}',
  annotations = '{}',
): string => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default, annotations: ${annotations} }
spec:
  nodeName: worker-1
  hostPID: true
  securityContext: ${podSecurity}
  containers:
  - name: c
    image: ubuntu
    securityContext: ${securityContext}`;

ruleTester(ceSysPtrace, {
  valid: [
    {
      name: 'the runtime default AppArmor profile confines ptrace',
      policy: { nodeDefaults: { appArmor: true } },
      manifests: pod('{ capabilities: { add: [SYS_PTRACE] } }'),
    },
    {
      name: 'a Localhost AppArmor profile applies even to a privileged container',
      policy: { nodeDefaults: { appArmor: true } },
      manifests: pod(
        '{ privileged: true, appArmorProfile: { type: Localhost, localhostProfile: k8s-restricted } }',
      ),
    },
    {
      name: 'SELinux container_t may not trace host processes',
      policy: { nodeDefaults: { selinuxEnforcing: true } },
      manifests: pod(
        '{ appArmorProfile: { type: Unconfined }, capabilities: { add: [SYS_PTRACE] } }',
      ),
    },
    {
      name: 'SYS_ADMIN alone does not trace',
      manifests: pod(
        '{ appArmorProfile: { type: Unconfined }, capabilities: { add: [SYS_ADMIN] } }',
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: unconfined by field, annotation or privilege (high), AppArmor unknown (medium)',
      manifests: await fixture('CE_SYS_PTRACE'),
      edges: [
        [
          'Container:default/ptrace-annotation-yes/tracer',
          'Node:worker-1',
          'high',
        ],
        [
          'Container:default/ptrace-apparmor-unknown-yes/tracer',
          'Node:worker-1',
          'medium',
        ],
        ['Container:default/ptrace-priv-yes/tracer', 'Node:worker-1', 'high'],
        ['Container:default/ptrace-yes/tracer', 'Node:worker-1', 'high'],
      ],
    },
    {
      name: 'the pod-level Unconfined profile applies when the container sets none',
      policy: { nodeDefaults: { appArmor: true } },
      manifests: pod(
        '{ capabilities: { add: [SYS_PTRACE] } }',
        '{ appArmorProfile: { type: Unconfined } }',
      ),
      edges: [['Container:default/p/c', 'Node:worker-1', 'high']],
    },
    {
      name: 'a node given without AppArmor: high; ptrace_scope 3 changes the technique, not the edge',
      policy: { nodeDefaults: { appArmor: false, ptraceScope: 3 } },
      manifests: pod('{ capabilities: { add: [SYS_PTRACE] } }'),
      edges: [['Container:default/p/c', 'Node:worker-1', 'high']],
    },
  ],
});

describe('CE_SYS_PTRACE evidence', () => {
  const traced = (ptraceScope?: number) =>
    evidenceOf(
      ceSysPtrace,
      {
        manifests: pod('{ capabilities: { add: [SYS_PTRACE] } }'),
        policy: {
          nodeDefaults: {
            appArmor: false,
            ...(ptraceScope === undefined ? {} : { ptraceScope }),
          },
        },
      },
      'Container:default/p/c',
      'Node:worker-1',
    );

  it('names the fields, the node facts, the confinement and the technique', async () => {
    expect(await traced(3)).toEqual({
      reason:
        'A root container with SYS_PTRACE in the host PID namespace, without AppArmor or SELinux confinement, can trace host processes and read their files.',
      object: 'Pod:default/p',
      fields: [
        'spec.hostPID',
        'spec.containers[0].securityContext.capabilities.add',
        'spec.containers[0].securityContext.runAsNonRoot',
      ],
      container: 'c',
      node: 'worker-1',
      root: 'no runAsUser and runAsNonRoot not true: image user assumed root',
      facts: [
        { fact: 'appArmor', value: false, source: 'given' },
        { fact: 'selinuxEnforcing', value: false, source: 'defaulted' },
        { fact: 'ptraceScope', value: 3, source: 'given' },
      ],
      confinement: 'node has no AppArmor (given)',
      technique:
        'read /proc/<pid>/root of host processes (ptrace_scope 3 forbids attaching)',
    });
  });

  it('below ptrace_scope 3 the technique attaches', async () => {
    expect(await traced()).toMatchObject({
      facts: [
        { fact: 'appArmor', value: false, source: 'given' },
        { fact: 'selinuxEnforcing', value: false, source: 'defaulted' },
        { fact: 'ptraceScope', value: 1, source: 'defaulted' },
      ],
      technique:
        'attach to a host process and inject code, or read /proc/<pid>/root',
    });
    expect(await traced(2)).toMatchObject({
      technique:
        'attach to a host process and inject code, or read /proc/<pid>/root',
    });
  });
});

describe('CE_SYS_PTRACE evidence fields: the object a fix edits', () => {
  const fieldsOf = async (
    nodeDefaults: object,
    securityContext: string,
    podSecurity = '{}',
    annotations = '{}',
  ) =>
    (
      (await evidenceOf(
        ceSysPtrace,
        {
          policy: { nodeDefaults },
          manifests: pod(securityContext, podSecurity, annotations),
        },
        'Container:default/p/c',
        'Node:worker-1',
      )) as { fields: string[] }
    ).fields;
  const C = 'spec.containers[0].securityContext';
  const CAPS = '{ capabilities: { add: [SYS_PTRACE] } }';

  it('root set on the pod, or on the container over the pod', async () => {
    expect(
      await fieldsOf(
        { appArmor: false },
        CAPS,
        '{ runAsUser: 0, runAsNonRoot: false }',
      ),
    ).toEqual([
      'spec.hostPID',
      `${C}.capabilities.add`,
      'spec.securityContext.runAsUser',
      'spec.securityContext.runAsNonRoot',
    ]);
    expect(
      await fieldsOf(
        { appArmor: false },
        '{ runAsUser: 0, runAsNonRoot: false, capabilities: { add: [SYS_PTRACE] } }',
        '{ runAsUser: 5, runAsNonRoot: true }',
      ),
    ).toEqual([
      'spec.hostPID',
      `${C}.capabilities.add`,
      `${C}.runAsUser`,
      `${C}.runAsNonRoot`,
    ]);
  });

  it('the AppArmor annotation, the pod profile, and SELinux options of the pod or the container', async () => {
    expect(
      await fieldsOf(
        { appArmor: true },
        CAPS,
        '{}',
        '{ container.apparmor.security.beta.kubernetes.io/c: unconfined }',
      ),
    ).toEqual([
      'spec.hostPID',
      `${C}.capabilities.add`,
      "metadata.annotations['container.apparmor.security.beta.kubernetes.io/c']",
      `${C}.runAsNonRoot`,
    ]);
    expect(
      await fieldsOf(
        { appArmor: true, selinuxEnforcing: true },
        CAPS,
        '{ appArmorProfile: { type: Unconfined }, seLinuxOptions: { type: spc_t } }',
      ),
    ).toEqual([
      'spec.hostPID',
      `${C}.capabilities.add`,
      'spec.securityContext.appArmorProfile',
      'spec.securityContext.seLinuxOptions',
      `${C}.runAsNonRoot`,
    ]);
    expect(
      await fieldsOf(
        { appArmor: false, selinuxEnforcing: true },
        '{ seLinuxOptions: { type: spc_t }, capabilities: { add: [SYS_PTRACE] } }',
        '{ seLinuxOptions: { type: container_t } }',
      ),
    ).toEqual([
      'spec.hostPID',
      `${C}.capabilities.add`,
      `${C}.seLinuxOptions`,
      `${C}.runAsNonRoot`,
    ]);
  });
});
