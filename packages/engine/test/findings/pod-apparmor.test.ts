import { podApparmor } from '../../src/findings/pod-apparmor.ts';
import { findingTester } from './finding-tester.ts';
import { containers, deployment, pod } from './yaml.ts';

findingTester(podApparmor, {
  valid: [
    { name: 'unset', manifests: pod('p', containers()) },
    {
      name: 'RuntimeDefault field',
      manifests: pod(
        'p',
        containers(
          'securityContext: { appArmorProfile: { type: RuntimeDefault } }',
        ),
      ),
    },
  ],
  invalid: [
    {
      name: 'Unconfined on the pod',
      manifests: pod(
        'p',
        `securityContext: { appArmorProfile: { type: Unconfined } }\n${containers()}`,
      ),
      records: [
        {
          id: 'F-POD-APPARMOR:Container:default/p/c',
          fields: ['spec.securityContext.appArmorProfile'],
          message: ['runs AppArmor-unconfined'],
        },
      ],
    },
    {
      name: 'the deprecated annotation, even with a confining profile',
      manifests: pod('p', containers(), {
        metadata: `annotations: { container.apparmor.security.beta.kubernetes.io/c: runtime/default }`,
      }),
      records: [
        {
          id: 'F-POD-APPARMOR:Container:default/p/c',
          fields: [
            "metadata.annotations['container.apparmor.security.beta.kubernetes.io/c']",
          ],
          message: ['deprecated annotation'],
        },
      ],
    },
    {
      name: 'Unconfined on a Deployment template',
      manifests: deployment(
        'web',
        containers(
          'securityContext: { appArmorProfile: { type: Unconfined } }',
        ),
        1,
      ),
      records: [
        {
          id: 'F-POD-APPARMOR:Container:default/Deployment/web/c',
          fields: [
            'spec.template.spec.containers[0].securityContext.appArmorProfile',
          ],
        },
      ],
    },
  ],
});
