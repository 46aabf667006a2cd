/**
 * AUTHENTICATES_AS (catalog 3.1): the Internet obtains a built-in group
 * identity from the API server without stealing anything.
 *
 * Precondition:
 * - Internet → Group:system:unauthenticated when `apiServer.publicEndpoint`
 *   and `apiServer.anonymousAuth` (both default true): high when both are
 *   given in the policy file, else medium;
 * - Internet → Group:system:authenticated when `authenticatedIsPublic`
 *   (default true on GKE, where any Google account authenticates): high.
 *
 * Reference: https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests
 */

import { INTERNET_ID } from '@chokepoint/model';
import { groupNode } from '../entities/node-spec.ts';
import {
  authenticatedIsPublicFor,
  isGiven,
  resolveProvider,
} from '../policy.ts';
import type { FactEvidence } from './evidence.ts';
import { defineRule } from './define-rule.ts';
import { readsOf } from './reads.ts';

export const authenticatesAs = defineRule({
  kind: 'AUTHENTICATES_AS',
  reads: readsOf(['Node']),
  *match({ index, policy }) {
    const { publicEndpoint, anonymousAuth } = policy.apiServer;
    if (publicEndpoint && anonymousAuth) {
      const endpointGiven = isGiven(policy, 'apiServer.publicEndpoint');
      const anonymousGiven = isGiven(policy, 'apiServer.anonymousAuth');
      const facts: FactEvidence[] = [
        {
          fact: 'apiServer.publicEndpoint',
          value: true,
          source: endpointGiven ? 'given' : 'defaulted',
        },
        {
          fact: 'apiServer.anonymousAuth',
          value: true,
          source: anonymousGiven ? 'given' : 'defaulted',
        },
      ];
      const group = groupNode('system:unauthenticated');
      yield {
        from: INTERNET_ID,
        to: group.id,
        confidence: endpointGiven && anonymousGiven ? 'high' : 'medium',
        evidence: {
          reason:
            'The API server is reachable from the Internet and accepts anonymous requests, which run as system:anonymous in group system:unauthenticated.',
          facts,
        },
        toNode: group,
      };
    }

    const provider = resolveProvider(
      policy,
      index.serverVersion,
      index.objects('Node'),
    );
    if (authenticatedIsPublicFor(policy, provider.value)) {
      const given = policy.authenticatedIsPublic !== undefined;
      const facts: FactEvidence[] = given
        ? [{ fact: 'authenticatedIsPublic', value: true, source: 'given' }]
        : [
            { fact: 'authenticatedIsPublic', value: true, source: 'derived' },
            {
              fact: 'provider',
              value: provider.value,
              source: provider.source,
            },
          ];
      const group = groupNode('system:authenticated');
      yield {
        from: INTERNET_ID,
        to: group.id,
        confidence: 'high',
        evidence: {
          reason: given
            ? 'The policy states that anyone on the Internet can obtain an authenticated identity (group system:authenticated).'
            : 'On GKE any Google account authenticates to the API server and is placed in group system:authenticated.',
          facts,
        },
        toNode: group,
      };
    }
  },
});
