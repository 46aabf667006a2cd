import { ceNsenter } from '../../src/rules/ce-nsenter.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';

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
