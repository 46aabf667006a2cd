/**
 * The three impersonation checks of catalog 3.5 and 4.7, shared by
 * IMPERSONATE_SA, IMPERSONATE_USER and IMPERSONATE_GROUP (a group header is
 * rejected without a user header, so IMPERSONATE_GROUP needs one of the other
 * two edges, computed here once).
 *
 * - `Impersonate-User: system:serviceaccount:ns:n` is authorized as
 *   `impersonate serviceaccounts` name n in namespace ns (RoleBindings of ns
 *   apply);
 * - any other user u as `impersonate users` name u, cluster-scoped;
 * - each group g as `impersonate groups` name g, cluster-scoped.
 *
 * Upstream: `staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation.go`.
 */

import type { Holder } from '../../holder.ts';
import { parseServiceAccountUsername } from '../../rbac/index.ts';
import type { RuleContext } from '../../rule-context.ts';
import type { EdgeRecord } from '../define-rule.ts';
import type { CredentialEvidence } from '@chokepoint/model';
import { rbacEvidence } from '../evidence.ts';
import type { PermissionEvidence } from '../evidence.ts';
import type { Access, Way } from './access.ts';
import { accessOf, verbAction, wayEvidence } from './access.ts';
import { identityFacts } from './facts.ts';
import type { IdentityFacts } from './facts.ts';
import { serviceAccountNodesScope, usersScope } from './scopes.ts';
import { namedEntries } from './secret-access.ts';

export interface Impersonation {
  readonly users: Access;
  readonly groups: Access;
  readonly serviceAccounts: Access;
}

const cache = new WeakMap<Holder, Impersonation>();

export function impersonationOf(holder: Holder): Impersonation {
  let out = cache.get(holder);
  if (out === undefined) {
    out = {
      users: accessOf(holder, verbAction('impersonate', '', 'users')),
      groups: accessOf(holder, verbAction('impersonate', '', 'groups')),
      serviceAccounts: accessOf(
        holder,
        verbAction('impersonate', '', 'serviceaccounts'),
      ),
    };
    cache.set(holder, out);
  }
  return out;
}

/** `impersonate groups` g: a cluster-scoped request, so only ClusterRoleBindings count. */
export function groupWay(imp: Impersonation, group: string): Way | undefined {
  return imp.groups.named('', group);
}

/** Groups of user u besides system:authenticated / system:unauthenticated (catalog 3.6). */
export function extraGroupsOf(
  facts: IdentityFacts,
  ctx: RuleContext,
  user: string,
): readonly string[] {
  const known = facts.users.get(user);
  if (known !== undefined) return known;
  const out: string[] = user.startsWith('system:node:') ? ['system:nodes'] : [];
  for (const group of ctx.policy.memberships[`User:${user}`] ?? []) {
    const g = group.startsWith('Group:')
      ? group.slice('Group:'.length)
      : undefined;
    if (
      g !== undefined &&
      g !== 'system:authenticated' &&
      g !== 'system:unauthenticated' &&
      !out.includes(g)
    )
      out.push(g);
  }
  return out;
}

function userEdge(
  ctx: RuleContext,
  facts: IdentityFacts,
  holder: Holder,
  imp: Impersonation,
  user: string,
  way: Way,
): EdgeRecord<CredentialEvidence> {
  const extra = extraGroupsOf(facts, ctx, user);
  const groupWays: PermissionEvidence[] = [];
  let all = true;
  for (const group of extra) {
    const gw = groupWay(imp, group);
    if (gw === undefined) all = false;
    else groupWays.push(wayEvidence(gw, { name: group }));
  }
  const permissions = [
    wayEvidence(way, { name: user }),
    ...(all ? groupWays : []),
  ];
  if (all) {
    return {
      from: holder.id,
      to: `User:${user}`,
      confidence: 'high',
      evidence: rbacEvidence(
        extra.length === 0
          ? `Can impersonate user ${user}, who belongs to no group beyond the default ones.`
          : `Can impersonate user ${user} together with every group it belongs to (${extra.join(', ')}).`,
        permissions,
      ),
      toNode: { id: `User:${user}`, kind: 'User', name: user },
    };
  }
  return {
    from: holder.id,
    to: `ImpersonatedUser:${user}`,
    confidence: 'high',
    evidence: rbacEvidence(
      `Can impersonate user ${user}, but not all of its groups (${extra.join(', ')}): the request carries only system:authenticated.`,
      permissions,
    ),
    toNode: {
      id: `ImpersonatedUser:${user}`,
      kind: 'ImpersonatedUser',
      name: user,
    },
  };
}

