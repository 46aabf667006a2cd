import { describe, expect, it } from 'vitest';
import { ceVarLogSymlink } from '../../src/rules/ce-var-log-symlink.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { evidenceOf } from './evidence-of.ts';

const podLogRole = (namespace: string, names = ''): string => `apiVersion: v1
kind: ServiceAccount
metadata: { name: logs-sa, namespace: default }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: pod-logs, namespace: ${namespace} }
rules:
- { apiGroups: [''], resources: [pods/log], verbs: [get]${names} }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: logs-sa, namespace: ${namespace} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-logs }
subjects: [{ kind: ServiceAccount, name: logs-sa, namespace: default }]
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: worker-1
  serviceAccountName: logs-sa
  containers:
  - name: c
    image: ubuntu
    volumeMounts: [{ name: logs, mountPath: /host/var/log }]
  volumes:
  - { name: logs, hostPath: { path: /var/log } }
`;

const otherPod = (name: string, node: string): string => `---
apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: v1
kind: Node
metadata: { name: worker-2, labels: { kubernetes.io/os: linux } }
---
apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: shop }
spec:
  nodeName: ${node}
  containers: [{ name: web, image: nginx }]
`;

ruleTester(ceVarLogSymlink, {
  valid: [
    {
      name: 'the kubelet system log handler is disabled on the node',
      policy: { nodeDefaults: { enableSystemLogHandler: false } },
      manifests: await fixture('CE_VAR_LOG_SYMLINK'),
    },
    {
      name: 'get pods/log only on a pod of another node',
      manifests:
        podLogRole('shop', ', resourceNames: [web-1]') +
        otherPod('web-1', 'worker-2'),
    },
    {
      name: 'get pods/log in a namespace without pods on the node',
      manifests: podLogRole('shop') + otherPod('web-1', 'worker-2'),
    },
    {
      name: 'get pods/log in a namespace whose only workload on the node is a stand-in (no pod log to read yet)',
      manifests: `${podLogRole('shop')}---
apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: w } }
  template:
    metadata: { labels: { app: w } }
    spec: { containers: [{ name: web, image: nginx }] }
`,
    },
  ],
  invalid: [
    {
      name: 'the fixture: nodes/log or nodes/proxy of this node (high), pods/log (low); inert Role, read-only, non-root, no token, other node, subdirectory: none',
      manifests: await fixture('CE_VAR_LOG_SYMLINK'),
      edges: [
        ['Container:default/varlog-node-yes/app', 'Node:worker-1', 'high'],
        ['Container:default/varlog-podlog-yes/app', 'Node:worker-1', 'low'],
        ['Container:default/varlog-proxy-yes/app', 'Node:worker-1', 'high'],
      ],
    },
    {
      name: 'get pods/log on a named pod of another namespace on the same node (low)',
      manifests:
        podLogRole('shop', ', resourceNames: [web-1]') +
        otherPod('web-1', 'worker-1'),
      edges: [['Container:default/p/c', 'Node:worker-1', 'low']],
    },
  ],
});

