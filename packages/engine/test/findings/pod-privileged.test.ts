import { podPrivileged } from '../../src/findings/pod-privileged.ts';
import { findingTester } from './finding-tester.ts';
import { containers, deployment, pod } from './yaml.ts';

findingTester(podPrivileged, {
  valid: [
    {
      name: 'privileged: false',
      manifests: pod('p', containers('securityContext: { privileged: false }')),
    },
    {
      name: 'capabilities only',
      manifests: pod(
        'p',
        containers('securityContext: { capabilities: { add: [SYS_ADMIN] } }'),
      ),
    },
    {
      name: 'a privileged init container has exited',
      manifests: pod(
        'p',
        `initContainers:
- { name: init, image: app:1.0, securityContext: { privileged: true } }
${containers()}`,
      ),
    },
  ],
  invalid: [
    {
      name: 'a privileged container',
      manifests: pod('p', containers('securityContext: { privileged: true }')),
      records: [
        {
          id: 'F-POD-PRIVILEGED:Container:default/p/c',
          severity: 'high',
          objects: ['Container:default/p/c', 'Pod:default/p'],
          fields: ['spec.containers[0].securityContext.privileged'],
        },
      ],
    },
    {
      name: 'three pods of a Deployment, second container privileged',
      manifests: deployment(
        'agent',
        `containers:
- { name: a, image: app:1.0 }
- { name: b, image: app:1.0, securityContext: { privileged: true } }`,
        3,
      ),
      records: [
        {
          id: 'F-POD-PRIVILEGED:Container:default/Deployment/agent/b',
          fields: [
            'spec.template.spec.containers[1].securityContext.privileged',
          ],
          message: [
            'Container b of Deployment default/agent (3 pods) runs privileged',
          ],
        },
      ],
    },
  ],
});
