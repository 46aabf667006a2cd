/**
 * TOKEN_SECRET_CREATE (catalog 3.5): the token controller fills a manually
 * created `kubernetes.io/service-account-token` Secret (annotation
 * `kubernetes.io/service-account.name: s`) with a token of any existing
 * ServiceAccount s, without checking who created it. Whoever can create
 * Secrets in a namespace and read the result back becomes any ServiceAccount
 * of that namespace.
 *
 * Precondition: `create secrets` in ns (resourceNames cannot restrict create)
 * and a read-back: `list` or `watch secrets` in ns, or `get secrets` without
 * resourceNames, or `get` (or a name-selected `list`/`watch`) whose
 * resourceNames include a name no Secret in ns uses (the attacker creates the
 * Secret under that name). Targets: every ServiceAccount s of ns with
 * `SAExists(ns, s)`. Confidence high; medium for inferred ServiceAccounts.
 *
 * When the only readable name is doubtful, so is the edge (issue #17,
 * point 6): a name an existing Secret takes is free only to a holder that
 * can also delete that Secret (medium: destructive, and the workload that
 * used it notices); a name a workload of ns references (a secret volume,
 * `secretKeyRef`, `envFrom`, `imagePullSecrets`, or a `--…secret…name=`
 * argument) is one it expects to exist, and that an installer job, an init
 * container or the workload itself usually creates at start-up
 * (ingress-nginx's certgen jobs, Argo CD's redis `secret-init`,
 * cert-manager's webhook CA): the attacker must win the race, low, or
 * medium with `delete` on it.
 *
 * Reference: https://kubernetes.io/docs/concepts/configuration/secret/#serviceaccount-token-secrets
 */

import { CONFIDENCE_ORDER } from '@chokepoint/model';
import type { Confidence } from '@chokepoint/model';
import type { RuleContext } from '../rule-context.ts';
import { defineRule } from './define-rule.ts';
import { IDENTITY_READS, readsOf } from './reads.ts';
import { rbacEvidence } from './evidence.ts';
import { touchedNamespaces, wayEvidence } from './identity-utils/access.ts';
import type { Way } from './identity-utils/access.ts';
import { identityFacts, namespaceFacts } from './identity-utils/facts.ts';
import {
  existingServiceAccountsScope,
  revealedAnywhere,
} from './identity-utils/scopes.ts';
import type { Where } from './identity-utils/scopes.ts';
import { secretAccess } from './identity-utils/secret-access.ts';
import type { SecretAccess } from './identity-utils/secret-access.ts';

interface ReadBack {
  readonly way: Way;
  readonly name?: string;
  readonly confidence: Confidence;
  /** Why a named read-back is doubtful. */
  readonly doubt?: string;
}

const rank = (c: Confidence): number => CONFIDENCE_ORDER.indexOf(c);

/** A way to read back a Secret the holder creates in `namespace`, the most certain one. */
function readBack(
  ctx: RuleContext,
  access: SecretAccess,
  namespace: string,
): ReadBack | undefined {
  const full = access.list.full(namespace) ?? access.get.full(namespace);
  if (full !== undefined) return { way: full, confidence: 'high' };
  const ns = namespaceFacts(identityFacts(ctx), namespace);
  let best: ReadBack | undefined;
  for (const reader of [access.get, access.list]) {
    for (const [name, way] of reader.names(namespace)) {
      const canDelete =
        access.delete.full(namespace) !== undefined ||
        access.delete.named(namespace, name) !== undefined;
      let found: ReadBack | undefined;
      if (ns.secrets.has(name)) {
        if (canDelete)
          found = {
            way,
            name,
            confidence: 'medium',
            doubt: `Secret ${namespace}/${name} exists: the holder must delete it first`,
          };
      } else {
        const doubt = revealedAnywhere(ns, name)
          ? `a workload of ${namespace} references Secret ${name} and expects it to exist`
          : undefined;
        found =
          doubt === undefined
            ? { way, name, confidence: 'high' }
            : {
                way,
                name,
                confidence: canDelete ? 'medium' : 'low',
                doubt: `${doubt}: the holder must create it first${canDelete ? ', or delete it' : ''}`,
              };
      }
      if (
        found !== undefined &&
        (best === undefined || rank(found.confidence) > rank(best.confidence))
      )
        best = found;
    }
  }
  return best;
}

export const tokenSecretCreate = defineRule({
  kind: 'TOKEN_SECRET_CREATE',
  reads: readsOf(IDENTITY_READS),
  *matchHolder(ctx, holder) {
    const access = secretAccess(holder);
    if (!access.create.any) return;
    const facts = identityFacts(ctx);
    const create = access.create;
    const back =
      create.everywhere === undefined
        ? undefined
        : (access.list.everywhere ?? access.get.everywhere);
    const targets: [Where, Way, ReadBack][] = [];
    if (create.everywhere !== undefined && back !== undefined) {
      targets.push([
        undefined,
        create.everywhere,
        { way: back, confidence: 'high' },
      ]);
    } else {
      for (const namespace of touchedNamespaces(create, facts.namespaceNames)) {
        const way = create.full(namespace);
        const read =
          way === undefined ? undefined : readBack(ctx, access, namespace);
        if (way !== undefined && read !== undefined)
          targets.push([namespace, way, read]);
      }
    }
    for (const [where, way, read] of targets) {
      for (const inferred of [false, true]) {
        const to = existingServiceAccountsScope(ctx, where, inferred);
        if (to === undefined) continue;
        const at = where === undefined ? {} : { namespace: where };
        const confidence: Confidence =
          inferred && read.confidence === 'high' ? 'medium' : read.confidence;
        yield {
          from: holder.id,
          to,
          confidence,
          evidence: rbacEvidence(
            `Can create a service-account-token Secret in ${where === undefined ? 'every namespace' : `namespace ${where}`} and read back the token the controller writes into it${read.doubt === undefined ? '' : `, under a name it can read; but ${read.doubt}`}.`,
            [
              wayEvidence(way, at),
              wayEvidence(
                read.way,
                read.name === undefined ? at : { ...at, name: read.name },
              ),
            ],
            {
              namespace: where ?? '*',
              targets: inferred
                ? 'ServiceAccounts inferred to exist'
                : 'existing ServiceAccounts',
              ...(read.name === undefined ? {} : { secretName: read.name }),
              ...(read.doubt === undefined ? {} : { doubt: read.doubt }),
            },
          ),
        };
      }
    }
  },
});
