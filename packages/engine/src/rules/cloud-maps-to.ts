/**
 * CLOUD_MAPS_TO (catalog 3.6): a cloud principal authenticates to the
 * cluster as a Kubernetes user and groups. On EKS the `kube-system/aws-auth`
 * ConfigMap maps IAM roles and users; whoever can assume the role is that
 * user, with those groups.
 *
 * Precondition: a `mapRoles` or `mapUsers` entry of `kube-system/aws-auth`,
 * when `eks.authenticationMode` is not `API` (the API mode ignores the
 * ConfigMap): CloudIdentity `CloudIdentity:aws:<ARN>` → `User:<username>`
 * and → `Group:<g>` for each group. A templated username such as
 * `system:node:{{EC2PrivateDNSName}}` maps to every User node it can
 * produce. High when the mode is given in the policy file; medium when
 * defaulted (API_AND_CONFIG_MAP).
 *
 * Reference: https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html
 */

import { objectId } from '@chokepoint/model';
import { groupNode, userNode } from '../entities/node-spec.ts';
import { isGiven } from '../policy.ts';
import { defineRule } from './define-rule.ts';
import { readsOf } from './reads.ts';
import type { NodeSpec } from './define-rule.ts';
import type { WayOf } from '@chokepoint/model';
import type { FactEvidence } from './evidence.ts';
import {
  awsAuthMappings,
  isTemplated,
  templateMatcher,
} from '../entities/aws-auth.ts';

const AWS_AUTH = objectId('ConfigMap', 'aws-auth', 'kube-system');

export const cloudMapsTo = defineRule({
  kind: 'CLOUD_MAPS_TO',
  reads: readsOf(['ConfigMap', 'Node']),
  *match(ctx) {
    const { index, policy } = ctx;
    const mode = policy.eks.authenticationMode;
    if (mode === 'API') return;
    const configMap = index.get('ConfigMap', 'kube-system', 'aws-auth');
    if (configMap === undefined) return;
    const { mappings } = awsAuthMappings(configMap);
    if (mappings.length === 0) return;
    const given = isGiven(policy, 'eks.authenticationMode');
    const confidence = given ? 'high' : 'medium';
    const facts: FactEvidence[] = [
      {
        fact: 'eks.authenticationMode',
        value: mode,
        source: given ? 'given' : 'defaulted',
      },
    ];
    let knownUsers: readonly string[] | undefined;

    for (const mapping of mappings) {
      const kind = mapping.key === 'mapRoles' ? 'role' : 'user';
      // The entity builder made this node from the same mapping.
      const from = `CloudIdentity:aws:${mapping.arn}`;
      const field = `data.${mapping.key}[${String(mapping.entry)}]`;
      const evidence = (
        reason: string,
        extra: { readonly usernameTemplate?: string } = {},
      ): WayOf<'CLOUD_MAPS_TO'> => ({
        reason,
        object: AWS_AUTH,
        fields: [field],
        facts,
        ...extra,
      });
      const targets: {
        node: NodeSpec;
        reason: string;
        extra?: { readonly usernameTemplate?: string };
      }[] = [];
      if (mapping.username !== undefined) {
        if (isTemplated(mapping.username)) {
          knownUsers ??= ctx.identities.users;
          const matcher = templateMatcher(mapping.username);
          for (const name of knownUsers) {
            if (!matcher.test(name)) continue;
            targets.push({
              node: userNode(name),
              reason: `Whoever assumes this IAM ${kind} authenticates with a username of the form ${mapping.username}, which produces this user.`,
              extra: { usernameTemplate: mapping.username },
            });
          }
        } else {
          targets.push({
            node: userNode(mapping.username),
            reason: `Whoever assumes this IAM ${kind} authenticates to the cluster as this user.`,
          });
        }
      }
      for (const group of mapping.groups) {
        targets.push({
          node: groupNode(group),
          reason: `Whoever assumes this IAM ${kind} authenticates with this group.`,
        });
      }
      for (const target of targets) {
        yield {
          from,
          to: target.node.id,
          confidence,
          evidence: evidence(target.reason, target.extra),
          toNode: target.node,
        };
      }
    }
  },
});
