import { ceVarLogSymlink } from '../../src/rules/ce-var-log-symlink.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';

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
