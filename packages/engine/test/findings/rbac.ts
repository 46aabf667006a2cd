/** RBAC YAML builders for the finding tests. */

export function clusterRole(name: string, rules: string, labels = ''): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ${name}${labels === '' ? '' : `, labels: { ${labels} }`} }
rules: ${rules}`;
}

export function role(namespace: string, name: string, rules: string): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: ${name}, namespace: ${namespace} }
rules: ${rules}`;
}

export function clusterRoleBinding(
  name: string,
  roleName: string,
  subjects: string,
  labels = '',
): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ${name}${labels === '' ? '' : `, labels: { ${labels} }`} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${roleName} }
subjects: ${subjects}`;
}

export function roleBinding(
  namespace: string,
  name: string,
  roleRef: string,
  subjects: string,
): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ${name}, namespace: ${namespace} }
roleRef: { apiGroup: rbac.authorization.k8s.io, ${roleRef} }
subjects: ${subjects}`;
}
