import { describe, expect, it } from 'vitest';
import { ceCgroupReleaseAgent } from '../../src/rules/ce-cgroup-release-agent.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { securityContextPod as pod } from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

ruleTester(ceCgroupReleaseAgent, {
  valid: [
    {
      name: 'a cgroup v2 node (the default) does not expose release_agent',
      manifests: pod('{ privileged: true }'),
    },
    {
      name: 'a kubelet from 1.35 refuses cgroup v1',
      bare: true,
      manifests: `apiVersion: v1
kind: Node
metadata: { name: new-1, labels: { kubernetes.io/os: linux } }
status: { nodeInfo: { osImage: Ubuntu 20.04.6 LTS, kubeletVersion: v1.35.0 } }
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: new-1
  containers:
  - name: c
    image: ubuntu
    securityContext: { privileged: true }`,
    },
    {
      name: 'SELinux blocks the mount on a cgroup v1 node',
      policy: { nodeDefaults: { cgroupVersion: 'v1', selinuxEnforcing: true } },
      manifests: pod(
        '{ appArmorProfile: { type: Unconfined }, capabilities: { add: [SYS_ADMIN] } }',
      ),
    },
    {
      name: 'no SYS_ADMIN on a cgroup v1 node',
      policy: { nodeDefaults: { cgroupVersion: 'v1' } },
      manifests: pod(
        '{ appArmorProfile: { type: Unconfined }, capabilities: { add: [NET_ADMIN] } }',
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: cgroup v1 from the OS image table is medium; AppArmor on the node confines the default profile',
      manifests: await fixture('CE_CGROUP_RELEASE_AGENT'),
      edges: [
        [
          'Container:default/release-agent-priv-yes/shell',
          'Node:ubuntu-2004',
          'medium',
        ],
        [
          'Container:default/release-agent-yes/shell',
          'Node:ubuntu-2004',
          'medium',
        ],
      ],
    },
    {
      name: 'cgroup v1 given by the policy: high',
      policy: { nodeDefaults: { cgroupVersion: 'v1', appArmor: false } },
      manifests: pod('{ capabilities: { add: [SYS_ADMIN] } }'),
      edges: [['Container:default/p/c', 'Node:worker-1', 'high']],
    },
  ],
});

describe('CE_CGROUP_RELEASE_AGENT evidence', () => {
  it('names the fields, the cgroup version and the confinement', async () => {
    expect(
      await evidenceOf(
        ceCgroupReleaseAgent,
        {
          manifests: pod('{ capabilities: { add: [SYS_ADMIN] } }'),
          policy: { nodeDefaults: { cgroupVersion: 'v1', appArmor: false } },
        },
        'Container:default/p/c',
        'Node:worker-1',
      ),
    ).toEqual({
      reason:
        'A root container with SYS_ADMIN on a cgroup v1 node, without AppArmor or SELinux confinement, can set a cgroup release_agent the host runs as root.',
      object: 'Pod:default/p',
      fields: [
        'spec.containers[0].securityContext.capabilities.add',
        'spec.containers[0].securityContext.runAsNonRoot',
      ],
      container: 'c',
      node: 'worker-1',
      root: 'no runAsUser and runAsNonRoot not true: image user assumed root',
      facts: [
        { fact: 'cgroupVersion', value: 'v1', source: 'given' },
        { fact: 'appArmor', value: false, source: 'given' },
        { fact: 'selinuxEnforcing', value: false, source: 'defaulted' },
      ],
      confinement: 'node has no AppArmor (given)',
    });
  });
});
