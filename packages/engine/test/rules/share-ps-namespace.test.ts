import { sharePsNamespace } from '../../src/rules/share-ps-namespace.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';

const pod = (containers: string): string => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: worker-1
  shareProcessNamespace: true
  containers:
${containers}`;

ruleTester(sharePsNamespace, {
  valid: [
    {
      name: 'different UIDs and no SYS_PTRACE',
      manifests:
        pod(`  - { name: a, image: app, securityContext: { runAsUser: 1000 } }
  - { name: b, image: app, securityContext: { runAsUser: 2000 } }`),
    },
    {
      name: 'a container that never starts reads nothing and is read by nobody',
      manifests:
        pod(`  - { name: a, image: app, securityContext: { runAsUser: 0, runAsNonRoot: true } }
  - { name: b, image: app, securityContext: { runAsUser: 1000, runAsNonRoot: true } }`),
    },
  ],
  invalid: [
    {
      name: 'the fixture: identical containers both ways, SYS_PTRACE one way, capability superset one way, sidecars count',
      manifests: await fixture('SHARE_PS_NAMESPACE'),
      edges: [
        [
          'Container:default/shared-caps/admin',
          'Container:default/shared-caps/plain',
          'medium',
        ],
        [
          'Container:default/shared-ptrace/tracer',
          'Container:default/shared-ptrace/app',
          'medium',
        ],
        [
          'Container:default/shared-sidecar/app',
          'Container:default/shared-sidecar/proxy',
          'medium',
        ],
        [
          'Container:default/shared-sidecar/proxy',
          'Container:default/shared-sidecar/app',
          'medium',
        ],
        [
          'Container:default/shared-yes/a',
          'Container:default/shared-yes/b',
          'medium',
        ],
        [
          'Container:default/shared-yes/b',
          'Container:default/shared-yes/a',
          'medium',
        ],
      ],
    },
    {
      name: 'runtime default AppArmor may not read an unconfined sibling; the unconfined one reads it',
      policy: { nodeDefaults: { appArmor: true } },
      manifests: pod(`  - { name: confined, image: app }
  - { name: loose, image: app, securityContext: { appArmorProfile: { type: Unconfined } } }`),
      edges: [
        ['Container:default/p/loose', 'Container:default/p/confined', 'medium'],
      ],
    },
    {
      name: 'an unset UID is the image user: equal to runAsUser 0, not to 1000',
      manifests: pod(`  - { name: img, image: app }
  - { name: zero, image: app, securityContext: { runAsUser: 0 } }
  - { name: user, image: app, securityContext: { runAsUser: 1000 } }`),
      edges: [
        ['Container:default/p/img', 'Container:default/p/zero'],
        ['Container:default/p/zero', 'Container:default/p/img'],
      ],
    },
  ],
});
