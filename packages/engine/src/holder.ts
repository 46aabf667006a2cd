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
  /** The node id: `RoleInScope:<role>@<scope>` or `PermissionSet:<hash>`. */
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

/** 64-bit FNV-1a, hex: a short, stable name for a set of binding ids. */
function fnv1a64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ (c + i), 0x01000193) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/**
 * The key of a holder. One grant is "role R in scope S" whichever binding
 * gave it, so it keys as the RoleInScope id; a larger set keys by its binding
 * ids (and its user, when Pod Security exemptions name users).
 */
export function holderKey(grants: readonly Grant[], user?: string): string {
  const only = grants.length === 1 ? grants[0] : undefined;
  if (only !== undefined && user === undefined) {
    return roleInScopeId(only.role as RoleRefId, scopeOfGrant(only));
  }
  const bindings = grants
    .map(grant => grant.binding)
    .sort()
    .join('\n');
  return user === undefined ? bindings : `${bindings}\n@${user}`;
}

export function holderIdOf(key: string): string {
  return key.startsWith('RoleInScope:') ? key : `PermissionSet:${fnv1a64(key)}`;
}
