import { describe, expect, it } from 'vitest';
import { ceNsenter } from '../../src/rules/ce-nsenter.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { evidenceOf } from './evidence-of.ts';

const pod = (spec: string): string => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: worker-1
  hostPID: true
${spec}`;

const capsPod = (caps: string, profile = 'Unconfined'): string =>
  pod(`  containers:
  - name: c
    image: ubuntu
    securityContext:
      appArmorProfile: { type: ${profile} }
      capabilities: { add: [${caps}] }`);

ruleTester(ceNsenter, {
  valid: [
    {
      name: 'hostPID alone',
      manifests: pod(`  containers: [{ name: c, image: ubuntu }]`),
    },
    {
      name: 'SYS_PTRACE without SYS_ADMIN',
      manifests: capsPod('SYS_PTRACE'),
    },
    {
      name: 'capabilities under the runtime default AppArmor profile on an AppArmor node',
      policy: { nodeDefaults: { appArmor: true } },
      manifests: capsPod('SYS_ADMIN, SYS_PTRACE', 'RuntimeDefault'),
    },
    {
      name: 'capabilities in a SELinux-confined container (container_t)',
      policy: { nodeDefaults: { selinuxEnforcing: true } },
      manifests: capsPod('SYS_ADMIN, SYS_PTRACE'),
    },
    {
      name: 'containerd ignores CAP_-prefixed names',
      policy: { nodeDefaults: { runtime: 'containerd' } },
      manifests: capsPod('CAP_SYS_ADMIN, CAP_SYS_PTRACE'),
    },
    {
      name: 'dropping ALL after adding keeps nothing but the explicit adds',
      manifests: pod(`  containers:
  - name: c
    image: ubuntu
    securityContext:
      appArmorProfile: { type: Unconfined }
      capabilities: { add: [SYS_ADMIN], drop: [ALL] }`),
    },
  ],
  invalid: [
    {
      name: 'the fixture: privileged (high), capabilities unconfined (high), AppArmor unknown (medium)',
      manifests: await fixture('CE_NSENTER'),
      edges: [
        [
          'Container:default/nsenter-caps-apparmor-unknown-yes/shell',
          'Node:worker-1',
          'medium',
        ],
        ['Container:default/nsenter-caps-yes/shell', 'Node:worker-1', 'high'],
        ['Container:default/nsenter-yes/shell', 'Node:worker-1', 'high'],
      ],
    },
    {
      name: 'a privileged container on an SELinux node still enters (spc_t)',
      policy: { nodeDefaults: { selinuxEnforcing: true, appArmor: true } },
      manifests: pod(`  containers:
  - name: c
    image: ubuntu
    securityContext: { privileged: true }`),
      edges: [['Container:default/p/c', 'Node:worker-1', 'high']],
    },
    {
      name: 'a privileged container root only by assumeSetuidRoot enters at low confidence',
      policy: { assumeSetuidRoot: true },
      manifests: pod(`  containers:
  - name: c
    image: ubuntu
    securityContext: { privileged: true, runAsUser: 1000 }`),
      edges: [['Container:default/p/c', 'Node:worker-1', 'low']],
    },
    {
      name: 'a CAP_-prefixed name on an unknown runtime counts at low confidence',
      manifests: capsPod('CAP_SYS_ADMIN, SYS_PTRACE'),
      edges: [['Container:default/p/c', 'Node:worker-1', 'low']],
    },
    {
      name: 'CRI-O honours exact upper-case CAP_ names',
      policy: { nodeDefaults: { runtime: 'cri-o' } },
      manifests: capsPod('CAP_SYS_ADMIN, CAP_SYS_PTRACE'),
      edges: [['Container:default/p/c', 'Node:worker-1', 'high']],
    },
  ],
});

describe('CE_NSENTER evidence', () => {
  it('a privileged container: hostPID, privileged and the root fields', async () => {
    expect(
      await evidenceOf(
        ceNsenter,
        {
          manifests: pod(`  containers:
  - name: c
    image: ubuntu
    securityContext: { privileged: true }`),
        },
        'Container:default/p/c',
        'Node:worker-1',
      ),
    ).toEqual({
      reason:
        'A privileged root container in the host PID namespace can nsenter into PID 1 and get a host shell.',
      object: 'Pod:default/p',
      fields: [
        'spec.hostPID',
        'spec.containers[0].securityContext.privileged',
        'spec.containers[0].securityContext.runAsNonRoot',
      ],
      container: 'c',
      node: 'worker-1',
      root: 'no runAsUser and runAsNonRoot not true: image user assumed root',
    });
  });

  it('capabilities: the capability and profile fields, the node facts and the confinement', async () => {
    expect(
      await evidenceOf(
        ceNsenter,
        { manifests: capsPod('SYS_ADMIN, SYS_PTRACE') },
        'Container:default/p/c',
        'Node:worker-1',
      ),
    ).toEqual({
      reason:
        'A root container with SYS_ADMIN and SYS_PTRACE in the host PID namespace, without AppArmor or SELinux confinement, can nsenter into PID 1.',
      object: 'Pod:default/p',
      fields: [
        'spec.hostPID',
        'spec.containers[0].securityContext.capabilities.add',
        'spec.containers[0].securityContext.appArmorProfile',
        'spec.containers[0].securityContext.runAsNonRoot',
      ],
      container: 'c',
      node: 'worker-1',
      root: 'no runAsUser and runAsNonRoot not true: image user assumed root',
      facts: [
        { fact: 'appArmor', value: false, source: 'defaulted' },
        { fact: 'selinuxEnforcing', value: false, source: 'defaulted' },
      ],
      confinement: 'AppArmor Unconfined (container field)',
    });
  });
});
