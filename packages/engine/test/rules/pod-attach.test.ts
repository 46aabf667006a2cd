import { describe, expect, it } from 'vitest';
import { podAttach } from '../../src/rules/pod-attach.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { evidenceOf } from './evidence-of.ts';
import { pod } from '../rbac-manifests.ts';

ruleTester(podAttach, {
  valid: [
    {
      name: 'a pod without spec.nodeName is on no node',
      manifests: `apiVersion: v1
kind: Pod
metadata: { name: pending, namespace: default }
spec:
  containers: [{ name: c, image: busybox }]`,
    },
    {
      name: 'a stand-in whose nodeSelector no node satisfies is on no node',
      manifests: `apiVersion: apps/v1
kind: Deployment
metadata: { name: nowhere, namespace: default }
spec:
  selector: { matchLabels: { app: x } }
  template:
    metadata: { labels: { app: x } }
    spec:
      nodeSelector: { pool: does-not-exist }
      containers: [{ name: c, image: busybox }]`,
    },
    {
      name: 'a Windows node is not a candidate for a stand-in',
      bare: true,
      manifests: `apiVersion: v1
kind: Node
metadata: { name: win-1, labels: { kubernetes.io/os: windows } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: c, image: nginx }]`,
    },
  ],
  invalid: [
    {
      name: 'the fixture: scheduled pods, and stand-ins on their candidate nodes',
      manifests: await fixture('POD_ATTACH'),
      edges: [
        ['Node:cp-1', 'PodTemplate:default/DaemonSet/agent@cp-1', 'medium'],
        [
          'Node:worker-1',
          'PodTemplate:default/DaemonSet/agent@worker-1',
          'medium',
        ],
        ['Node:worker-2', 'Pod:default/on-worker-2', 'high'],
        [
          'Node:worker-2',
          'PodTemplate:default/DaemonSet/agent@worker-2',
          'medium',
        ],
        ['Node:worker-2', 'PodTemplate:default/Deployment/gpu-job', 'medium'],
      ],
    },
    {
      name: 'a pod owned through a ReplicaSet that is not in the input gets no stand-in',
      manifests: `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: c, image: nginx }]
---
apiVersion: v1
kind: Pod
metadata:
  name: web-5d8f7c9b6-abcde
  namespace: default
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f7c9b6, controller: true, uid: 9f143c2d-61ea-58ec-9933-89ea6c39765f }]
spec:
  nodeName: worker-1
  containers: [{ name: c, image: nginx }]`,
      edges: [['Node:worker-1', 'Pod:default/web-5d8f7c9b6-abcde']],
    },
  ],
});

describe('POD_ATTACH evidence', () => {
  it("a pod: its spec.nodeName; a controller's stand-in: a candidate node", async () => {
    const manifests = `${pod('p')}---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: app, image: nginx }] }
`;
    expect(
      await evidenceOf(
        podAttach,
        { manifests },
        'Node:worker-1',
        'Pod:default/p',
      ),
    ).toEqual({ field: 'spec.nodeName', node: 'worker-1' });
    expect(
      await evidenceOf(
        podAttach,
        { manifests },
        'Node:worker-1',
        'PodTemplate:default/Deployment/web',
      ),
    ).toEqual({
      candidateNode: 'worker-1',
      reason: 'the controller may place a pod on this node',
    });
  });
});
