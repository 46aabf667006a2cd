/**
 * The identities the authenticator hands RBAC for the holders the catalog
 * models (catalog 3.5 IMPERSONATE_SA, 3.6 MEMBER_OF): a ServiceAccount's
 * username and its three groups. People's group memberships are never
 * inferred, so there is no helper for them.
 */

import { serviceAccountUsername } from './subjects.ts';
import type { Identity } from './types.ts';

export function serviceAccountIdentity(
  namespace: string,
  name: string,
): Identity {
  return {
    user: serviceAccountUsername(namespace, name),
    groups: [
      'system:serviceaccounts',
      `system:serviceaccounts:${namespace}`,
      'system:authenticated',
    ],
  };
}
