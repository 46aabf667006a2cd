/**
 * ROLE_BIND (catalog 3.5): creating (or rewriting the subjects of) a binding
 * grants a role to an identity the attacker controls. The RBAC API allows
 * it without holding the role's permissions when the requester has the
 * `bind` verb on that role (catalog 4.6).
 *
 * Precondition: S = Namespace:ns: (`create rolebindings` in ns, or `update`/
 * `patch` on an existing RoleBinding in ns whose `roleRef` is R, names
 * respected) **and** `bind` on R evaluated in namespace ns (resource `roles`
 * for a Role R of ns, `clusterroles` for a ClusterRole R; group
 * `rbac.authorization.k8s.io`; name R). S = cluster: the same with
 * `clusterrolebindings` and `bind` on `clusterroles` R in namespace `""`
 * (only ClusterRoleBindings grant it). Never from the "already covers R"
 * branch of 4.6. Target: `RoleInScope:<R>@<S>`. Confidence high.
 *
 * Bounded targets: holders with cluster-admin power are skipped (they hold
 * every RoleInScope already), and so are namespace targets of a holder that
 * has a `*`/`*`/`*` rule applying in that namespace; roles without rules are never targets; an
 * unrestricted `bind` reaches every Role of ns and, among ClusterRoles,
 * `cluster-admin`, `admin`, `edit` and the ClusterRoles some binding of the
 * scope references (for S = cluster: some binding anywhere), plus the roleRef
 * of every existing binding the holder can rewrite. Named `bind` grants reach
 * exactly the roles named.
 *
 * Reference: https://kubernetes.io/docs/reference/access-authn-authz/rbac/#restrictions-on-role-binding-creation-or-update
 */

import type { RoleRefId, ScopeId } from '@chokepoint/model';
import type { Holder } from '../holder.ts';
import { isClusterAdminRule } from '../rbac/index.ts';
import type { RuleContext } from '../rule-context.ts';
import { defineRule } from './define-rule.ts';
import { IDENTITY_READS, readsOf } from './reads.ts';
import type { RecordOf } from './define-rule.ts';
import { rbacEvidence } from './evidence.ts';
import {
  accessOf,
  touchedNamespaces,
  verbAction,
  wayEvidence,
} from './identity-utils/access.ts';
import type { Access, Way } from './identity-utils/access.ts';
import { identityFacts, namespaceFacts } from './identity-utils/facts.ts';
import type { IdentityFacts } from './identity-utils/facts.ts';
import { roleInScopeNode } from './identity-utils/role-in-scope.ts';

const RBAC = 'rbac.authorization.k8s.io';
/** ClusterRoles always considered for an unrestricted `bind` (the user-facing roles). */
const WELL_KNOWN = [
  'ClusterRole:cluster-admin',
  'ClusterRole:admin',
  'ClusterRole:edit',
];

interface BindingRights {
  readonly create: Access;
  readonly rewrite: Access;
  readonly bindRoles: Access;
  readonly bindClusterRoles: Access;
}

function rights(holder: Holder, bindings: string): BindingRights {
  return {
    create: accessOf(holder, verbAction('create', RBAC, bindings)),
    rewrite: accessOf(
      holder,
      verbAction('update', RBAC, bindings),
      verbAction('patch', RBAC, bindings),
    ),
    bindRoles: accessOf(holder, verbAction('bind', RBAC, 'roles')),
    bindClusterRoles: accessOf(
      holder,
      verbAction('bind', RBAC, 'clusterroles'),
    ),
  };
}

function hasRules(ctx: RuleContext, role: string): boolean {
  return (ctx.rbac.effectiveRules(role)?.length ?? 0) > 0;
}

function nameOf(role: string): string {
  return role.slice(role.lastIndexOf(role.startsWith('Role:') ? '/' : ':') + 1);
}

/** Roles an unrestricted or named `bind` may reach in `namespace` (`''`: cluster). */
function candidates(
  ctx: RuleContext,
  facts: IdentityFacts,
  r: BindingRights,
  namespace: string,
): Set<string> {
  const out = new Set<string>();
  const clusterFull =
    namespace === ''
      ? r.bindClusterRoles.everywhere
      : r.bindClusterRoles.full(namespace);
  if (clusterFull !== undefined) {
    for (const role of WELL_KNOWN) out.add(role);
    const bound =
      namespace === ''
        ? [...facts.boundRoles]
        : [...namespaceFacts(facts, namespace).roleBindingsByRole.keys()];
    for (const role of bound)
      if (role.startsWith('ClusterRole:')) out.add(role);
  }
  for (const [name] of r.bindClusterRoles.names(namespace))
    out.add(`ClusterRole:${name}`);
  if (namespace !== '') {
    if (r.bindRoles.full(namespace) !== undefined) {
      for (const role of facts.rolesByNamespace.get(namespace) ?? [])
        out.add(role);
    }
    for (const [name] of r.bindRoles.names(namespace))
      out.add(`Role:${namespace}/${name}`);
  }
  return out;
}

