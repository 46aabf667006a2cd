import { ceHostFd } from '../../src/rules/ce-host-fd.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { securityContextPod as pod } from '../rbac-manifests.ts';

ruleTester(ceHostFd, {
  valid: [
    {
      name: 'SELinux container_t may not read host files',
      policy: { nodeDefaults: { selinuxEnforcing: true } },
      manifests: pod('{ capabilities: { add: [DAC_READ_SEARCH] } }'),
    },
    {
      name: 'add ALL then drop DAC_READ_SEARCH',
      manifests: pod(
        '{ capabilities: { add: [ALL], drop: [DAC_READ_SEARCH] } }',
      ),
    },
    {
      name: 'a Windows node runs no Linux escape',
      bare: true,
      manifests: `apiVersion: v1
kind: Node
metadata: { name: win-1, labels: { kubernetes.io/os: windows } }
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: win-1
  containers:
  - name: c
    image: app
    securityContext: { capabilities: { add: [DAC_READ_SEARCH] } }`,
    },
  ],
  invalid: [
    {
      name: 'the fixture: DAC_READ_SEARCH added or implied by privileged, for root only',
      manifests: await fixture('CE_HOST_FD'),
      edges: [
        ['Container:default/hostfd-priv-yes/shocker', 'Node:worker-1', 'high'],
        ['Container:default/hostfd-yes/shocker', 'Node:worker-1', 'high'],
      ],
    },
    {
      name: 'a privileged container on an SELinux node runs as spc_t',
      policy: { nodeDefaults: { selinuxEnforcing: true } },
      manifests: pod('{ privileged: true }'),
      edges: [['Container:default/p/c', 'Node:worker-1']],
    },
  ],
});
