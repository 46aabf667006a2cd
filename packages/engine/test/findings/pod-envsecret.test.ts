import { podEnvsecret } from '../../src/findings/pod-envsecret.ts';
import { findingTester } from './finding-tester.ts';
import { containers, pod } from './yaml.ts';

findingTester(podEnvsecret, {
  valid: [
    {
      name: 'a Secret volume',
      manifests: pod(
        'p',
        `containers: [{ name: c, image: app:1.0, volumeMounts: [{ name: s, mountPath: /s }] }]
volumes: [{ name: s, secret: { secretName: db } }]`,
      ),
    },
    {
      name: 'a ConfigMap in env',
      manifests: pod(
        'p',
        containers('envFrom: [{ configMapRef: { name: settings } }]'),
      ),
    },
  ],
  invalid: [
    {
      name: 'secretKeyRef and envFrom secretRef; the Secret in the input is listed',
      manifests: `apiVersion: v1
kind: Secret
metadata: { name: db, namespace: default }
type: Opaque
---
${pod(
  'p',
  containers(`env:
- { name: A, value: x }
- name: PASSWORD
  valueFrom: { secretKeyRef: { name: db, key: password } }
envFrom: [{ secretRef: { name: absent } }]`),
)}`,
      records: [
        {
          id: 'F-POD-ENVSECRET:Container:default/p/c',
          objects: [
            'Container:default/p/c',
            'Pod:default/p',
            'Secret:default/db',
          ],
          fields: [
            'spec.containers[0].env[1].valueFrom.secretKeyRef',
            'spec.containers[0].envFrom[0].secretRef',
          ],
          message: ['reads Secrets db, absent from environment variables'],
        },
      ],
    },
  ],
});
