/**
 * SECRET_READ (catalog 3.5): reading a Secret's data (passwords, API keys,
 * certificates, tokens).
 *
 * Precondition: `list` or `watch secrets` in ns (names respected): high.
 * `get secrets` x with x knowable (named in the rule's resourceNames, listed
 * in a readable ServiceAccount's `secrets[]`, or referenced by a readable pod
 * or controller spec): high. `get` otherwise (the name must be learnt or
 * guessed): medium. Targets are the Secrets in the input; namespace- and
 * cluster-wide grants reach them through shared scope nodes.
 *
 * Reference: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets
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
import { secretsScope } from './identity-utils/scopes.ts';
import type { Where } from './identity-utils/scopes.ts';
import {
  knownName,
  namedEntries,
  readsEverySpec,
  revealedNames,
  secretAccess,
  secretNamespaces,
} from './identity-utils/secret-access.ts';
import type { SecretAccess } from './identity-utils/secret-access.ts';

function place(where: Where): string {
  return where === undefined ? 'every namespace' : `namespace ${where}`;
}

function scoped(
  ctx: RuleContext,
  holder: Holder,
  where: Where,
  revealed: boolean,
  confidence: 'high' | 'medium',
  reason: string,
  ways: readonly Way[],
): RecordOf<'SECRET_READ'>[] {
  const to = secretsScope(ctx, where, revealed);
  if (to === undefined) return [];
  return [
    {
      from: holder.id,
      to,
      confidence,
      evidence: rbacEvidence(
        reason,
        ways.map(w =>
          wayEvidence(w, where === undefined ? {} : { namespace: where }),
        ),
        {
          namespace: where ?? '*',
          targets: revealed
            ? 'Secrets named by a ServiceAccount or pod spec'
            : 'Secrets',
        },
      ),
    },
  ];
}

function readers(access: SecretAccess, where: Where): Way[] {
  return [...access.readers.values()]
    .map(reader =>
      where === undefined ? reader.everywhere : reader.full(where),
    )
    .filter((w): w is Way => w !== undefined);
}

export const secretRead = defineRule({
  kind: 'SECRET_READ',
  reads: readsOf(IDENTITY_READS),
  *matchHolder(ctx, holder) {
    const access = secretAccess(holder);
    if (!access.list.any && !access.get.any) return;
    const facts = identityFacts(ctx);
    const { list, get } = access;

    if (list.everywhere !== undefined) {
      yield* scoped(
        ctx,
        holder,
        undefined,
        false,
        'high',
        `Can ${list.everywhere.action.verb} Secrets in every namespace, which returns their data.`,
        [list.everywhere],
      );
    } else {
      for (const namespace of list.fullNamespaces() ?? []) {
        const way = list.full(namespace);
        if (way === undefined) continue;
        yield* scoped(
          ctx,
          holder,
          namespace,
          false,
          'high',
          `Can ${way.action.verb} Secrets in ${place(namespace)}, which returns their data.`,
          [way],
        );
      }
      for (const { namespace, name, way } of namedEntries(
        list,
        secretNamespaces(facts),
      )) {
        if (!namespaceFacts(facts, namespace).secrets.has(name)) continue;
        yield {
          from: holder.id,
          to: `Secret:${namespace}/${name}`,
          confidence: 'high',
          evidence: rbacEvidence(
            `Can ${way.action.verb} Secret ${namespace}/${name} by name (field selector), which returns its data.`,
            [wayEvidence(way, { namespace, name })],
          ),
        };
      }
    }
    if (list.everywhere !== undefined) return;

    const getEverywhere = get.everywhere !== undefined && !list.any;
    const revealedEverywhere =
      getEverywhere && readsEverySpec(access, undefined);
    if (get.everywhere !== undefined && getEverywhere) {
      yield* scoped(
        ctx,
        holder,
        undefined,
        false,
        'medium',
        'Can get any Secret in every namespace whose name it learns or guesses.',
        [get.everywhere],
      );
      if (revealedEverywhere) {
        yield* scoped(
          ctx,
          holder,
          undefined,
          true,
          'high',
          'Can get Secrets in every namespace and read the ServiceAccounts and pod specs that name them.',
          [get.everywhere, ...readers(access, undefined)],
        );
      }
    }
    for (const namespace of touchedNamespaces(get, facts.namespaceNames)) {
      const full = get.full(namespace);
      if (full === undefined || list.full(namespace) !== undefined) continue;
      if (!getEverywhere) {
        yield* scoped(
          ctx,
          holder,
          namespace,
          false,
          'medium',
          `Can get any Secret in ${place(namespace)} whose name it learns or guesses.`,
          [full],
        );
      }
      if (revealedEverywhere) continue;
      const ns = namespaceFacts(facts, namespace);
      if (readsEverySpec(access, namespace)) {
        yield* scoped(
          ctx,
          holder,
          namespace,
          true,
          'high',
          `Can get Secrets in ${place(namespace)} and read the ServiceAccounts and pod specs that name them.`,
          [full, ...readers(access, namespace)],
        );
        continue;
      }
      for (const name of revealedNames(access, ns, namespace)) {
        if (!ns.secrets.has(name) || list.named(namespace, name) !== undefined)
          continue;
        const known = knownName(access, ns, namespace, name);
        if (known === undefined) continue;
        yield {
          from: holder.id,
          to: `Secret:${namespace}/${name}`,
          confidence: 'high',
          evidence: rbacEvidence(
            `Can get Secret ${namespace}/${name}, whose name it reads in ${known.object ?? 'a readable object'}.`,
            [
              wayEvidence(full, { namespace, name }),
              wayEvidence(known.way, { namespace }),
            ],
            { nameKnownFrom: known.object ?? known.via },
          ),
        };
      }
    }
    for (const { namespace, name, way } of namedEntries(
      get,
      secretNamespaces(facts),
    )) {
      if (
        !namespaceFacts(facts, namespace).secrets.has(name) ||
        list.named(namespace, name) !== undefined
      )
        continue;
      yield {
        from: holder.id,
        to: `Secret:${namespace}/${name}`,
        confidence: 'high',
        evidence: rbacEvidence(
          `Can get Secret ${namespace}/${name}, which its rule names.`,
          [wayEvidence(way, { namespace, name })],
          {
            nameKnownFrom: 'resourceNames',
          },
        ),
      };
    }
  },
});
