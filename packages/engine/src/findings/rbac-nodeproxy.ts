/**
 * F-RBAC-NODEPROXY (catalog 6, 3.5 NODE_PROXY_EXEC): `get` or `create` on
 * `nodes/proxy` lets its holder call the kubelet API through the API server
 * and exec into every pod of the node, bypassing pod exec permissions and
 * the audit trail of pods/exec. Only a ClusterRole can grant it (nodes are
 * cluster-scoped; in a Role it is F-RBAC-INERT). Per role (or binding of a
 * built-in role, see rbac-findings.ts).
 *
 * Reference: https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
 */

import { actionMatches } from '../rbac/index.ts';
import { defineFinding } from './define-finding.ts';
import { roleRuleFindings } from './finding-utils/rbac-findings.ts';

export const rbacNodeproxy = defineFinding({
  id: 'F-RBAC-NODEPROXY',
  title: 'nodes/proxy granted',
  severity: 'high',
  description:
    'A ClusterRole grants get or create on nodes/proxy: exec in every pod of the node.',
  check: ctx =>
    roleRuleFindings(
      ctx,
      {
        check: 'F-RBAC-NODEPROXY',
        title: 'nodes/proxy granted',
        severity: 'high',
        remediation:
          'Grant nodes/metrics, nodes/stats or nodes/log instead (KubeletFineGrainedAuthz), never nodes/proxy.',
        checklist: [
          'Implement role-based access control for Kubelet API access.',
          'Regularly review and update Kubelet access controls.',
        ],
      },
      rule => {
        const verbs = (['get', 'create'] as const).filter(verb =>
          actionMatches(rule, {
            verb,
            apiGroup: '',
            resource: 'nodes',
            subresource: 'proxy',
          }),
        );
        return verbs.length === 0
          ? undefined
          : [`grants ${verbs.join(' and ')} on nodes/proxy`];
      },
      { roleFilter: role => role.id.startsWith('ClusterRole:') },
    ),
});
