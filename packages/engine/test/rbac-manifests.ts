/**
 * Inline YAML builders shared by the rule tests (architecture.md section 4,
 * "cases are Kubernetes YAML"): a ServiceAccount bound to one role, a pod on
 * `worker-1`, legacy token Secrets, and the multi-document join that disables
 * the assumed bootstrap policy. Declared once so every rule table builds the
 * same objects the same way.
 */

/**
 * Disables the assumed bootstrap policy (catalog 4.5): with ClusterRole
 * `cluster-admin` and its ClusterRoleBinding the input is a whole cluster,
 * whose built-ins are never assumed (rbac/built-in-rbac.ts). Both are empty,
 * so they grant nothing.
 */
export const NO_DEFAULTS = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: cluster-admin }
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: cluster-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: []
`;

export const RBAC = 'rbac.authorization.k8s.io';

/** A second namespace, `other`. */
export const OTHER_NS = `apiVersion: v1
kind: Namespace
metadata: { name: other }
`;

/** Rules granting `list` on secrets. */
export const LIST = `[{ apiGroups: [''], resources: [secrets], verbs: [list] }]`;

/** One rule (no brackets) granting `get` on secrets. */
export const GET = `{ apiGroups: [''], resources: [secrets], verbs: [get] }`;

/** Metadata lines marking a legacy token Secret invalid (for `token(…, extra)`). */
export const INVALID = `  labels: { kubernetes.io/legacy-token-invalid-since: '2025-01-01' }\n`;

/** A ServiceAccount bound to one role: a Role + RoleBinding in `ns`, or cluster-wide. */
export function grant(
  sa: string,
  ns: string,
  rules: string,
  scope: 'namespace' | 'cluster' = 'namespace',
): string {
  const cluster = scope === 'cluster';
  return `apiVersion: v1
kind: ServiceAccount
metadata: { name: ${sa}, namespace: ${ns} }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${cluster ? 'ClusterRole' : 'Role'}
metadata: { name: ${sa}-role${cluster ? '' : `, namespace: ${ns}`} }
rules: ${rules}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${cluster ? 'ClusterRoleBinding' : 'RoleBinding'}
metadata: { name: ${sa}-binding${cluster ? '' : `, namespace: ${ns}`} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ${cluster ? 'ClusterRole' : 'Role'}, name: ${sa}-role }
subjects: [{ kind: ServiceAccount, name: ${sa}, namespace: ${ns} }]
`;
}

/** A bare ServiceAccount. */
export const sa = (name: string, ns = 'default'): string => `apiVersion: v1
kind: ServiceAccount
metadata: { name: ${name}, namespace: ${ns} }
`;

/** A ServiceAccount and its legacy token Secret; `extra` continues the metadata. */
export function token(
  name: string,
  ns: string,
  sa: string,
  extra = '',
): string {
  return `apiVersion: v1
kind: ServiceAccount
metadata: { name: ${sa}, namespace: ${ns} }
---
apiVersion: v1
kind: Secret
type: kubernetes.io/service-account-token
metadata:
  name: ${name}
  namespace: ${ns}
  annotations: { kubernetes.io/service-account.name: ${sa} }
${extra}`;
}

/** A one-container pod on `worker-1`; `extra` continues the spec. */
export function pod(name: string, ns = 'default', extra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: ${ns} }
spec:
  nodeName: worker-1
  containers: [{ name: app, image: ubuntu }]
${extra}`;
}

/** Pod `default/p` on `worker-1` whose one container has this securityContext. */
export const securityContextPod = (
  securityContext: string,
): string => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: worker-1
  containers:
  - name: c
    image: ubuntu
    securityContext: ${securityContext}`;

/** NO_DEFAULTS and the parts as one YAML stream, joined as they are. */
export function docs(...parts: string[]): string {
  return [NO_DEFAULTS, ...parts].join('---\n');
}

/** As `docs`, but each part first gets a final newline if it lacks one. */
export const terminatedDocs = (...parts: string[]): string =>
  [NO_DEFAULTS, ...parts]
    .map(p => (p.endsWith('\n') ? p : `${p}\n`))
    .join('---\n');
