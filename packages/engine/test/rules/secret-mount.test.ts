import { describe, expect, it } from 'vitest';
import { secretMount } from '../../src/rules/secret-mount.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { evidenceOf } from './evidence-of.ts';

ruleTester(secretMount, {
  valid: [
    {
      name: 'a Secret that is not in the input gives no edge',
      manifests: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  containers: [{ name: c, image: app, volumeMounts: [{ name: v, mountPath: /s }] }]
  volumes: [{ name: v, secret: { secretName: absent } }]`,
    },
    {
      name: 'a Secret of the same name in another namespace is not the one mounted',
      manifests: `apiVersion: v1
kind: Secret
metadata: { name: creds, namespace: other }
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  containers: [{ name: c, image: app, envFrom: [{ secretRef: { name: creds } }] }]`,
    },
  ],
  invalid: [
    {
      name: 'the fixture: secret volume, projected source, secretKeyRef and envFrom',
      manifests: await fixture('SECRET_MOUNT'),
      edges: [
        ['Container:default/secret-mount-yes/app', 'Secret:default/api-key'],
        [
          'Container:default/secret-mount-yes/app',
          'Secret:default/db-credentials',
        ],
        ['Container:default/secret-mount-yes/app', 'Secret:default/env-bundle'],
        ['Container:default/secret-mount-yes/app', 'Secret:default/tls-cert'],
      ],
    },
    {
      name: 'a sidecar, an ephemeral container and a controller template',
      manifests: `apiVersion: v1
kind: Secret
metadata: { name: s, namespace: default }
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  initContainers:
  - { name: side, image: envoy, restartPolicy: Always, volumeMounts: [{ name: v, mountPath: /s }] }
  containers: [{ name: c, image: app }]
  ephemeralContainers:
  - { name: debug, image: busybox, volumeMounts: [{ name: v, mountPath: /s }] }
  volumes: [{ name: v, secret: { secretName: s } }]
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: backup, namespace: default }
spec:
  schedule: '@daily'
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: run
            image: backup
            env: [{ name: P, valueFrom: { secretKeyRef: { name: s, key: p } } }]`,
      edges: [
        ['Container:default/CronJob/backup/run', 'Secret:default/s', 'high'],
        ['Container:default/p/debug', 'Secret:default/s', 'high'],
        ['Container:default/p/side', 'Secret:default/s', 'high'],
      ],
    },
  ],
});

describe('SECRET_MOUNT evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('SECRET_MOUNT');
    expect(
      await evidenceOf(
        secretMount,
        { manifests },
        'Container:default/secret-mount-yes/app',
        'Secret:default/db-credentials',
      ),
    ).toEqual({
      reason: 'The container mounts this Secret as files.',
      object: 'Pod:default/secret-mount-yes',
      fields: [
        'spec.volumes[0].secret.secretName',
        'spec.containers[0].volumeMounts[0]',
      ],
      ways: ['secret volume'],
    });
    expect(
      await evidenceOf(
        secretMount,
        { manifests },
        'Container:default/secret-mount-yes/app',
        'Secret:default/api-key',
      ),
    ).toEqual({
      reason:
        'The container receives values of this Secret in its environment.',
      object: 'Pod:default/secret-mount-yes',
      fields: ['spec.containers[0].env[0].valueFrom.secretKeyRef.name'],
      ways: ['env secretKeyRef'],
    });
  });
});

describe('SECRET_MOUNT evidence of each way', () => {
  const manifests = `apiVersion: v1
kind: Secret
metadata: { name: both, namespace: default }
---
apiVersion: v1
kind: Secret
metadata: { name: envonly, namespace: default }
---
apiVersion: v1
kind: Secret
metadata: { name: proj, namespace: default }
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: worker-1
  containers:
  - name: c
    image: app
    env:
    - { name: PLAIN, value: x }
    - { name: FROM_CM, valueFrom: { configMapKeyRef: { name: cm, key: k } } }
    - { name: EMPTY, valueFrom: { secretKeyRef: { name: '', key: k } } }
    - { name: A, valueFrom: { secretKeyRef: { name: both, key: k } } }
    - { name: B, valueFrom: { secretKeyRef: { name: envonly, key: k } } }
    - { name: C, valueFrom: { secretKeyRef: { name: envonly, key: j } } }
    envFrom:
    - { configMapRef: { name: cm } }
    - { secretRef: { name: envonly } }
    volumeMounts:
    - { name: s, mountPath: /s }
    - { name: s, mountPath: /s2 }
    - { name: pj, mountPath: /pj }
  volumes:
  - { name: s, secret: { secretName: both } }
  - { name: pj, projected: { sources: [{ configMap: { name: cm } }, { secret: { name: proj } }] } }
`;
  const evidence = (secret: string) =>
    evidenceOf(
      secretMount,
      { manifests },
      'Container:default/p/c',
      `Secret:default/${secret}`,
    );

  it('files and environment, projected files, environment only: the reason, every field and way once', async () => {
    expect(await evidence('both')).toEqual({
      reason:
        'The container mounts this Secret as files and receives its values in its environment.',
      object: 'Pod:default/p',
      fields: [
        'spec.volumes[0].secret.secretName',
        'spec.containers[0].volumeMounts[0]',
        'spec.containers[0].env[3].valueFrom.secretKeyRef.name',
      ],
      ways: ['secret volume', 'env secretKeyRef'],
    });
    expect(await evidence('proj')).toEqual({
      reason: 'The container mounts this Secret as files.',
      object: 'Pod:default/p',
      fields: [
        'spec.volumes[1].projected.sources[1].secret.name',
        'spec.containers[0].volumeMounts[2]',
      ],
      ways: ['projected secret'],
    });
    expect(await evidence('envonly')).toEqual({
      reason:
        'The container receives values of this Secret in its environment.',
      object: 'Pod:default/p',
      fields: [
        'spec.containers[0].env[4].valueFrom.secretKeyRef.name',
        'spec.containers[0].env[5].valueFrom.secretKeyRef.name',
        'spec.containers[0].envFrom[1].secretRef.name',
      ],
      ways: ['env secretKeyRef', 'envFrom secretRef'],
    });
  });
});
