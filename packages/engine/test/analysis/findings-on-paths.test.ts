// Findings on an attack path (issue #17, point 8): an RBAC finding names a
// role and its bindings, which are no step of a path but grant one; it is on
// the path when a step's permission comes from them.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.ts';
import { snapshotOf } from '../manifests.ts';

const cluster = (verbs: string): string => `apiVersion: v1
kind: Node
metadata: { name: worker-1, labels: { kubernetes.io/os: linux } }
---
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { pod-security.kubernetes.io/enforce: restricted } }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: api, namespace: shop }
---
apiVersion: v1
kind: Secret
metadata: { name: etcd-backup-key, namespace: kube-system }
type: Opaque
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: secret-admin, namespace: kube-system }
rules: [{ apiGroups: [''], resources: [secrets], verbs: ${verbs} }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: api-secrets, namespace: kube-system }
subjects: [{ kind: ServiceAccount, name: api, namespace: shop }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: secret-admin }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: unused-wildcard, namespace: shop }
rules: [{ apiGroups: [''], resources: [configmaps], verbs: ['*'] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: nobody, namespace: shop }
subjects: [{ kind: Group, name: auditors, apiGroup: rbac.authorization.k8s.io }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: unused-wildcard }
---
apiVersion: v1
kind: Pod
metadata: { name: api, namespace: shop, labels: { app: api } }
spec:
  serviceAccountName: api
  nodeName: worker-1
  securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: RuntimeDefault } }
  containers:
  - name: api
    image: shop/api:1.0
    ports: [{ name: http, containerPort: 8080 }]
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: shop }
spec:
  type: LoadBalancer
  selector: { app: api }
  ports: [{ port: 443, targetPort: http }]
`;

describe('findings on an attack path', () => {
  it('marks the RBAC finding of the role and binding that grant a step, and no other', async () => {
    const snapshot = await snapshotOf(cluster("['*']"));
    const { result } = analyze(snapshot, { maxCandidates: 0 });
    const internet = result.paths.find(p => p.from === 'Internet');
    expect(internet?.to).toBe('Secret:kube-system/etcd-backup-key');
    const onPath = (id: string) =>
      result.findings.find(f => f.id === id)?.onAttackPath;
    expect(onPath('F-RBAC-WILDCARD:Role:kube-system/secret-admin')).toBe(true);
    expect(onPath('F-RBAC-WILDCARD:Role:shop/unused-wildcard')).toBe(false);
  });
});
