/**
 * The version rule shared by POD_EXEC and POD_ATTACH_API (catalog 3.5 and
 * section 8): `create` on the subresource works on every version; `get`
 * alone (a WebSocket upgrade is a GET) only before 1.35 or with
 * AuthorizePodWebsocketUpgradeCreatePermission off (kubernetes/kubernetes#134577,
 * KEP-4006). With the version unknown, a `get`-only way is medium.
 */

import type { Confidence } from '@chokepoint/model';
import { isGiven } from '../../policy.ts';
import { getAloneAllowsExec } from '../../predicates/versions.ts';
import type { RuleContext } from '../../rule-context.ts';
import type { FactEvidence } from '../evidence.ts';

export interface GetAloneVerdict {
  /** Undefined: `get` alone does not allow the request on this server. */
  readonly confidence?: Confidence;
  readonly facts: readonly FactEvidence[];
}

export function getAloneVerdict(ctx: RuleContext): GetAloneVerdict {
  const allowed = getAloneAllowsExec(
    ctx.index.version,
    ctx.policy.featureGates,
  );
  const gate = 'AuthorizePodWebsocketUpgradeCreatePermission';
  const facts: FactEvidence[] = [
    {
      fact: 'kubernetesVersion',
      value: ctx.index.serverVersion ?? 'unknown',
      source:
        ctx.policy.kubernetesVersion !== undefined
          ? 'given'
          : ctx.index.serverVersion !== undefined
            ? 'derived'
            : 'defaulted',
    },
  ];
  if (
    Object.hasOwn(ctx.policy.featureGates, gate) ||
    isGiven(ctx.policy, `featureGates.${gate}`)
  ) {
    facts.push({
      fact: `featureGates.${gate}`,
      value: ctx.policy.featureGates[gate],
      source: 'given',
    });
  }
  if (allowed === false) return { facts };
  return { confidence: allowed === true ? 'high' : 'medium', facts };
}
