import { describe, expect, it } from 'vitest';
import { containerAttach } from '../../src/rules/container-attach.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { evidenceOf } from './evidence-of.ts';
import { pod } from '../rbac-manifests.ts';

ruleTester(containerAttach, {
  valid: [
    {
      name: 'a completed pod runs nothing',
      manifests: `apiVersion: v1
kind: Pod
metadata: { name: done, namespace: default }
spec:
  containers: [{ name: c, image: busybox }]
status: { phase: Succeeded }`,
    },
    {
      name: 'an ordinary init container has exited',
      manifests: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  initContainers: [{ name: init, image: busybox }]
  containers: []`,
    },
  ],
  invalid: [
    {
      name: 'the fixture: regular, sidecar and ephemeral containers, not the init container',
      manifests: await fixture('CONTAINER_ATTACH'),
      edges: [
        ['Pod:default/attach-yes', 'Container:default/attach-yes/app', 'high'],
        [
          'Pod:default/attach-yes',
          'Container:default/attach-yes/debugger',
          'high',
        ],
        [
          'Pod:default/attach-yes',
          'Container:default/attach-yes/proxy',
          'high',
        ],
      ],
    },
    {
      name: 'a controller without pods: its stand-in reaches the template containers',
      manifests: `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: default }
spec:
  schedule: '0 0 * * *'
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{ name: run, image: busybox }]`,
      edges: [
        [
          'PodTemplate:default/CronJob/nightly',
          'Container:default/CronJob/nightly/run',
        ],
      ],
    },
  ],
});

describe('CONTAINER_ATTACH evidence', () => {
  it('names the container and its kind', async () => {
    expect(
      await evidenceOf(
        containerAttach,
        { manifests: pod('p') },
        'Pod:default/p',
        'Container:default/p/app',
      ),
    ).toEqual({ container: 'app', containerKind: 'container' });
  });
});
