import { podProcmount } from '../../src/findings/pod-procmount.ts';
import { findingTester } from './finding-tester.ts';
import { containers, pod } from './yaml.ts';

findingTester(podProcmount, {
  valid: [
    {
      name: 'procMount Default',
      manifests: pod(
        'p',
        containers('securityContext: { procMount: Default }'),
      ),
    },
    { name: 'unset', manifests: pod('p', containers()) },
  ],
  invalid: [
    {
      name: 'procMount Unmasked',
      manifests: pod(
        'p',
        `hostUsers: false\n${containers('securityContext: { procMount: Unmasked }')}`,
      ),
      records: [
        {
          id: 'F-POD-PROCMOUNT:Container:default/p/c',
          severity: 'high',
          fields: ['spec.containers[0].securityContext.procMount'],
        },
      ],
    },
  ],
});
