/**
 * The scope edges of the legacy token rules (catalog 3.5 TOKEN_LIST,
 * TOKEN_NAME_KNOWN, TOKEN_BRUTEFORCE): a holder whose Secret access covers a
 * whole namespace (or every namespace) reaches the Scope of the
 * ServiceAccounts owning such tokens there, once for the ServiceAccounts
 * known to exist and once for the inferred ones. The rules differ only in
 * which tokens count, the confidence and the wording; the edge shape lives
 * here once.
 */

import type { Confidence } from '@chokepoint/model';
import type { Holder } from '../../holder.ts';
import type { RuleContext } from '../../rule-context.ts';
import type { EdgeRecord } from '../define-rule.ts';
import type { CredentialEvidence } from '@chokepoint/model';
import { rbacEvidence } from '../evidence.ts';
import { wayEvidence } from './access.ts';
import type { Way } from './access.ts';
import { tokenOwnersScope } from './scopes.ts';
import type { TokenFilter, Where } from './scopes.ts';

export interface TokenScopeKind {
  /** Which token owners the Scope holds. */
  readonly filter: TokenFilter;
  readonly confidence: (inferred: boolean) => Confidence;
  /** The evidence reason, given `every namespace` or `namespace <ns>`. */
  readonly reason: (place: string) => string;
  /** The evidence's `targets` text. */
  readonly targets: string;
  /** Marks the inferred edge's evidence with `serviceAccountInferred`. */
  readonly markInferred?: boolean;
}

/** Edges from the holder to the token owners' Scope of `where`, through `ways`. */
export function* tokenScopeEdges(
  ctx: RuleContext,
  holder: Holder,
  where: Where,
  ways: readonly Way[],
  kind: TokenScopeKind,
): Iterable<EdgeRecord<CredentialEvidence>> {
  const place = where === undefined ? 'every namespace' : `namespace ${where}`;
  for (const inferred of [false, true]) {
    const to = tokenOwnersScope(ctx, where, kind.filter, inferred);
    if (to === undefined) continue;
    yield {
      from: holder.id,
      to,
      confidence: kind.confidence(inferred),
      evidence: rbacEvidence(
        kind.reason(place),
        ways.map(w =>
          wayEvidence(w, where === undefined ? {} : { namespace: where }),
        ),
        {
          namespace: where ?? '*',
          targets: kind.targets,
          ...(kind.markInferred === true && inferred
            ? { serviceAccountInferred: true }
            : {}),
        },
      ),
    };
  }
}
