import { podLimits } from '../../src/findings/pod-limits.ts';
import { findingTester } from './finding-tester.ts';
import { containers, pod } from './yaml.ts';

findingTester(podLimits, {
  valid: [
    {
      name: 'CPU and memory limits',
      manifests: pod(
        'p',
        containers('resources: { limits: { cpu: 500m, memory: 256Mi } }'),
      ),
    },
  ],
  invalid: [
    {
      name: 'no resources, and requests only',
      manifests: `${pod('p', containers())}
---
${pod('q', containers('resources: { requests: { cpu: 1 }, limits: { memory: 1Gi } }'))}`,
      records: [
        {
          id: 'F-POD-LIMITS:Container:default/p/c',
          fields: ['spec.containers[0].resources.limits'],
          message: ['has no cpu or memory limit'],
        },
        {
          id: 'F-POD-LIMITS:Container:default/q/c',
          message: ['has no cpu limit'],
        },
      ],
    },
  ],
});
