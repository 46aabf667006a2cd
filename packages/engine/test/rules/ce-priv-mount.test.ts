import { cePrivMount } from '../../src/rules/ce-priv-mount.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';

const pod = (spec: string): string => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: worker-1
${spec}`;

ruleTester(cePrivMount, {
  valid: [
    {
      name: 'hostNetwork, hostPID and hostIPC alone are no escape',
      manifests: pod(`  hostNetwork: true
  hostPID: true
  hostIPC: true
  containers: [{ name: c, image: ubuntu }]`),
    },
    {
      name: 'privileged is ignored for a non-root container (runAsNonRoot, image user unknown)',
      manifests: pod(`  containers:
  - name: c
    image: ubuntu
    securityContext: { privileged: true, runAsNonRoot: true }`),
    },
    {
      name: 'privileged with a policy imageUsers entry naming a non-root user',
      policy: { imageUsers: { 'example/app': 1001 } },
      manifests: pod(`  containers:
  - name: c
    image: example/app:2.1
    securityContext: { privileged: true }`),
    },
    {
      name: 'privileged with hostUsers: false on a node with user namespaces',
      policy: { nodeDefaults: { userNamespaces: true } },
      manifests: pod(`  hostUsers: false
  containers:
  - name: c
    image: ubuntu
    securityContext: { privileged: true }`),
    },
    {
      name: 'an ordinary init container has exited',
      manifests: pod(`  initContainers:
  - name: init
    image: ubuntu
    securityContext: { privileged: true }
  containers: [{ name: c, image: ubuntu }]`),
    },
    {
      name: 'a pod without spec.nodeName is on no node',
      manifests: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  containers:
  - name: c
    image: ubuntu
    securityContext: { privileged: true }`,
    },
  ],
  invalid: [
    {
      name: 'the fixture: privileged root containers, a HostProcess container, a stand-in (medium)',
      manifests: await fixture('CE_PRIV_MOUNT'),
      edges: [
        [
          'Container:default/DaemonSet/priv-agent-yes@worker-1/agent',
          'Node:worker-1',
          'medium',
        ],
        ['Container:default/hostprocess-yes/agent', 'Node:win-1', 'high'],
        ['Container:default/priv-mount-yes/shell', 'Node:worker-1', 'high'],
      ],
    },
    {
      name: 'a privileged sidecar and an ephemeral container run',
      manifests: pod(`  initContainers:
  - name: side
    image: ubuntu
    restartPolicy: Always
    securityContext: { privileged: true }
  containers: [{ name: c, image: ubuntu }]
  ephemeralContainers:
  - name: debug
    image: ubuntu
    securityContext: { privileged: true }`),
      edges: [
        ['Container:default/p/debug', 'Node:worker-1'],
        ['Container:default/p/side', 'Node:worker-1'],
      ],
    },
    {
      name: 'assumeSetuidRoot makes a non-root privileged container root at low confidence',
      policy: { assumeSetuidRoot: true },
      manifests: pod(`  containers:
  - name: c
    image: ubuntu
    securityContext: { privileged: true, runAsUser: 1000 }`),
      edges: [['Container:default/p/c', 'Node:worker-1', 'low']],
    },
  ],
});
