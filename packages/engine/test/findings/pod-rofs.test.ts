import { podRofs } from '../../src/findings/pod-rofs.ts';
import { findingTester } from './finding-tester.ts';
import { containers, pod } from './yaml.ts';

findingTester(podRofs, {
  valid: [
    {
      name: 'readOnlyRootFilesystem: true',
      manifests: pod(
        'p',
        containers('securityContext: { readOnlyRootFilesystem: true }'),
      ),
    },
  ],
  invalid: [
    {
      name: 'unset',
      manifests: pod('p', containers()),
      records: [
        {
          id: 'F-POD-ROFS:Container:default/p/c',
          fields: ['spec.containers[0].securityContext.readOnlyRootFilesystem'],
        },
      ],
    },
  ],
});
