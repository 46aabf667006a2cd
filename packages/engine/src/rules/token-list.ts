/**
 * TOKEN_LIST (catalog 3.5): listing or watching Secrets returns their data,
 * so a holder that can list Secrets of a namespace reads every legacy
 * ServiceAccount token stored there and becomes those ServiceAccounts.
 *
 * Precondition: `LiveLegacyToken(x, s)` in ns (catalog 2.6; a token Secret
 * labelled `kubernetes.io/legacy-token-invalid-since` counts only when the
 * holder can `patch` or `update` x) and `list` or `watch secrets` in ns, names
 * respected (a name-restricted rule must name x). Target: the ServiceAccount,
 * never a User or Group (Secrets hold no user credentials). Confidence high;
 * medium when the ServiceAccount's existence is inferred.
 *
 * Reference: https://kubernetes.io/docs/concepts/security/service-accounts/#get-a-token
 */

import type { Holder } from '../holder.ts';
import type { RuleContext } from '../rule-context.ts';
import { defineRule } from './define-rule.ts';
import { IDENTITY_READS, readsOf } from './reads.ts';
import type { RecordOf } from './define-rule.ts';
import { rbacEvidence } from './evidence.ts';
import { touchedNamespaces, wayEvidence } from './identity-utils/access.ts';
import type { Way } from './identity-utils/access.ts';
import { identityFacts, namespaceFacts } from './identity-utils/facts.ts';
import type { TokenSecret } from './identity-utils/facts.ts';
import type { Where } from './identity-utils/scopes.ts';
import { tokenScopeEdges } from './identity-utils/token-scopes.ts';
import type { TokenScopeKind } from './identity-utils/token-scopes.ts';
import {
  namedEntries,
  secretAccess,
  secretNamespaces,
  tokenUsable,
  tokensNamed,
} from './identity-utils/secret-access.ts';

/** The scope edges, their reason naming the verb the way grants (list or watch). */
const all = (verb: string): TokenScopeKind => ({
  filter: 'all',
  confidence: inferred => (inferred ? 'medium' : 'high'),
  reason: place =>
    `Can ${verb} Secrets in ${place}, which returns the live legacy ServiceAccount tokens stored there.`,
  targets: 'ServiceAccounts with a live legacy token Secret',
  markInferred: true,
});

function toScopes(
  ctx: RuleContext,
  holder: Holder,
  where: Where,
  way: Way,
): Iterable<RecordOf<'TOKEN_LIST'>> {
  return tokenScopeEdges(ctx, holder, where, [way], all(way.action.verb));
}

function toToken(
  holder: Holder,
  token: TokenSecret,
  way: Way,
  revive?: Way,
): RecordOf<'TOKEN_LIST'> {
  return {
    from: holder.id,
    to: token.serviceAccountId,
    confidence: token.legacy.inferred ? 'medium' : 'high',
    evidence: rbacEvidence(
      revive === undefined
        ? `Can ${way.action.verb} Secret ${token.namespace}/${token.name}, a live legacy token of ServiceAccount ${token.serviceAccount}.`
        : `Can ${way.action.verb} Secret ${token.namespace}/${token.name} and remove its invalid-since label, reviving the legacy token of ServiceAccount ${token.serviceAccount}.`,
      [
        wayEvidence(way, { namespace: token.namespace, name: token.name }),
        ...(revive === undefined
          ? []
          : [
              wayEvidence(revive, {
                namespace: token.namespace,
                name: token.name,
              }),
            ]),
      ],
      {
        secret: `Secret:${token.namespace}/${token.name}`,
        token: token.legacy.reason,
      },
    ),
  };
}

export const tokenList = defineRule({
  kind: 'TOKEN_LIST',
  reads: readsOf(IDENTITY_READS),
  *matchHolder(ctx, holder) {
    const access = secretAccess(holder);
    if (!access.list.any) return;
    const facts = identityFacts(ctx);
    const { everywhere } = access.list;
    if (everywhere !== undefined)
      yield* toScopes(ctx, holder, undefined, everywhere);
    for (const namespace of touchedNamespaces(
      access.list,
      facts.namespaceNames,
    )) {
      const full = access.list.full(namespace);
      if (full === undefined) continue;
      if (everywhere === undefined)
        yield* toScopes(ctx, holder, namespace, full);
      for (const token of namespaceFacts(facts, namespace).tokens) {
        if (!token.legacy.revivableOnly) continue;
        const { usable, revive } = tokenUsable(access, token);
        if (usable) yield toToken(holder, token, full, revive);
      }
    }
    for (const { namespace, name, way } of namedEntries(
      access.list,
      secretNamespaces(facts),
    )) {
      const token = tokensNamed(namespaceFacts(facts, namespace), name);
      if (token === undefined) continue;
      const { usable, revive } = tokenUsable(access, token);
      if (usable) yield toToken(holder, token, way, revive);
    }
  },
});