describe('CE_VAR_LOG_SYMLINK evidence', () => {
  const LOG_MOUNT = {
    location: '/var/log',
    hostPath: '/var/log',
    mountPath: '/host/var/log',
    readOnly: false,
    confidence: 'high',
    reason: 'hostPath /var/log at /host/var/log covers /var/log',
  };
  const POD_LOG_REASON =
    'A root container with a writable hostPath over /var/log can symlink host files over a pod log and read them with its ServiceAccount, which may get pods/log; the kubelet drops lines that are not CRI log lines.';

  it('nodes/log of the node: the handler, the ServiceAccount, its permission and the mount', async () => {
    expect(
      await evidenceOf(
        ceVarLogSymlink,
        { manifests: await fixture('CE_VAR_LOG_SYMLINK') },
        'Container:default/varlog-node-yes/app',
        'Node:worker-1',
      ),
    ).toEqual({
      reason:
        'A root container with a writable hostPath over /var/log can symlink host files into it and read them through the kubelet log handler with its ServiceAccount, which may get nodes/log or nodes/proxy.',
      object: 'Pod:default/varlog-node-yes',
      fields: [
        'spec.containers[0].volumeMounts[0]',
        'spec.volumes[0].hostPath.path',
        'spec.containers[0].securityContext.runAsNonRoot',
      ],
      container: 'app',
      node: 'worker-1',
      root: 'no runAsUser and runAsNonRoot not true: image user assumed root',
      facts: [
        { fact: 'enableSystemLogHandler', value: true, source: 'defaulted' },
      ],
      serviceAccount: 'ServiceAccount:default/node-log-sa',
      permissions: [
        {
          verb: 'get',
          apiGroup: '',
          resource: 'nodes/log',
          name: 'worker-1',
          binding: 'ClusterRoleBinding:node-log-sa-reader',
          role: 'ClusterRole:node-log-reader',
          rule: 0,
        },
      ],
      hostPaths: [LOG_MOUNT],
    });
  });

  it('pods/log on its own pod names the pod; a stand-in has no pod name yet', async () => {
    expect(
      await evidenceOf(
        ceVarLogSymlink,
        { manifests: podLogRole('default') },
        'Container:default/p/c',
        'Node:worker-1',
      ),
    ).toEqual({
      reason: POD_LOG_REASON,
      object: 'Pod:default/p',
      fields: [
        'spec.containers[0].volumeMounts[0]',
        'spec.volumes[0].hostPath.path',
        'spec.containers[0].securityContext.runAsNonRoot',
      ],
      container: 'c',
      node: 'worker-1',
      root: 'no runAsUser and runAsNonRoot not true: image user assumed root',
      facts: [
        { fact: 'enableSystemLogHandler', value: true, source: 'defaulted' },
      ],
      serviceAccount: 'ServiceAccount:default/logs-sa',
      permissions: [
        {
          verb: 'get',
          apiGroup: '',
          resource: 'pods/log',
          namespace: 'default',
          name: 'p',
          binding: 'RoleBinding:default/logs-sa',
          role: 'Role:default/pod-logs',
          rule: 0,
        },
      ],
      hostPaths: [LOG_MOUNT],
    });
    const standIn = `${podLogRole('default').split('---\napiVersion: v1\nkind: Pod\n')[0]}---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      serviceAccountName: logs-sa
      containers:
      - name: c
        image: ubuntu
        volumeMounts: [{ name: logs, mountPath: /host/var/log }]
      volumes:
      - { name: logs, hostPath: { path: /var/log } }
`;
    expect(
      await evidenceOf(
        ceVarLogSymlink,
        { manifests: standIn },
        'Container:default/Deployment/web/c',
        'Node:worker-1',
      ),
    ).toEqual({
      reason: POD_LOG_REASON,
      object: 'Deployment:default/web',
      container: 'c',
      node: 'worker-1',
      root: 'no runAsUser and runAsNonRoot not true: image user assumed root',
      facts: [
        { fact: 'enableSystemLogHandler', value: true, source: 'defaulted' },
      ],
      serviceAccount: 'ServiceAccount:default/logs-sa',
      hostPaths: [LOG_MOUNT],
      fields: [
        'spec.template.spec.containers[0].volumeMounts[0]',
        'spec.template.spec.volumes[0].hostPath.path',
        'spec.template.spec.containers[0].securityContext.runAsNonRoot',
      ],
      candidateNode: true,
      permissions: [
        {
          verb: 'get',
          apiGroup: '',
          resource: 'pods/log',
          namespace: 'default',
          binding: 'RoleBinding:default/logs-sa',
          role: 'Role:default/pod-logs',
          rule: 0,
        },
      ],
    });
  });

  it('pods/log on a pod of another namespace on the node names that pod', async () => {
    expect(
      await evidenceOf(
        ceVarLogSymlink,
        {
          manifests:
            podLogRole('shop', ', resourceNames: [web-1]') +
            otherPod('web-1', 'worker-1'),
        },
        'Container:default/p/c',
        'Node:worker-1',
      ),
    ).toMatchObject({
      reason: POD_LOG_REASON,
      permissions: [
        {
          verb: 'get',
          apiGroup: '',
          resource: 'pods/log',
          namespace: 'shop',
          name: 'web-1',
          binding: 'RoleBinding:shop/logs-sa',
          role: 'Role:shop/pod-logs',
          rule: 0,
        },
      ],
    });
  });
});
