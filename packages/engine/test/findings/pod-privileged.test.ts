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
  ],
  invalid: [
    {
      // Issue #17 point 7: it has exited, but it ran privileged first (a
      // CNI installer writing the host); the finding was missing before.
      name: 'a privileged init container ran privileged before the pod started',
      manifests: pod(
        'p',
        `initContainers:
- { name: init, image: app:1.0, securityContext: { privileged: true } }
${containers()}`,
      ),
      records: [
        {
          id: 'F-POD-PRIVILEGED:Container:default/p/init',
          severity: 'high',
          objects: ['Container:default/p/init', 'Pod:default/p'],
          fields: ['spec.initContainers[0].securityContext.privileged'],
        },
      ],
    },
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
