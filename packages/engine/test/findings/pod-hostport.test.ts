import { podHostport } from '../../src/findings/pod-hostport.ts';
import { findingTester } from './finding-tester.ts';
import { containers, pod } from './yaml.ts';

findingTester(podHostport, {
  valid: [
    {
      name: 'a containerPort only',
      manifests: pod('p', containers('ports: [{ containerPort: 8080 }]')),
    },
    {
      name: 'hostPort 0',
      manifests: pod(
        'p',
        containers('ports: [{ containerPort: 8080, hostPort: 0 }]'),
      ),
    },
  ],
  invalid: [
    {
      name: 'a hostPort',
      manifests: pod(
        'p',
        containers(
          'ports: [{ containerPort: 80 }, { containerPort: 8080, hostPort: 8080 }]',
        ),
      ),
      records: [
        {
          id: 'F-POD-HOSTPORT:Container:default/p/c',
          fields: ['spec.containers[0].ports[1].hostPort'],
          message: ['declares host port 8080'],
        },
      ],
    },
  ],
});
