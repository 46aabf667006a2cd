import { podCaps } from '../../src/findings/pod-caps.ts';
import { findingTester } from './finding-tester.ts';
import { containers, pod } from './yaml.ts';

const caps = (value: string) =>
  pod('p', containers(`securityContext: { capabilities: ${value} }`));

findingTester(podCaps, {
  valid: [
    { name: 'drop ALL', manifests: caps('{ drop: [ALL] }') },
    {
      name: 'drop ALL, add NET_BIND_SERVICE (baseline list)',
      manifests: caps('{ drop: [ALL], add: [NET_BIND_SERVICE, CHOWN] }'),
    },
    {
      name: 'privileged containers are F-POD-PRIVILEGED',
      manifests: pod('p', containers('securityContext: { privileged: true }')),
    },
  ],
  invalid: [
    {
      name: 'nothing dropped',
      manifests: pod('p', containers()),
      records: [
        {
          id: 'F-POD-CAPS:Container:default/p/c',
          fields: ['spec.containers[0].securityContext.capabilities.drop'],
          message: ['does not drop ALL'],
        },
      ],
    },
    {
      name: 'SYS_ADMIN and the literal CAP_CHOWN are outside the baseline list',
      manifests: caps('{ drop: [ALL], add: [SYS_ADMIN, CAP_CHOWN] }'),
      records: [
        {
          id: 'F-POD-CAPS:Container:default/p/c',
          fields: ['spec.containers[0].securityContext.capabilities.add'],
          message: ['adds SYS_ADMIN, CAP_CHOWN'],
        },
      ],
    },
    {
      name: 'a non-root container is still reported (the spec is the finding)',
      manifests: pod(
        'p',
        containers(
          'securityContext: { runAsUser: 1000, capabilities: { add: [NET_ADMIN], drop: [ALL] } }',
        ),
      ),
      records: [{ id: 'F-POD-CAPS:Container:default/p/c' }],
    },
  ],
});
