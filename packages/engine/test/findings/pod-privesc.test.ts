import { podPrivesc } from '../../src/findings/pod-privesc.ts';
import { findingTester } from './finding-tester.ts';
import { containers, deployment, pod } from './yaml.ts';

findingTester(podPrivesc, {
  valid: [
    {
      name: 'allowPrivilegeEscalation: false',
      manifests: pod(
        'p',
        containers('securityContext: { allowPrivilegeEscalation: false }'),
      ),
    },
    {
      name: 'a Windows pod',
      manifests: pod('p', `os: { name: windows }\n${containers()}`),
    },
  ],
  invalid: [
    {
      name: 'unset, and set to true',
      manifests: `${pod('p', containers())}
---
${pod('q', containers('securityContext: { allowPrivilegeEscalation: true }'))}`,
      records: [
        {
          id: 'F-POD-PRIVESC:Container:default/p/c',
          fields: [
            'spec.containers[0].securityContext.allowPrivilegeEscalation',
          ],
        },
        { id: 'F-POD-PRIVESC:Container:default/q/c' },
      ],
    },
    {
      name: 'a controller template',
      manifests: deployment('web', containers(), 1),
      records: [
        {
          id: 'F-POD-PRIVESC:Container:default/Deployment/web/c',
          severity: 'low',
          message: ['(1 pod)'],
        },
      ],
    },
  ],
});
