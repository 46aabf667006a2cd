/**
 * TOKEN_NAME_KNOWN (catalog 3.5): `get secrets` returns a Secret's data when
 * the caller knows its name. When the name of a live legacy ServiceAccount
 * token is discoverable, the holder reads the token and becomes the
 * ServiceAccount.
 *
 * Precondition: `LiveLegacyToken(x, s)` (catalog 2.6; an invalidated token
 * counts only when the holder can `patch` or `update` x) and `get secrets` x
 * (names respected), and x is knowable: listed in `s.secrets[]` while the
 * holder can `get serviceaccounts` s or `list`/`watch serviceaccounts` in ns;
 * or named in the resourceNames of the holder's rule; or referenced by a pod
 * or controller spec the holder can read in ns. Target: the ServiceAccount.
 * Confidence high; medium when the ServiceAccount's existence is inferred.
 *
 * Reference: https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#manual-secret-management-for-serviceaccounts
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
  namedEntries,
  readsEverySpec,
  secretAccess,
  secretNamespaces,
  tokenUsable,
  tokensNamed,
} from './identity-utils/secret-access.ts';
import type {
  KnownName,
  SecretAccess,
} from './identity-utils/secret-access.ts';

const REVEALED: TokenScopeKind = {
  filter: 'revealed',
  confidence: inferred => (inferred ? 'medium' : 'high'),
  reason: place =>
    `Can get Secrets in ${place} and read the ServiceAccounts and pod specs that name their legacy token Secrets.`,
  targets:
    'ServiceAccounts whose live legacy token Secret is named by a ServiceAccount or pod spec',
};

function toScopes(
  ctx: RuleContext,
  holder: Holder,
  access: SecretAccess,
  where: Where,
  way: Way,
): Iterable<RecordOf<'TOKEN_NAME_KNOWN'>> {
  const readers = [...access.readers.values()]
    .map(reader =>
      where === undefined ? reader.everywhere : reader.full(where),
    )
    .filter((w): w is Way => w !== undefined);
  return tokenScopeEdges(ctx, holder, where, [way, ...readers], REVEALED);
}

function toToken(
  holder: Holder,
  token: TokenSecret,
  get: Way,
  known: KnownName,
  revive?: Way,
): RecordOf<'TOKEN_NAME_KNOWN'> {
  const where = { namespace: token.namespace, name: token.name };
  return {
    from: holder.id,
    to: token.serviceAccountId,
    confidence: token.legacy.inferred ? 'medium' : 'high',
    evidence: rbacEvidence(
      `Can get Secret ${token.namespace}/${token.name}, a ${revive === undefined ? 'live' : 'revivable'} legacy token of ServiceAccount ${token.serviceAccount}, whose name it learns from ${known.object ?? 'its own resourceNames'}.`,
      [
        wayEvidence(get, where),
        ...(known.via === 'resourceNames'
          ? []
          : [wayEvidence(known.way, { namespace: token.namespace })]),
        ...(revive === undefined ? [] : [wayEvidence(revive, where)]),
      ],
      {
        secret: `Secret:${token.namespace}/${token.name}`,
        nameKnownFrom: known.object ?? 'resourceNames',
        token: token.legacy.reason,
      },
    ),
  };
}

export const tokenNameKnown = defineRule({
  kind: 'TOKEN_NAME_KNOWN',
  reads: readsOf(IDENTITY_READS),
  *matchHolder(ctx, holder) {
    const access = secretAccess(holder);
    if (!access.get.any) return;
    const facts = identityFacts(ctx);
    const { everywhere } = access.get;
    const allReadEverywhere =
      everywhere !== undefined && readsEverySpec(access, undefined);
    if (allReadEverywhere)
      yield* toScopes(ctx, holder, access, undefined, everywhere);
    for (const namespace of touchedNamespaces(
      access.get,
      facts.namespaceNames,
    )) {
      const full = access.get.full(namespace);
      if (full === undefined) continue;
      const ns = namespaceFacts(facts, namespace);
      const scoped = allReadEverywhere || readsEverySpec(access, namespace);
      if (scoped && !allReadEverywhere)
        yield* toScopes(ctx, holder, access, namespace, full);
      for (const token of ns.tokens) {
        if (scoped && !token.legacy.revivableOnly) continue;
        const { usable, revive } = tokenUsable(access, token);
        const known = usable
          ? knownName(access, ns, namespace, token.name)
          : undefined;
        if (known !== undefined)
          yield toToken(holder, token, full, known, revive);
      }
    }
    for (const { namespace, name, way } of namedEntries(
      access.get,
      secretNamespaces(facts),
    )) {
      const token = tokensNamed(namespaceFacts(facts, namespace), name);
      if (token === undefined) continue;
      const { usable, revive } = tokenUsable(access, token);
      if (usable)
        yield toToken(
          holder,
          token,
          way,
          { via: 'resourceNames', way },
          revive,
        );
    }
  },
});
