/**
 * The deterministic id scheme of catalog section 1.
 *
 * A Kubernetes object is `<Kind>:<namespace>/<name>` when namespaced and
 * `<Kind>:<name>` when cluster-scoped. Reports, exports and outside checks key
 * on these strings, so they must never change shape.
 */

export function objectId(
  kind: string,
  name: string,
  namespace?: string,
): string {
  return namespace ? `${kind}:${namespace}/${name}` : `${kind}:${name}`;
}

export function containerId(
  namespace: string,
  pod: string,
  container: string,
): string {
  return `Container:${namespace}/${pod}/${container}`;
}

/** Stand-in for the pods of a controller that has none (catalog 1.3). */
export function podTemplateId(
  namespace: string,
  controllerKind: string,
  name: string,
): string {
  return `PodTemplate:${namespace}/${controllerKind}/${name}`;
}

export function templateContainerId(
  namespace: string,
  controllerKind: string,
  name: string,
  container: string,
): string {
  return `Container:${namespace}/${controllerKind}/${name}/${container}`;
}

export type RoleRefId =
  `ClusterRole:${string}` | `Role:${string}/${string}` | '*';
export type ScopeId = 'cluster' | `Namespace:${string}`;

/** `RoleInScope:<role>@<scope>` (catalog 1.2). */
export function roleInScopeId(role: RoleRefId, scope: ScopeId): string {
  return `RoleInScope:${role}@${scope}`;
}

export function namespaceScope(namespace: string): ScopeId {
  return `Namespace:${namespace}`;
}

export const INTERNET_ID = 'Internet';
export const SYSTEM_MASTERS_ID = 'Group:system:masters';

/** The part of an id before the first `:`. */
export function kindOfId(id: string): string {
  const colon = id.indexOf(':');
  return colon === -1 ? id : id.slice(0, colon);
}
