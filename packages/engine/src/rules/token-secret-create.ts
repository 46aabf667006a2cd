/**
 * TOKEN_SECRET_CREATE (catalog 3.5): the token controller fills a manually
 * created `kubernetes.io/service-account-token` Secret (annotation
 * `kubernetes.io/service-account.name: s`) with a token of any existing
 * ServiceAccount s, without checking who created it. Whoever can create
 * Secrets in a namespace and read the result back becomes any ServiceAccount
 * of that namespace.
 *
 * Precondition: `create secrets` in ns (resourceNames cannot restrict create)
 * and a read-back: `list` or `watch secrets` in ns, or `get secrets` without
 * resourceNames, or `get` (or a name-selected `list`/`watch`) whose
 * resourceNames include a name no Secret in ns uses (the attacker creates the
 * Secret under that name). Targets: every ServiceAccount s of ns with
 * `SAExists(ns, s)`. Confidence high; medium for inferred ServiceAccounts.
 *
 * Reference: https://kubernetes.io/docs/concepts/configuration/secret/#serviceaccount-token-secrets
 */

import type { RuleContext } from '../rule-context.ts';
import { defineRule } from './define-rule.ts';
import { IDENTITY_READS, readsOf } from './reads.ts';
import { rbacEvidence } from './evidence.ts';
import { touchedNamespaces, wayEvidence } from './identity-utils/access.ts';
import type { Way } from './identity-utils/access.ts';
import { identityFacts, namespaceFacts } from './identity-utils/facts.ts';
import { existingServiceAccountsScope } from './identity-utils/scopes.ts';
import type { Where } from './identity-utils/scopes.ts';
import { secretAccess } from './identity-utils/secret-access.ts';
import type { SecretAccess } from './identity-utils/secret-access.ts';

/** A way to read back a Secret the holder creates in `namespace`. */
function readBack(
  ctx: RuleContext,
  access: SecretAccess,
  namespace: string,
): { way: Way; name?: string } | undefined {
  const full = access.list.full(namespace) ?? access.get.full(namespace);
  if (full !== undefined) return { way: full };
  const used = namespaceFacts(identityFacts(ctx), namespace).secrets;
  for (const reader of [access.get, access.list]) {
    for (const [name, way] of reader.names(namespace))
      if (!used.has(name)) return { way, name };
  }
  return undefined;
}

export const tokenSecretCreate = defineRule({
  kind: 'TOKEN_SECRET_CREATE',
  reads: readsOf(IDENTITY_READS),
  *matchHolder(ctx, holder) {
    const access = secretAccess(holder);
    if (!access.create.any) return;
    const facts = identityFacts(ctx);
    const create = access.create;
    const back =
      create.everywhere === undefined
        ? undefined
        : (access.list.everywhere ?? access.get.everywhere);
    const targets: [Where, Way, { way: Way; name?: string }][] = [];
    if (create.everywhere !== undefined && back !== undefined) {
      targets.push([undefined, create.everywhere, { way: back }]);
    } else {
      for (const namespace of touchedNamespaces(create, facts.namespaceNames)) {
        const way = create.full(namespace);
        const read =
          way === undefined ? undefined : readBack(ctx, access, namespace);
        if (way !== undefined && read !== undefined)
          targets.push([namespace, way, read]);
      }
    }
    for (const [where, way, read] of targets) {
      for (const inferred of [false, true]) {
        const to = existingServiceAccountsScope(ctx, where, inferred);
        if (to === undefined) continue;
        const at = where === undefined ? {} : { namespace: where };
        yield {
          from: holder.id,
          to,
          confidence: inferred ? 'medium' : 'high',
          evidence: rbacEvidence(
            `Can create a service-account-token Secret in ${where === undefined ? 'every namespace' : `namespace ${where}`} and read back the token the controller writes into it.`,
            [
              wayEvidence(way, at),
              wayEvidence(
                read.way,
                read.name === undefined ? at : { ...at, name: read.name },
              ),
            ],
            {
              namespace: where ?? '*',
              targets: inferred
                ? 'ServiceAccounts inferred to exist'
                : 'existing ServiceAccounts',
              ...(read.name === undefined ? {} : { secretName: read.name }),
            },
          ),
        };
      }
    }
  },
});
