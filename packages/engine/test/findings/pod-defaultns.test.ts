import { podDefaultns } from '../../src/findings/pod-defaultns.ts';
import { findingTester } from './finding-tester.ts';
import { containers, deployment, pod } from './yaml.ts';

findingTester(podDefaultns, {
  valid: [
    {
      name: 'a pod in its own namespace',
      manifests: pod('p', containers(), { namespace: 'shop' }),
    },
    {
      name: 'a finished pod in default',
      manifests: pod('p', containers(), { status: 'phase: Failed' }),
    },
  ],
  invalid: [
    {
      name: 'a bare pod and a Deployment in default',
      manifests: `${pod('p', containers())}
---
${deployment('web', containers(), 2)}`,
      records: [
        {
          id: 'F-POD-DEFAULTNS:Deployment:default/web',
          objects: [
            'Deployment:default/web',
            'Namespace:default',
            'Pod:default/web-5d8f7c9b4-p0',
            'Pod:default/web-5d8f7c9b4-p1',
          ],
        },
        {
          id: 'F-POD-DEFAULTNS:Pod:default/p',
          objects: ['Pod:default/p', 'Namespace:default'],
        },
      ],
    },
  ],
});
