import { nodeCgroupv1 } from '../../src/findings/node-cgroupv1.ts';
import { findingTester } from './finding-tester.ts';

const node = (
  name: string,
  osImage: string,
  kubelet = 'v1.31.4',
) => `apiVersion: v1
kind: Node
metadata: { name: ${name}, labels: { kubernetes.io/os: linux } }
status: { nodeInfo: { osImage: '${osImage}', kubeletVersion: ${kubelet} } }`;

findingTester(nodeCgroupv1, {
  valid: [
    { name: 'the default (v2)', manifests: '' },
    {
      name: 'Ubuntu 24.04',
      bare: true,
      manifests: node('n', 'Ubuntu 24.04.1 LTS'),
    },
    {
      name: 'a 1.35 kubelet refuses cgroup v1',
      bare: true,
      manifests: node('n', 'Amazon Linux 2', 'v1.35.0'),
    },
  ],
  invalid: [
    {
      name: 'Amazon Linux 2 (OS image table) and a node given in the policy',
      bare: true,
      manifests: `${node('al2', 'Amazon Linux 2')}
---
${node('given', 'Ubuntu 24.04.1 LTS')}`,
      policy: { nodes: { given: { cgroupVersion: 'v1' } } },
      records: [
        {
          id: 'F-NODE-CGROUPV1:Node:al2',
          severity: 'low',
          objects: ['Node:al2'],
          message: ['(derived)'],
        },
        { id: 'F-NODE-CGROUPV1:Node:given', message: ['(given)'] },
      ],
    },
  ],
});
