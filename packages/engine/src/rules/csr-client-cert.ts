/**
 * CSR_CLIENT_CERT (catalog 3.5): an identity that can create a
 * CertificateSigningRequest for signer `kubernetes.io/kube-apiserver-client`,
 * approve it and read the issued certificate gets a client certificate for
 * any username (CN) and groups (O) it chooses.
 *
 * Precondition: `create certificatesigningrequests`; `update` or `patch`
 * `certificatesigningrequests/approval`; `approve` on `signers` (group
 * `certificates.k8s.io`) named `kubernetes.io/kube-apiserver-client` or
 * `kubernetes.io/*` (a resourceNames entry `*` is literal and matches
 * neither); `get`, `list` or `watch certificatesigningrequests`; and
 * `csr.kubeApiserverClientSigner` (default: false on EKS, true otherwise).
 * All are cluster-scoped requests. Targets: every User, every Group except
 * `Group:system:masters` (CertificateSubjectRestriction rejects O=system:masters;
 * with `admission.certificateSubjectRestriction: false` it is a target too),
 * every ServiceAccount. Confidence high when the signer is given in the
 * policy or the provider is `other`; medium when defaulted on GKE or AKS.
 *
 * Reference: https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization
 */

import {
  isGiven,
  kubeApiserverClientSignerFor,
  resolveProvider,
} from '../policy.ts';
import { defineRule } from './define-rule.ts';
import { IDENTITY_READS, readsOf } from './reads.ts';
import { rbacEvidence } from './evidence.ts';
import { accessOf, verbAction, wayEvidence } from './identity-utils/access.ts';
import type { Access, Way } from './identity-utils/access.ts';
import {
  groupsScope,
  serviceAccountNodesScope,
  usersScope,
} from './identity-utils/scopes.ts';

const CERTS = 'certificates.k8s.io';
const SIGNER = 'kubernetes.io/kube-apiserver-client';

/** Any cluster-scoped way: the attacker names its own CSR, so a name-restricted rule works too. */
function anyWay(access: Access): Way | undefined {
  if (access.everywhere !== undefined) return access.everywhere;
  for (const [, way] of access.names('')) return way;
  return undefined;
}

export const csrClientCert = defineRule({
  kind: 'CSR_CLIENT_CERT',
  reads: readsOf(IDENTITY_READS),
  *matchHolder(ctx, holder) {
    const create = accessOf(
      holder,
      verbAction('create', CERTS, 'certificatesigningrequests'),
    ).full('');
    if (create === undefined) return;
    const approval = anyWay(
      accessOf(
        holder,
        verbAction('update', CERTS, 'certificatesigningrequests', 'approval'),
        verbAction('patch', CERTS, 'certificatesigningrequests', 'approval'),
      ),
    );
    const signers = accessOf(holder, verbAction('approve', CERTS, 'signers'));
    const approve =
      signers.named('', SIGNER) ?? signers.named('', 'kubernetes.io/*');
    const read = anyWay(
      accessOf(
        holder,
        verbAction('get', CERTS, 'certificatesigningrequests'),
        verbAction('list', CERTS, 'certificatesigningrequests'),
        verbAction('watch', CERTS, 'certificatesigningrequests'),
      ),
    );
    if (approval === undefined || approve === undefined || read === undefined)
      return;

    const { policy, index } = ctx;
    const provider = resolveProvider(
      policy,
      index.serverVersion,
      index.objects('Node'),
    );
    if (!kubeApiserverClientSignerFor(policy, provider.value)) return;
    const signerGiven = isGiven(policy, 'csr.kubeApiserverClientSigner');
    const restricted = policy.admission.certificateSubjectRestriction;
    const to = ctx.scope(
      restricted
        ? 'identity:csr-subjects@cluster'
        : 'identity:csr-subjects-with-masters@cluster',
      restricted
        ? 'every user, group but system:masters and ServiceAccount'
        : 'every user, group and ServiceAccount',
      function* () {
        for (const id of [
          usersScope(ctx, false),
          groupsScope(ctx, !restricted),
          serviceAccountNodesScope(ctx, undefined),
        ]) {
          if (id !== undefined) yield id;
        }
      },
    );
    if (to === undefined) return;
    yield {
      from: holder.id,
      to,
      confidence: signerGiven || provider.value === 'other' ? 'high' : 'medium',
      evidence: rbacEvidence(
        `Can create, approve (signer ${SIGNER}) and read a CertificateSigningRequest, obtaining a client certificate for any name and groups${restricted ? ' except system:masters' : ''}.`,
        [
          wayEvidence(create),
          wayEvidence(approval),
          wayEvidence(approve, {
            name:
              approve.allow.grant.rules[
                approve.allow.ruleIndex
              ]?.resourceNames?.includes(SIGNER) === false
                ? 'kubernetes.io/*'
                : SIGNER,
          }),
          wayEvidence(read),
        ],
        {
          facts: [
            {
              fact: 'csr.kubeApiserverClientSigner',
              value: true,
              source: signerGiven ? 'given' : 'defaulted',
            },
            {
              fact: 'provider',
              value: provider.value,
              source: provider.source,
            },
            {
              fact: 'admission.certificateSubjectRestriction',
              value: restricted,
              source: isGiven(policy, 'admission.certificateSubjectRestriction')
                ? 'given'
                : 'defaulted',
            },
          ],
        },
      ),
    };
  },
});
