import { podRoot } from '../../src/findings/pod-root.ts';
import { findingTester } from './finding-tester.ts';
import { containers, deployment, pod } from './yaml.ts';

findingTester(podRoot, {
  valid: [
    {
      name: 'runAsNonRoot: true on the pod',
      manifests: pod(
        'p',
        `securityContext: { runAsNonRoot: true }\n${containers()}`,
      ),
    },
    {
      name: 'a non-zero runAsUser on the container',
      manifests: pod('p', containers('securityContext: { runAsUser: 1000 }')),
    },
    {
      name: 'runAsUser 0 with runAsNonRoot: true never starts',
      manifests: pod(
        'p',
        containers('securityContext: { runAsUser: 0, runAsNonRoot: true }'),
      ),
    },
    {
      name: 'hostUsers: false on a node with user namespaces',
      manifests: pod('p', `hostUsers: false\n${containers()}`),
      policy: { nodeDefaults: { userNamespaces: true } },
    },
    {
      name: 'an image user named in the policy',
      manifests: pod('p', containers()),
      policy: { imageUsers: { app: 1000 } },
    },
    {
      name: 'a pod that Succeeded runs nothing',
      manifests: pod('p', containers(), { status: 'phase: Succeeded' }),
    },
    {
      name: 'a Windows pod',
      manifests: pod('p', `os: { name: windows }\n${containers()}`),
    },
  ],
  invalid: [
    {
      // Issue #17 point 7: an init container runs (as root here) before the
      // pod's containers; that it has exited since does not undo it.
      name: 'an ordinary init container ran as root',
      manifests: pod(
        'p',
        `securityContext: { runAsNonRoot: true }
initContainers:
- { name: init, image: app:1.0, securityContext: { runAsNonRoot: false } }
${containers()}`,
      ),
      records: [
        {
          id: 'F-POD-ROOT:Container:default/p/init',
          objects: ['Container:default/p/init', 'Pod:default/p'],
          fields: ['spec.initContainers[0].securityContext.runAsNonRoot'],
        },
      ],
    },
    {
      name: 'no securityContext: the image user is assumed root',
      manifests: pod('p', containers()),
      records: [
        {
          id: 'F-POD-ROOT:Container:default/p/c',
          objects: ['Container:default/p/c', 'Pod:default/p'],
          fields: ['spec.containers[0].securityContext.runAsNonRoot'],
          message: ['Container c of Pod default/p may run as root'],
        },
      ],
    },
    {
      name: 'runAsUser 0 on the pod, and a sidecar',
      manifests: pod(
        'p',
        `securityContext: { runAsUser: 0 }
initContainers:
- { name: side, image: envoy:1.0, restartPolicy: Always }
${containers()}`,
      ),
      records: [
        {
          id: 'F-POD-ROOT:Container:default/p/c',
          fields: ['spec.securityContext.runAsUser'],
        },
        { id: 'F-POD-ROOT:Container:default/p/side' },
      ],
    },
    {
      name: 'two pods of a Deployment: one record on the template',
      manifests: deployment('web', containers(), 2),
      records: [
        {
          id: 'F-POD-ROOT:Container:default/Deployment/web/c',
          objects: [
            'Container:default/Deployment/web/c',
            'Deployment:default/web',
            'Container:default/web-5d8f7c9b4-p0/c',
            'Pod:default/web-5d8f7c9b4-p0',
            'Container:default/web-5d8f7c9b4-p1/c',
            'Pod:default/web-5d8f7c9b4-p1',
          ],
          fields: [
            'spec.template.spec.containers[0].securityContext.runAsNonRoot',
          ],
          message: ['Container c of Deployment default/web (2 pods)'],
        },
      ],
    },
    {
      name: 'a Deployment without pods: the stand-in, same id',
      manifests: deployment('web', containers(), 0),
      records: [
        {
          id: 'F-POD-ROOT:Container:default/Deployment/web/c',
          objects: [
            'Container:default/Deployment/web/c',
            'Deployment:default/web',
            'PodTemplate:default/Deployment/web',
          ],
        },
      ],
    },
    {
      name: 'hostUsers: false is ignored when user namespaces are off',
      manifests: pod('p', `hostUsers: false\n${containers()}`),
      policy: { nodeDefaults: { userNamespaces: false } },
      records: [{ id: 'F-POD-ROOT:Container:default/p/c' }],
    },
    {
      name: 'a pod on no known node is judged on the defaults',
      bare: true,
      manifests: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: apps }
spec:
  ${containers().split('\n').join('\n  ')}`,
      records: [{ id: 'F-POD-ROOT:Container:apps/p/c' }],
    },
  ],
});
