import { podSeccomp } from '../../src/findings/pod-seccomp.ts';
import { findingTester } from './finding-tester.ts';
import { containers, pod } from './yaml.ts';

findingTester(podSeccomp, {
  valid: [
    {
      name: 'RuntimeDefault on the pod',
      manifests: pod(
        'p',
        `securityContext: { seccompProfile: { type: RuntimeDefault } }\n${containers()}`,
      ),
    },
    {
      name: 'Localhost on the container',
      manifests: pod(
        'p',
        containers(
          'securityContext: { seccompProfile: { type: Localhost, localhostProfile: p.json } }',
        ),
      ),
    },
    {
      name: 'unset, with kubelet seccompDefault',
      manifests: pod('p', containers()),
      policy: { nodeDefaults: { seccompDefault: true } },
    },
  ],
  invalid: [
    {
      name: 'unset without seccompDefault',
      manifests: pod('p', containers()),
      records: [
        {
          id: 'F-POD-SECCOMP:Container:default/p/c',
          fields: ['spec.containers[0].securityContext.seccompProfile'],
          message: ['no seccompProfile'],
        },
      ],
    },
    {
      name: 'Unconfined on the pod overrides seccompDefault',
      manifests: pod(
        'p',
        `securityContext: { seccompProfile: { type: Unconfined } }\n${containers()}`,
      ),
      policy: { nodeDefaults: { seccompDefault: true } },
      records: [
        {
          id: 'F-POD-SECCOMP:Container:default/p/c',
          fields: ['spec.securityContext.seccompProfile'],
          message: ['Unconfined (pod field)'],
        },
      ],
    },
    {
      name: 'privileged with RuntimeDefault still runs unconfined',
      manifests: pod(
        'p',
        containers(
          'securityContext: { privileged: true, seccompProfile: { type: RuntimeDefault } }',
        ),
      ),
      records: [
        {
          id: 'F-POD-SECCOMP:Container:default/p/c',
          message: ['(privileged)'],
        },
      ],
    },
  ],
});
