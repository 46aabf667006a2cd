import { describe, expect, it } from 'vitest';
import { identityAssume } from '../../src/rules/identity-assume.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { evidenceOf } from './evidence-of.ts';

const NO_NODE_EDGE = { nodeDefaults: { virtual: true } };

ruleTester(identityAssume, {
  valid: [
    {
      name: 'virtual nodes (policy) and a pod that opts out of the token',
      policy: NO_NODE_EDGE,
      manifests: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: worker-1
  automountServiceAccountToken: false
  containers: [{ name: c, image: nginx }]`,
    },
    {
      name: 'a container that mounts its own volume at the token path gets no token',
      policy: NO_NODE_EDGE,
      manifests: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: worker-1
  containers:
  - name: c
    image: nginx
    volumeMounts: [{ name: empty, mountPath: /var/run/secrets/kubernetes.io/serviceaccount/ }]
  volumes: [{ name: empty, emptyDir: {} }]`,
    },
    {
      name: 'an ephemeral container gets no automounted token',
      policy: NO_NODE_EDGE,
      manifests: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: worker-1
  automountServiceAccountToken: false
  containers: [{ name: c, image: nginx }]
  ephemeralContainers: [{ name: debug, image: busybox }]`,
    },
    {
      name: 'a legacy token Secret marked invalid is not a usable token',
      policy: NO_NODE_EDGE,
      manifests: `apiVersion: v1
kind: Secret
metadata:
  name: old-token
  namespace: default
  annotations: { kubernetes.io/service-account.name: default }
  labels: { kubernetes.io/legacy-token-invalid-since: '2025-01-01' }
type: kubernetes.io/service-account-token
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: worker-1
  automountServiceAccountToken: false
  containers:
  - name: c
    image: nginx
    volumeMounts: [{ name: t, mountPath: /t }]
  volumes: [{ name: t, secret: { secretName: old-token } }]`,
    },
  ],
  invalid: [
    {
      name: 'the fixture: mounted tokens only; nodes reach their kubelet user unless virtual',
      manifests: await fixture('IDENTITY_ASSUME'),
      edges: [
        [
          'Container:default/admitted-yes/app',
          'ServiceAccount:default/app-sa',
          'high',
        ],
        [
          'Container:default/app-sa-yes/app',
          'ServiceAccount:default/app-sa',
          'high',
        ],
        [
          'Container:default/sa-optout-overridden-yes/app',
          'ServiceAccount:default/quiet-sa',
          'high',
        ],
        [
          'Container:default/token-yes/app',
          'ServiceAccount:default/default',
          'high',
        ],
        ['Node:worker-1', 'User:system:node:worker-1', 'high'],
        ['Node:worker-2', 'User:system:node:worker-2', 'high'],
      ],
    },
    {
      // Issue #17 point 7: root on a kubeadm-style control-plane node reads the
      // cluster CA key and signs itself a system:masters certificate.
      name: 'a control-plane node reaches system:masters; an assumed one at medium',
      bare: true,
      manifests: `apiVersion: v1
kind: Node
metadata:
  name: cp-1
  labels: { node-role.kubernetes.io/control-plane: '' }`,
      edges: [
        ['Node:cp-1', 'Group:system:masters', 'high'],
        ['Node:cp-1', 'User:system:node:cp-1', 'high'],
      ],
    },
    {
      name: 'the assumed control-plane node (input without Nodes) reaches system:masters at medium',
      bare: true,
      manifests: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: default }',
      edges: [
        ['Node:assumed-control-plane', 'Group:system:masters', 'medium'],
        [
          'Node:assumed-control-plane',
          'User:system:node:assumed-control-plane',
          'high',
        ],
        ['Node:assumed-worker', 'User:system:node:assumed-worker', 'high'],
      ],
    },
    {
      name: 'an inferred ServiceAccount (manifest input without ServiceAccounts of the namespace) is medium',
      policy: NO_NODE_EDGE,
      manifests: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: shop }
spec:
  nodeName: worker-1
  serviceAccountName: web
  containers: [{ name: c, image: nginx }]`,
      edges: [['Container:shop/p/c', 'ServiceAccount:shop/web', 'medium']],
    },
    {
      name: 'a live legacy token Secret mounted as a volume',
      policy: NO_NODE_EDGE,
      manifests: `apiVersion: v1
kind: ServiceAccount
metadata: { name: ci, namespace: default }
---
apiVersion: v1
kind: Secret
metadata:
  name: ci-token
  namespace: default
  annotations: { kubernetes.io/service-account.name: ci }
type: kubernetes.io/service-account-token
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: worker-1
  serviceAccountName: ci
  automountServiceAccountToken: false
  containers:
  - name: c
    image: nginx
    volumeMounts: [{ name: t, mountPath: /t }]
  volumes: [{ name: t, secret: { secretName: ci-token } }]`,
      edges: [['Container:default/p/c', 'ServiceAccount:default/ci', 'high']],
    },
    {
      name: 'a stand-in container of a controller without pods',
      policy: NO_NODE_EDGE,
      manifests: `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: c, image: nginx }]`,
      edges: [
        [
          'Container:default/Deployment/web/c',
          'ServiceAccount:default/default',
          'high',
        ],
      ],
    },
  ],
});

