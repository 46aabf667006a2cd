/**
 * Permission holders: the node that carries an identity's RBAC edges.
 *
 * The authorizer unions every binding that applies to a user and its groups,
 * so RBAC edges are computed per *set of grants*, not per binding (a rule may
 * need `create` from one role and `get` from another). Identities with the
 * same grant set share one holder; a set of exactly one grant is the catalog's
 * RoleInScope node (catalog 1.2: "role R granted in scope S"), a larger set a
 * PermissionSet auxiliary node. Identities reach their holder through one
 * auxiliary GRANTS edge, so a cluster-wide grant held by a thousand
 * ServiceAccounts costs a thousand GRANTS edges plus one set of RBAC edges,
 * never a thousand sets.
 */

import { roleInScopeId } from '@chokepoint/model';
import type { RoleRefId, ScopeId } from '@chokepoint/model';
import type { Grant } from './rbac/index.ts';
import { isClusterAdminRule } from './rbac/index.ts';

export interface Holder {
  /** The node id: `RoleInScope:<role>@<scope>` or `PermissionSet:<bindings>`. */
  readonly id: string;
  readonly grants: readonly Grant[];
  /**
   * Usernames that act through this holder (Pod Security exemptions by
   * username depend on who creates the pod, catalog 2.7). Empty for groups and
   * RoleInScope targets, whose user is whoever the attacker is.
   */
  readonly users: readonly string[];
  /** A `*`/`*`/`*` rule without names granted cluster-wide (catalog 5). */
  readonly clusterAdmin: boolean;
}

export function scopeOfGrant(grant: Grant): ScopeId {
  return grant.namespace === '' ? 'cluster' : `Namespace:${grant.namespace}`;
}

export function holdsClusterAdmin(grants: readonly Grant[]): boolean {
  return grants.some(
    grant => grant.namespace === '' && grant.rules.some(isClusterAdminRule),
  );
}

/**
 * A binding as a PermissionSet id writes it: a ClusterRoleBinding by its
 * name, a RoleBinding by `<namespace>/<name>` (the slash tells them apart: a
 * ClusterRoleBinding's name cannot hold one). `%`, `+`, `@` and `/` inside a
 * name are percent-encoded, so the separators below stay unambiguous.
 */
function bindingPart(binding: string): string {
  const escape = (text: string) =>
    text.replace(
      /[%+@/]/g,
      c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  if (binding.startsWith('ClusterRoleBinding:'))
    return escape(binding.slice('ClusterRoleBinding:'.length));
  if (binding.startsWith('RoleBinding:')) {
    const rest = binding.slice('RoleBinding:'.length);
    const slash = rest.indexOf('/');
    return `${escape(rest.slice(0, slash))}/${escape(rest.slice(slash + 1))}`;
  }
  return escape(binding);
}

/** Bindings of the bootstrap policy (`system:` names) go after the others. */
function isSystemPart(part: string): boolean {
  return part.slice(part.indexOf('/') + 1).startsWith('system:');
}

/**
 * The node id of a holder, which also keys it. One grant is "role R in
 * scope S" whichever binding gave it: the RoleInScope id. A larger set is a
 * PermissionSet named by its bindings, the input's own first and the
 * built-in `system:` ones after, joined by `+`, then `@<user>` when Pod
 * Security exemptions name the user: `PermissionSet:argocd-server+
 * argocd/argocd-server+system:basic-user+...`. The name depends on nothing
 * but the set itself (no hash, no counter, no other holder), so it is the
 * same in every analysis and what-if that holds the same bindings, and two
 * different sets never share it.
 */
export function holderId(grants: readonly Grant[], user?: string): string {
  const only = grants.length === 1 ? grants[0] : undefined;
  if (only !== undefined && user === undefined) {
    return roleInScopeId(only.role as RoleRefId, scopeOfGrant(only));
  }
  const parts = grants.map(grant => bindingPart(grant.binding));
  const own = parts.filter(part => !isSystemPart(part)).sort();
  const system = parts.filter(isSystemPart).sort();
  const name = [...own, ...system].join('+');
  return `PermissionSet:${name}${user === undefined ? '' : `@${user}`}`;
}
