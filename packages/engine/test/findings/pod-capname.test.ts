import { podCapname } from '../../src/findings/pod-capname.ts';
import { findingTester } from './finding-tester.ts';
import { containers, pod } from './yaml.ts';

const node = (runtime: string) => `apiVersion: v1
kind: Node
metadata: { name: n1, labels: { kubernetes.io/os: linux } }
status: { nodeInfo: { containerRuntimeVersion: '${runtime}://1.0' } }
---
`;

const on = (runtime: string, value: string) =>
  node(runtime) +
  pod('p', containers(`securityContext: { capabilities: ${value} }`), {
    node: 'n1',
  });

findingTester(podCapname, {
  valid: [
    {
      name: 'names without the prefix',
      manifests: on('containerd', '{ drop: [NET_RAW], add: [NET_ADMIN] }'),
    },
    {
      name: 'privileged containers ignore the lists',
      manifests: pod(
        'p',
        containers(
          'securityContext: { privileged: true, capabilities: { drop: [CAP_NET_RAW] } }',
        ),
      ),
    },
  ],
  invalid: [
    {
      name: 'drop CAP_NET_RAW on containerd drops nothing',
      manifests: on('containerd', '{ drop: [CAP_NET_RAW] }'),
      records: [
        {
          id: 'F-POD-CAPNAME:Container:default/p/c',
          fields: ['spec.containers[0].securityContext.capabilities.drop'],
          message: ['drop CAP_NET_RAW (ignored on containerd)'],
        },
      ],
    },
    {
      name: 'CRI-O ignores a lower-case cap_ entry; an exact CAP_X works there but not on containerd',
      manifests: on('cri-o', '{ add: [cap_sys_time, CAP_SYS_ADMIN] }'),
      records: [
        {
          id: 'F-POD-CAPNAME:Container:default/p/c',
          message: [
            'add cap_sys_time (ignored on cri-o, ignored on containerd)',
            'add CAP_SYS_ADMIN (ignored on containerd)',
          ],
        },
      ],
    },
    {
      name: 'an unknown capability name',
      manifests: on('containerd', '{ add: [SYS_EVERYTHING] }'),
      records: [
        {
          id: 'F-POD-CAPNAME:Container:default/p/c',
          message: ['add SYS_EVERYTHING (ignored on containerd)'],
        },
      ],
    },
  ],
});
