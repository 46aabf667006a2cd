/**
 * F-SECRET-LEGACYTOKEN (catalog 6, 2.6): a Secret of type
 * `kubernetes.io/service-account-token` that is a live token
 * (`LiveLegacyToken`: its ServiceAccount exists, the UID matches), or one the
 * cleaner invalidated (`kubernetes.io/legacy-token-invalid-since`) that anyone
 * who can patch the Secret revives. Such tokens never expire, and whoever can
 * read the Secret holds the ServiceAccount (TOKEN_LIST, TOKEN_NAME_KNOWN,
 * catalog 3.5). Tokens of a missing ServiceAccount are dead and not
 * reported. Per Secret.
 *
 * Reference: https://kubernetes.io/docs/concepts/security/service-accounts/#get-a-token
 */

import { objectId } from '@chokepoint/model';
import {
  LEGACY_TOKEN_TYPE,
  liveLegacyToken,
} from '../predicates/service-account-token.ts';
import { serviceAccountIndexOf } from '../rules/escape-utils/service-account-tokens.ts';
import { defineFinding } from './define-finding.ts';
import type { FindingRecord } from './define-finding.ts';

export const secretLegacytoken = defineFinding({
  id: 'F-SECRET-LEGACYTOKEN',
  title: 'Long-lived ServiceAccount token Secret',
  severity: 'medium',
  description:
    'A kubernetes.io/service-account-token Secret holds a live (or revivable) token that never expires.',
  *check({ index }): Iterable<FindingRecord> {
    const saIndex = serviceAccountIndexOf(index);
    for (const secret of index.objects('Secret')) {
      if (secret.type !== LEGACY_TOKEN_TYPE) continue;
      const token = liveLegacyToken(secret, saIndex);
      if (!token.live || token.serviceAccount === undefined) continue;
      const namespace = secret.metadata.namespace ?? 'default';
      const id = objectId('Secret', secret.metadata.name, namespace);
      const sa = objectId('ServiceAccount', token.serviceAccount, namespace);
      yield {
        check: 'F-SECRET-LEGACYTOKEN',
        id: `F-SECRET-LEGACYTOKEN:${id}`,
        severity: 'medium',
        title: 'Long-lived ServiceAccount token Secret',
        message: token.revivableOnly
          ? `Secret ${namespace}/${secret.metadata.name} holds an invalidated token of ServiceAccount ${namespace}/${token.serviceAccount} that removing one label revives.`
          : `Secret ${namespace}/${secret.metadata.name} holds a non-expiring token of ServiceAccount ${namespace}/${token.serviceAccount}.`,
        objects: [id, sa],
        fields: ['type'],
        remediation:
          'Delete the Secret and use short-lived tokens (TokenRequest, projected volumes, kubectl create token) instead.',
        checklist: [
          'Regularly review and rotate service account tokens',
          'Cluster administrators are advised not to use service account tokens for authentication.',
        ],
      };
    }
  },
});