describe('IDENTITY_ASSUME evidence', () => {
  it('a container: the ServiceAccount, the fields and each way its token arrives', async () => {
    expect(
      await evidenceOf(
        identityAssume,
        {
          policy: NO_NODE_EDGE,
          manifests: `apiVersion: v1
kind: ServiceAccount
metadata: { name: ci, namespace: default }
---
apiVersion: v1
kind: Secret
metadata:
  name: ci-token
  namespace: default
  annotations: { kubernetes.io/service-account.name: ci }
type: kubernetes.io/service-account-token
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: worker-1
  serviceAccountName: ci
  containers:
  - name: c
    image: nginx
    volumeMounts: [{ name: t, mountPath: /t }]
  volumes: [{ name: t, secret: { secretName: ci-token } }]`,
        },
        'Container:default/p/c',
        'ServiceAccount:default/ci',
      ),
    ).toEqual({
      reason: 'The container holds a token of ServiceAccount default/ci.',
      object: 'Pod:default/p',
      fields: [
        'spec.serviceAccountName',
        'spec.containers[0].volumeMounts',
        'spec.automountServiceAccountToken',
      ],
      container: 'c',
      ways: [{ kind: 'legacy-secret', volume: 't' }, { kind: 'automount' }],
      detail: 'token of default/ci mounted',
    });
  });

  it('a node: the kubelet user, and on a control-plane node system:masters, assumed or not', async () => {
    const controlPlane = {
      bare: true,
      manifests: `apiVersion: v1
kind: Node
metadata:
  name: cp-1
  labels: { node-role.kubernetes.io/control-plane: '' }`,
    };
    expect(
      await evidenceOf(
        identityAssume,
        controlPlane,
        'Node:cp-1',
        'User:system:node:cp-1',
      ),
    ).toEqual({
      reason:
        "Root on node cp-1 holds the kubelet's credentials, user system:node:cp-1.",
      object: 'Node:cp-1',
      facts: [{ fact: 'virtual', value: false, source: 'derived' }],
    });
    expect(
      await evidenceOf(
        identityAssume,
        controlPlane,
        'Node:cp-1',
        'Group:system:masters',
      ),
    ).toEqual({
      reason:
        'Root on control-plane node cp-1 reads the cluster CA key (/etc/kubernetes/pki/ca.key) and signs itself a client certificate in group system:masters.',
      object: 'Node:cp-1',
      facts: [{ fact: 'virtual', value: false, source: 'derived' }],
    });
    expect(
      await evidenceOf(
        identityAssume,
        {
          bare: true,
          manifests:
            'apiVersion: v1\nkind: Namespace\nmetadata: { name: default }',
        },
        'Node:assumed-control-plane',
        'Group:system:masters',
      ),
    ).toEqual({
      reason:
        'Root on control-plane node assumed-control-plane reads the cluster CA key (/etc/kubernetes/pki/ca.key) and signs itself a client certificate in group system:masters.',
      object: 'Node:assumed-control-plane',
      facts: [{ fact: 'virtual', value: false, source: 'defaulted' }],
      assumed: true,
    });
  });
});
