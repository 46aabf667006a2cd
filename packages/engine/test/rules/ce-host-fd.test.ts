import { describe, expect, it } from 'vitest';
import { ceHostFd } from '../../src/rules/ce-host-fd.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { securityContextPod as pod } from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

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
      name: 'root only by assumeSetuidRoot: low',
      policy: { assumeSetuidRoot: true },
      manifests: pod(
        '{ runAsUser: 1000, capabilities: { add: [DAC_READ_SEARCH] } }',
      ),
      edges: [['Container:default/p/c', 'Node:worker-1', 'low']],
    },
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

describe('CE_HOST_FD evidence', () => {
  it('names the fields, the SELinux fact, the capabilities and whether it writes', async () => {
    expect(
      await evidenceOf(
        ceHostFd,
        { manifests: pod('{ capabilities: { add: [DAC_READ_SEARCH] } }') },
        'Container:default/p/c',
        'Node:worker-1',
      ),
    ).toEqual({
      reason:
        'A root container with DAC_READ_SEARCH can open any host file through open_by_handle_at.',
      object: 'Pod:default/p',
      fields: [
        'spec.containers[0].securityContext.capabilities.add',
        'spec.containers[0].securityContext.runAsNonRoot',
      ],
      container: 'c',
      node: 'worker-1',
      root: 'no runAsUser and runAsNonRoot not true: image user assumed root',
      facts: [{ fact: 'selinuxEnforcing', value: false, source: 'defaulted' }],
      capabilities: 'unknown defaults, add',
      writes: true,
    });
  });
});
