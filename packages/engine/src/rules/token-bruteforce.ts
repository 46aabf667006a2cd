/**
 * TOKEN_BRUTEFORCE (catalog 3.5): with `get secrets` but no way to learn a
 * legacy token Secret's name, the attacker guesses it: auto-generated names
 * are `<sa>-token-` plus five characters from a 27-letter alphabet
 * (about 14 million candidates, each a GET request).
 *
 * Precondition: `LiveLegacyToken(x, s)` (catalog 2.6; an invalidated token
 * counts only when the holder can `patch` or `update` x), `get secrets` in ns
 * without resourceNames, and x is not knowable as for TOKEN_NAME_KNOWN. A
 * holder that can also `list`/`watch` x needs no guess (TOKEN_LIST), so no
 * edge then. Target: the ServiceAccount. Confidence low.
 *
 * Reference: https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apiserver/pkg/storage/names/generate.go
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
  knownName,
  readsEverySpec,
  secretAccess,
  tokenUsable,
} from './identity-utils/secret-access.ts';

const HIDDEN: TokenScopeKind = {
  filter: 'hidden',
  confidence: () => 'low',
  reason: place =>
    `Can get any Secret in ${place}; the names of these legacy token Secrets are not revealed, so they must be guessed.`,
  targets:
    'ServiceAccounts whose live legacy token Secret name is not revealed',
};

function toScopes(
  ctx: RuleContext,
  holder: Holder,
  where: Where,
  way: Way,
): Iterable<RecordOf<'TOKEN_BRUTEFORCE'>> {
  return tokenScopeEdges(ctx, holder, where, [way], HIDDEN);
}

function toToken(
  holder: Holder,
  token: TokenSecret,
  get: Way,
  revive?: Way,
): RecordOf<'TOKEN_BRUTEFORCE'> {
  const where = { namespace: token.namespace, name: token.name };
  return {
    from: holder.id,
    to: token.serviceAccountId,
    confidence: 'low',
    evidence: rbacEvidence(
      `Can get any Secret in namespace ${token.namespace}; guessing the name ${token.name} yields a ${revive === undefined ? 'live' : 'revivable'} legacy token of ServiceAccount ${token.serviceAccount}.`,
      [
        wayEvidence(get, { namespace: token.namespace }),
        ...(revive === undefined ? [] : [wayEvidence(revive, where)]),
      ],
      {
        secret: `Secret:${token.namespace}/${token.name}`,
        token: token.legacy.reason,
      },
    ),
  };
}

export const tokenBruteforce = defineRule({
  kind: 'TOKEN_BRUTEFORCE',
  reads: readsOf(IDENTITY_READS),
  *matchHolder(ctx, holder) {
    const access = secretAccess(holder);
    if (!access.get.any) return;
    const facts = identityFacts(ctx);
    const { everywhere } = access.get;
    const allScoped =
      everywhere !== undefined &&
      !access.list.any &&
      readsEverySpec(access, undefined);
    if (allScoped) yield* toScopes(ctx, holder, undefined, everywhere);
    for (const namespace of touchedNamespaces(
      access.get,
      facts.namespaceNames,
    )) {
      const full = access.get.full(namespace);
      if (full === undefined || access.list.full(namespace) !== undefined)
        continue;
      const ns = namespaceFacts(facts, namespace);
      const scoped =
        allScoped ||
        (readsEverySpec(access, namespace) &&
          [...access.list.names(namespace)].length === 0);
      if (scoped && !allScoped) yield* toScopes(ctx, holder, namespace, full);
      for (const token of ns.tokens) {
        if (scoped && !token.legacy.revivableOnly) continue;
        if (access.list.named(namespace, token.name) !== undefined) continue;
        const { usable, revive } = tokenUsable(access, token);
        if (
          usable &&
          knownName(access, ns, namespace, token.name) === undefined
        ) {
          yield toToken(holder, token, full, revive);
        }
      }
    }
  },
});