function bindWay(
  r: BindingRights,
  namespace: string,
  role: string,
): Way | undefined {
  if (role.startsWith('ClusterRole:'))
    return r.bindClusterRoles.named(namespace, nameOf(role));
  if (namespace !== '' && role.startsWith(`Role:${namespace}/`))
    return r.bindRoles.named(namespace, nameOf(role));
  return undefined;
}

/** The holder already has every namespaced permission in `namespace` (`*`/`*`/`*` without names applying there). */
function holdsEverythingIn(holder: Holder, namespace: string): boolean {
  return holder.grants.some(
    grant =>
      (grant.namespace === '' || grant.namespace === namespace) &&
      grant.rules.some(isClusterAdminRule),
  );
}

function* edgesIn(
  ctx: RuleContext,
  holder: Holder,
  facts: IdentityFacts,
  r: BindingRights,
  namespace: string,
): Iterable<RecordOf<'ROLE_BIND'>> {
  if (namespace !== '' && holdsEverythingIn(holder, namespace)) return;
  const scope: ScopeId =
    namespace === '' ? 'cluster' : `Namespace:${namespace}`;
  const kind = namespace === '' ? 'ClusterRoleBinding' : 'RoleBinding';
  // Ways to write a binding with roleRef R: create any, or rewrite an existing one of R.
  const create = r.create.full(namespace);
  const rewrites = new Map<string, { way: Way; binding: string }>();
  const existing =
    namespace === ''
      ? facts.clusterRoleBindings
      : namespaceFacts(facts, namespace).roleBindings;
  const rewriteFull =
    namespace === '' ? r.rewrite.everywhere : r.rewrite.full(namespace);
  if (rewriteFull !== undefined) {
    for (const [binding, role] of existing)
      if (!rewrites.has(role))
        rewrites.set(role, { way: rewriteFull, binding });
  } else {
    for (const [binding, way] of r.rewrite.names(namespace)) {
      const role = existing.get(binding);
      if (role !== undefined && !rewrites.has(role))
        rewrites.set(role, { way, binding });
    }
  }
  if (create === undefined && rewrites.size === 0) return;
  const roles =
    create === undefined
      ? new Set(rewrites.keys())
      : candidates(ctx, facts, r, namespace);
  if (create !== undefined) for (const role of rewrites.keys()) roles.add(role);
  for (const role of [...roles].sort()) {
    if (!hasRules(ctx, role)) continue;
    const bind = bindWay(r, namespace, role);
    if (bind === undefined) continue;
    const node = roleInScopeNode(ctx.rbac, role as RoleRefId, scope);
    if (node.id === holder.id) continue;
    const rewrite = rewrites.get(role);
    const write: { way: Way; binding?: string } | undefined =
      create === undefined ? rewrite : { way: create };
    if (write === undefined) continue;
    const where = namespace === '' ? {} : { namespace };
    yield {
      from: holder.id,
      to: node.id,
      confidence: 'high',
      evidence: rbacEvidence(
        write.binding === undefined
          ? `Can create a ${kind}${namespace === '' ? '' : ` in namespace ${namespace}`} and has bind on ${role}, so it can grant itself ${role}${namespace === '' ? ' cluster-wide' : ` in ${namespace}`}.`
          : `Can rewrite the subjects of ${kind} ${write.binding} (roleRef ${role}) and has bind on ${role}.`,
        [
          wayEvidence(
            write.way,
            write.binding === undefined
              ? where
              : { ...where, name: write.binding },
          ),
          wayEvidence(bind, { ...where, name: nameOf(role) }),
        ],
        { role, scope },
      ),
      toNode: node,
    };
  }
}

export const roleBind = defineRule({
  kind: 'ROLE_BIND',
  reads: readsOf(IDENTITY_READS),
  *matchHolder(ctx, holder) {
    if (holder.clusterAdmin) return;
    const facts = identityFacts(ctx);
    const cluster = rights(holder, 'clusterrolebindings');
    if (cluster.create.any || cluster.rewrite.any)
      yield* edgesIn(ctx, holder, facts, cluster, '');
    const namespaced = rights(holder, 'rolebindings');
    if (!namespaced.create.any && !namespaced.rewrite.any) return;
    const namespaces = new Set([
      ...touchedNamespaces(namespaced.create, facts.namespaceNames),
      ...touchedNamespaces(namespaced.rewrite, facts.namespaceNames),
    ]);
    for (const namespace of [...namespaces].sort()) {
      if (namespace === '') continue;
      yield* edgesIn(ctx, holder, facts, namespaced, namespace);
    }
  },
});
