/**
 * TOKEN_REQUEST (catalog 3.5): the TokenRequest API
 * (`POST /api/v1/namespaces/<ns>/serviceaccounts/<s>/token`) mints a fresh,
 * valid token for ServiceAccount s; whoever may create that subresource
 * becomes s.
 *
 * Precondition: `create serviceaccounts/token` on s in ns (names respected:
 * the request carries the name s, catalog 4.1) and `SAExists(ns, s)`
 * (catalog 2.6). Target: the ServiceAccount. Confidence high; medium when
 * its existence is inferred from references in manifest input.
 *
 * Reference: https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-request-v1/
 */

import { defineRule } from './define-rule.ts';
import { IDENTITY_READS, readsOf } from './reads.ts';
import { rbacEvidence } from './evidence.ts';
import { accessOf, verbAction, wayEvidence } from './identity-utils/access.ts';
import { identityFacts } from './identity-utils/facts.ts';
import { existingServiceAccountsScope } from './identity-utils/scopes.ts';
import { namedEntries } from './identity-utils/secret-access.ts';

const REQUEST_TOKEN = verbAction('create', '', 'serviceaccounts', 'token');

export const tokenRequest = defineRule({
  kind: 'TOKEN_REQUEST',
  reads: readsOf(IDENTITY_READS),
  *matchHolder(ctx, holder) {
    const access = accessOf(holder, REQUEST_TOKEN);
    if (!access.any) return;
    const facts = identityFacts(ctx);
    const wide =
      access.everywhere === undefined
        ? (access.fullNamespaces() ?? [])
        : [undefined];
    for (const where of wide) {
      const way = where === undefined ? access.everywhere : access.full(where);
      if (way === undefined) continue;
      for (const inferred of [false, true]) {
        const to = existingServiceAccountsScope(ctx, where, inferred);
        if (to === undefined) continue;
        yield {
          from: holder.id,
          to,
          confidence: inferred ? 'medium' : 'high',
          evidence: rbacEvidence(
            `Can request a token for any ServiceAccount in ${where === undefined ? 'every namespace' : `namespace ${where}`}.`,
            [wayEvidence(way, where === undefined ? {} : { namespace: where })],
            {
              namespace: where ?? '*',
              targets: inferred
                ? 'ServiceAccounts inferred to exist'
                : 'existing ServiceAccounts',
            },
          ),
        };
      }
    }
    const namespacesOf = (name: string): readonly string[] =>
      name === 'default'
        ? facts.namespaceNames
        : (facts.serviceAccountsByName.get(name) ?? []);
    for (const { namespace, name, way } of namedEntries(access, namespacesOf)) {
      const existence = facts.existence(namespace, name);
      if (!existence.exists) continue;
      yield {
        from: holder.id,
        to: `ServiceAccount:${namespace}/${name}`,
        confidence: existence.inferred ? 'medium' : 'high',
        evidence: rbacEvidence(
          `Can request a token for ServiceAccount ${namespace}/${name}.`,
          [wayEvidence(way, { namespace, name })],
          { serviceAccount: existence.reason },
        ),
        toNode: {
          id: `ServiceAccount:${namespace}/${name}`,
          kind: 'ServiceAccount',
          name,
          namespace,
        },
      };
    }
  },
});