/** IMPERSONATE_USER edges: every User node for an unrestricted grant, else the users named. */
export function* impersonateUserEdges(
  ctx: RuleContext,
  holder: Holder,
  imp: Impersonation,
): Iterable<EdgeRecord<CredentialEvidence>> {
  const facts = identityFacts(ctx);
  const { everywhere } = imp.users;
  if (everywhere !== undefined) {
    const allGroups = imp.groups.everywhere;
    const to = usersScope(ctx, allGroups === undefined);
    if (to !== undefined) {
      yield {
        from: holder.id,
        to,
        confidence: 'high',
        evidence: rbacEvidence(
          allGroups === undefined
            ? 'Can impersonate any user; these users belong to no group beyond the default ones.'
            : 'Can impersonate any user together with any group.',
          [
            wayEvidence(everywhere),
            ...(allGroups === undefined ? [] : [wayEvidence(allGroups)]),
          ],
          {
            targets:
              allGroups === undefined
                ? 'users without group memberships'
                : 'every user',
          },
        ),
      };
    }
    if (allGroups !== undefined) return;
    for (const [user, extra] of facts.users) {
      if (extra.length > 0)
        yield userEdge(ctx, facts, holder, imp, user, everywhere);
    }
    return;
  }
  for (const [user, way] of imp.users.names('')) {
    if (
      parseServiceAccountUsername(user) !== undefined ||
      user.startsWith('system:serviceaccount:')
    )
      continue;
    yield userEdge(ctx, facts, holder, imp, user, way);
  }
}

/** IMPERSONATE_SA edges: the ServiceAccount nodes of the granted namespaces, or the names granted. */
export function* impersonateServiceAccountEdges(
  ctx: RuleContext,
  holder: Holder,
  imp: Impersonation,
): Iterable<EdgeRecord<CredentialEvidence>> {
  const facts = identityFacts(ctx);
  const access = imp.serviceAccounts;
  const wide =
    access.everywhere === undefined
      ? (access.fullNamespaces() ?? [])
      : [undefined];
  for (const where of wide) {
    const way = where === undefined ? access.everywhere : access.full(where);
    const to = serviceAccountNodesScope(ctx, where);
    if (way === undefined || to === undefined) continue;
    yield {
      from: holder.id,
      to,
      confidence: 'high',
      evidence: rbacEvidence(
        `Can impersonate any ServiceAccount in ${where === undefined ? 'every namespace' : `namespace ${where}`}.`,
        [wayEvidence(way, where === undefined ? {} : { namespace: where })],
        { namespace: where ?? '*', targets: 'ServiceAccounts' },
      ),
    };
  }
  for (const { namespace, name, way } of namedEntries(
    access,
    () => facts.namespaceNames,
  )) {
    const id = `ServiceAccount:${namespace}/${name}`;
    yield {
      from: holder.id,
      to: id,
      confidence: 'high',
      evidence: rbacEvidence(
        `Can impersonate ServiceAccount ${namespace}/${name} (it need not exist: bindings match by name).`,
        [wayEvidence(way, { namespace, name })],
      ),
      toNode: { id, kind: 'ServiceAccount', name, namespace },
    };
  }
}

/** Whether the holder has an IMPERSONATE_USER or IMPERSONATE_SA edge (a user header for group headers). */
export function impersonatesSomeUser(
  ctx: RuleContext,
  holder: Holder,
  imp: Impersonation,
): boolean {
  for (const _edge of impersonateUserEdges(ctx, holder, imp)) return true;
  for (const _edge of impersonateServiceAccountEdges(ctx, holder, imp))
    return true;
  return false;
}
