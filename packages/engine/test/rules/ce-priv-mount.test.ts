import { describe, expect, it } from 'vitest';
import { cePrivMount } from '../../src/rules/ce-priv-mount.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { evidenceOf } from './evidence-of.ts';

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

describe('CE_PRIV_MOUNT evidence', () => {
  const windows = (podSecurity: string, securityContext: string) =>
    evidenceOf(
      cePrivMount,
      {
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
  securityContext: ${podSecurity}
  containers:
  - name: c
    image: app
    securityContext: ${securityContext}`,
      },
      'Container:default/p/c',
      'Node:win-1',
    );
  const hostProcess = (field: string) => ({
    reason:
      'A Windows HostProcess container runs directly on the host with its privileges.',
    object: 'Pod:default/p',
    fields: [field],
    container: 'c',
    node: 'win-1',
    root: 'Windows container',
  });

  it('a HostProcess container names the field that sets it: the pod, or the container over the pod', async () => {
    const pod = '{ windowsOptions: { hostProcess: true } }';
    expect(await windows(pod, '{}')).toEqual(
      hostProcess('spec.securityContext.windowsOptions.hostProcess'),
    );
    expect(await windows('{}', pod)).toEqual(
      hostProcess(
        'spec.containers[0].securityContext.windowsOptions.hostProcess',
      ),
    );
    expect(await windows(pod, pod)).toEqual(
      hostProcess(
        'spec.containers[0].securityContext.windowsOptions.hostProcess',
      ),
    );
  });

  it('a privileged root container: privileged and the root fields', async () => {
    expect(
      await evidenceOf(
        cePrivMount,
        {
          manifests: pod(`  containers:
  - name: c
    image: ubuntu
    securityContext: { privileged: true, runAsUser: 0 }`),
        },
        'Container:default/p/c',
        'Node:worker-1',
      ),
    ).toEqual({
      reason:
        'A privileged root container sees every host device and can mount the node disk.',
      object: 'Pod:default/p',
      fields: [
        'spec.containers[0].securityContext.privileged',
        'spec.containers[0].securityContext.runAsUser',
      ],
      container: 'c',
      node: 'worker-1',
      root: 'runAsUser 0',
    });
  });
});
