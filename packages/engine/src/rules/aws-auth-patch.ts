/**
 * AWS_AUTH_PATCH (catalog 3.5): on EKS, the ConfigMap `kube-system/aws-auth`
 * maps AWS IAM principals to Kubernetes users and groups. Whoever can write it
 * maps an AWS principal it controls, from any account, to `system:masters`.
 *
 * Precondition: `eks.authenticationMode` is not `API`, and either the
 * ConfigMap `kube-system/aws-auth` is in the input and the holder has
 * `update` or `patch configmaps` name `aws-auth` in kube-system, or the input
 * is a live snapshot of an EKS cluster (`provider: eks`) without that
 * ConfigMap and the holder has `create configmaps` in kube-system. `update`
 * without a read overwrites existing mappings (noisy, still effective). No
 * ConfigMap and no live EKS cluster: no edge. Target:
 * `Group:system:masters`. Confidence high when the mode is given in the
 * policy, medium when defaulted.
 *
 * Reference: https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html
 */

import { SYSTEM_MASTERS_ID } from '@chokepoint/model';
import { isGiven, resolveProvider } from '../policy.ts';
import { defineRule } from './define-rule.ts';
import { RBAC_READS, readsOf } from './reads.ts';
import { rbacEvidence } from './evidence.ts';
import { accessOf, verbAction, wayEvidence } from './identity-utils/access.ts';
import type { Way } from './identity-utils/access.ts';

const NAMESPACE = 'kube-system';
const NAME = 'aws-auth';

export const awsAuthPatch = defineRule({
  kind: 'AWS_AUTH_PATCH',
  reads: readsOf(RBAC_READS, ['ConfigMap', 'Node']),
  *matchHolder(ctx, holder) {
    const { policy, index } = ctx;
    const mode = policy.eks.authenticationMode;
    if (mode === 'API') return;
    const modeGiven = isGiven(policy, 'eks.authenticationMode');
    const configMap = index.get('ConfigMap', NAMESPACE, NAME);
    let way: Way | undefined;
    let reason: string;
    if (configMap !== undefined) {
      way = accessOf(
        holder,
        verbAction('patch', '', 'configmaps'),
        verbAction('update', '', 'configmaps'),
      ).named(NAMESPACE, NAME);
      reason = `Can ${way?.action.verb ?? 'patch'} ConfigMap kube-system/aws-auth and map an AWS principal it controls to system:masters.`;
    } else {
      const provider = resolveProvider(
        policy,
        index.serverVersion,
        index.objects('Node'),
      );
      if (!index.live || provider.value !== 'eks') return;
      way = accessOf(holder, verbAction('create', '', 'configmaps')).full(
        NAMESPACE,
      );
      reason =
        'Can create the missing ConfigMap kube-system/aws-auth on this EKS cluster and map an AWS principal it controls to system:masters.';
    }
    if (way === undefined) return;
    yield {
      from: holder.id,
      to: SYSTEM_MASTERS_ID,
      confidence: modeGiven ? 'high' : 'medium',
      evidence: rbacEvidence(
        reason,
        [wayEvidence(way, { namespace: NAMESPACE, name: NAME })],
        {
          configMap: `ConfigMap:${NAMESPACE}/${NAME}`,
          facts: [
            {
              fact: 'eks.authenticationMode',
              value: mode,
              source: modeGiven ? 'given' : 'defaulted',
            },
          ],
        },
      ),
    };
  },
});
