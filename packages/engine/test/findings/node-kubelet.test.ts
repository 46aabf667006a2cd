import { nodeKubelet } from '../../src/findings/node-kubelet.ts';
import { findingTester } from './finding-tester.ts';

findingTester(nodeKubelet, {
  valid: [
    { name: 'the defaults (anonymous off, Webhook, port 0)', manifests: '' },
    {
      name: 'given safe settings',
      manifests: '',
      policy: {
        nodes: {
          'worker-1': {
            kubeletAuth: { anonymous: false, mode: 'Webhook' },
            kubeletReadOnlyPort: 0,
          },
        },
      },
    },
  ],
  invalid: [
    {
      name: 'anonymous auth, AlwaysAllow and the read-only port',
      manifests: '',
      policy: {
        nodes: {
          'worker-1': {
            kubeletAuth: { anonymous: true, mode: 'AlwaysAllow' },
            kubeletReadOnlyPort: 10255,
          },
        },
      },
      records: [
        {
          id: 'F-NODE-KUBELET:Node:worker-1',
          severity: 'high',
          objects: ['Node:worker-1'],
          message: [
            'anonymous authentication on (given)',
            'AlwaysAllow',
            'read-only port 10255',
          ],
        },
      ],
    },
  ],
});
