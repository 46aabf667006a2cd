import { podNetraw } from '../../src/findings/pod-netraw.ts';
import { findingTester } from './finding-tester.ts';
import { containers, pod } from './yaml.ts';

const crio = `apiVersion: v1
kind: Node
metadata: { name: worker-1, labels: { kubernetes.io/os: linux } }
status: { nodeInfo: { containerRuntimeVersion: 'cri-o://1.30.0' } }
`;

findingTester(podNetraw, {
  valid: [
    {
      name: 'NET_RAW dropped',
      manifests: pod(
        'p',
        containers('securityContext: { capabilities: { drop: [NET_RAW] } }'),
      ),
    },
    {
      name: 'a non-root container keeps no capability',
      manifests: pod('p', containers('securityContext: { runAsUser: 1000 }')),
    },
    {
      name: 'the CRI-O defaults lack NET_RAW',
      bare: true,
      manifests: `${crio}---\n${pod('p', containers())}`,
    },
  ],
  invalid: [
    {
      name: 'the containerd defaults hold NET_RAW',
      manifests: pod('p', containers()),
      records: [
        {
          id: 'F-POD-NETRAW:Container:default/p/c',
          message: ['holds NET_RAW (unknown runtime)'],
        },
      ],
    },
    {
      name: 'drop CAP_NET_RAW on containerd drops nothing',
      manifests: pod(
        'p',
        containers(
          'securityContext: { capabilities: { drop: [CAP_NET_RAW] } }',
        ),
      ),
      policy: { nodeDefaults: { runtime: 'containerd' } },
      records: [
        {
          id: 'F-POD-NETRAW:Container:default/p/c',
          message: ['containerd runtime'],
        },
      ],
    },
    {
      name: 'added back on CRI-O',
      bare: true,
      manifests: `${crio}---\n${pod('p', containers('securityContext: { capabilities: { add: [NET_RAW] } }'))}`,
      records: [{ id: 'F-POD-NETRAW:Container:default/p/c' }],
    },
  ],
});
