import { describe, expect, it } from 'vitest';
import { ceModuleLoad } from '../../src/rules/ce-module-load.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { securityContextPod as pod } from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

ruleTester(ceModuleLoad, {
  valid: [
    {
      name: 'module loading restricted on the node (signatures, LoadPin, lockdown)',
      policy: { nodeDefaults: { moduleLoadingRestricted: true } },
      manifests: pod('{ capabilities: { add: [SYS_MODULE] } }'),
    },
    {
      name: 'Container-Optimized OS restricts module loading (OS image table)',
      bare: true,
      manifests: `apiVersion: v1
kind: Node
metadata: { name: cos-1, labels: { kubernetes.io/os: linux } }
status: { nodeInfo: { osImage: Container-Optimized OS from Google } }
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: cos-1
  containers:
  - name: c
    image: ubuntu
    securityContext: { privileged: true }`,
    },
    {
      name: 'SELinux-confined container (container_t)',
      policy: { nodeDefaults: { selinuxEnforcing: true } },
      manifests: pod('{ capabilities: { add: [SYS_MODULE] } }'),
    },
    {
      name: 'containerd ignores CAP_SYS_MODULE',
      policy: { nodeDefaults: { runtime: 'containerd' } },
      manifests: pod('{ capabilities: { add: [CAP_SYS_MODULE] } }'),
    },
    {
      name: 'NET_ADMIN and SYS_ADMIN are not SYS_MODULE',
      manifests: pod('{ capabilities: { add: [NET_ADMIN, SYS_ADMIN] } }'),
    },
  ],
  invalid: [
    {
      name: 'the fixture: SYS_MODULE, ALL and privileged (high), CAP_SYS_MODULE on an unknown runtime (low)',
      manifests: await fixture('CE_MODULE_LOAD'),
      edges: [
        ['Container:default/modload-all-yes/loader', 'Node:worker-1', 'high'],
        [
          'Container:default/modload-prefixed-yes/loader',
          'Node:worker-1',
          'low',
        ],
        ['Container:default/modload-priv-yes/loader', 'Node:worker-1', 'high'],
        ['Container:default/modload-yes/loader', 'Node:worker-1', 'high'],
      ],
    },
    {
      name: 'an SELinux type spc_t is not confined',
      policy: { nodeDefaults: { selinuxEnforcing: true } },
      manifests: pod(
        '{ seLinuxOptions: { type: spc_t }, capabilities: { add: [SYS_MODULE] } }',
      ),
      edges: [['Container:default/p/c', 'Node:worker-1']],
    },
  ],
});

describe('CE_MODULE_LOAD evidence', () => {
  it('names the fields, the node facts and the capabilities', async () => {
    expect(
      await evidenceOf(
        ceModuleLoad,
        { manifests: pod('{ capabilities: { add: [SYS_MODULE] } }') },
        'Container:default/p/c',
        'Node:worker-1',
      ),
    ).toEqual({
      reason:
        'A root container with SYS_MODULE can load a kernel module into the node kernel.',
      object: 'Pod:default/p',
      fields: [
        'spec.containers[0].securityContext.capabilities.add',
        'spec.containers[0].securityContext.runAsNonRoot',
      ],
      container: 'c',
      node: 'worker-1',
      root: 'no runAsUser and runAsNonRoot not true: image user assumed root',
      facts: [
        { fact: 'moduleLoadingRestricted', value: false, source: 'defaulted' },
        { fact: 'selinuxEnforcing', value: false, source: 'defaulted' },
      ],
      capabilities: 'unknown defaults, add',
    });
  });
});
