/**
 * The shared Scope nodes of the identity rules (rule-context.ts `scope`):
 * one node per namespace for "every ServiceAccount", "every existing
 * ServiceAccount", "every ServiceAccount with a live legacy token", "every
 * Secret", and one cluster node whose members are those per-namespace
 * scopes. Every holder with a namespace- or cluster-wide grant points at the
 * same node, so a thousand holders cost a thousand edges, never a thousand
 * times the targets (catalog 1.2 auxiliary nodes).
 */

import {
  RUNTIME_SECRETS_ID,
  RUNTIME_SECRETS_NAMESPACE,
} from '../../entities/runtime-objects.ts';
import type { RuleContext, ScopeMember } from '../../rule-context.ts';
import type { IdentityFacts, NamespaceFacts, TokenSecret } from './facts.ts';
import { identityFacts, namespaceFacts } from './facts.ts';

/** A namespace, or `undefined` for the whole cluster. */
export type Where = string | undefined;

interface ScopeKind {
  /** Key prefix, e.g. `sa-exists`. */
  readonly key: string;
  /** Label, e.g. `existing ServiceAccounts`. */
  readonly label: string;
  readonly members: (
    ns: NamespaceFacts,
    namespace: string,
    facts: IdentityFacts,
  ) => Iterable<ScopeMember>;
}

function scoped(
  ctx: RuleContext,
  kind: ScopeKind,
  where: Where,
): string | undefined {
  const facts = identityFacts(ctx);
  const perNamespace = (namespace: string): string | undefined =>
    ctx.scope(
      `identity:${kind.key}@Namespace:${namespace}`,
      `${kind.label} in namespace ${namespace}`,
      () => kind.members(namespaceFacts(facts, namespace), namespace, facts),
    );
  if (where !== undefined) return perNamespace(where);
  return ctx.scope(
    `identity:${kind.key}@cluster`,
    `${kind.label} in every namespace`,
    function* () {
      for (const namespace of facts.namespaceNames) {
        const id = perNamespace(namespace);
        if (id !== undefined) yield id;
      }
    },
  );
}

const saId = (namespace: string, name: string): string =>
  `ServiceAccount:${namespace}/${name}`;

const SA_NODES: ScopeKind = {
  key: 'sa-nodes',
  label: 'ServiceAccounts',
  *members(ns, namespace) {
    for (const name of ns.serviceAccounts) yield saId(namespace, name);
  },
};

function saExisting(inferred: boolean): ScopeKind {
  return {
    key: inferred ? 'sa-exists-inferred' : 'sa-exists',
    label: inferred
      ? 'ServiceAccounts inferred to exist'
      : 'existing ServiceAccounts',
    *members(ns, namespace, facts) {
      for (const name of ns.serviceAccounts) {
        const existence = facts.existence(namespace, name);
        if (existence.exists && existence.inferred === inferred)
          yield saId(namespace, name);
      }
    },
  };
}

/** Which live (not invalidated) legacy tokens a token scope holds. */
export type TokenFilter = 'all' | 'revealed' | 'hidden';

/** Secret names that some ServiceAccount `secrets[]` or pod or controller spec of the namespace names. */
export function revealedAnywhere(ns: NamespaceFacts, name: string): boolean {
  for (const entry of ns.revealed.values())
    if (entry.all.has(name)) return true;
  return false;
}

function tokenMatches(
  token: TokenSecret,
  ns: NamespaceFacts,
  filter: TokenFilter,
): boolean {
  if (filter === 'all') return true;
  const revealed = revealedAnywhere(ns, token.name);
  return filter === 'revealed' ? revealed : !revealed;
}

function tokenOwners(filter: TokenFilter, inferred: boolean): ScopeKind {
  return {
    key: `sa-token-${filter}${inferred ? '-inferred' : ''}`,
    label: `ServiceAccounts with a live legacy token Secret${filter === 'all' ? '' : filter === 'revealed' ? ' whose name is revealed' : ' whose name is not revealed'}${inferred ? ' (inferred)' : ''}`,
    *members(ns) {
      for (const token of ns.tokens) {
        if (token.legacy.revivableOnly || token.legacy.inferred !== inferred)
          continue;
        if (tokenMatches(token, ns, filter)) yield token.serviceAccountId;
      }
    },
  };
}

/** `runtime` is read inside `members`, so the scope's anchor keeps that read. */
function secrets(revealedOnly: boolean, runtime: () => boolean): ScopeKind {
  return {
    key: revealedOnly ? 'secrets-revealed' : 'secrets',
    label: revealedOnly
      ? 'Secrets whose name a ServiceAccount or pod spec reveals'
      : 'Secrets',
    *members(ns, namespace) {
      for (const name of ns.secrets.keys()) {
        if (!revealedOnly || revealedAnywhere(ns, name))
          yield `Secret:${namespace}/${name}`;
      }
      // The runtime Secrets of kube-system (entities/runtime-objects.ts):
      // read by listing, or by a get of a name learnt or guessed.
      if (!revealedOnly && namespace === RUNTIME_SECRETS_NAMESPACE && runtime())
        yield { id: RUNTIME_SECRETS_ID, confidence: 'medium' };
    },
  };
}

/** Every ServiceAccount node of a namespace (or of the cluster). */
export function serviceAccountNodesScope(
  ctx: RuleContext,
  where: Where,
): string | undefined {
  return scoped(ctx, SA_NODES, where);
}

/** ServiceAccounts with SAExists (catalog 2.6), known or only inferred. */
export function existingServiceAccountsScope(
  ctx: RuleContext,
  where: Where,
  inferred: boolean,
): string | undefined {
  return scoped(ctx, saExisting(inferred), where);
}

/** ServiceAccounts with a live, not invalidated legacy token Secret. */
export function tokenOwnersScope(
  ctx: RuleContext,
  where: Where,
  filter: TokenFilter,
  inferred: boolean,
): string | undefined {
  return scoped(ctx, tokenOwners(filter, inferred), where);
}

export function secretsScope(
  ctx: RuleContext,
  where: Where,
  revealedOnly: boolean,
): string | undefined {
  return scoped(
    ctx,
    secrets(revealedOnly, () => ctx.index.runtimeSecrets),
    where,
  );
}

/** User nodes whose only groups are system:authenticated / system:unauthenticated, or every User node. */
export function usersScope(
  ctx: RuleContext,
  plainOnly: boolean,
): string | undefined {
  const facts = identityFacts(ctx);
  return ctx.scope(
    plainOnly ? 'identity:users-plain@cluster' : 'identity:users@cluster',
    plainOnly ? 'users without group memberships' : 'every user',
    function* () {
      for (const [name, groups] of facts.users)
        if (!plainOnly || groups.length === 0) yield `User:${name}`;
    },
  );
}

/** Every Group node, with or without Group:system:masters. */
export function groupsScope(
  ctx: RuleContext,
  withMasters: boolean,
): string | undefined {
  const facts = identityFacts(ctx);
  return ctx.scope(
    withMasters
      ? 'identity:groups@cluster'
      : 'identity:groups-but-masters@cluster',
    withMasters ? 'every group' : 'every group but system:masters',
    function* () {
      for (const name of facts.groups)
        if (withMasters || name !== 'system:masters') yield `Group:${name}`;
    },
  );
}
