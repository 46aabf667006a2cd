/**
 * RoleInScope targets (catalog 1.2): "role R granted in scope S to an
 * identity the attacker controls", created on demand by ROLE_BIND and
 * ROLE_ESCALATE. The engine turns each new RoleInScope node into a holder and
 * runs the holder rules on it (build-graph.ts).
 */

import { roleInScopeId } from '@chokepoint/model';
import type { RoleRefId, ScopeId } from '@chokepoint/model';
import { holdsClusterAdmin } from '../../holder.ts';
import type { RbacView } from '../../rule-context.ts';
import type { NodeSpec } from '../define-rule.ts';

export function roleInScopeNode(
  rbac: RbacView,
  role: RoleRefId,
  scope: ScopeId,
): NodeSpec {
  const id = roleInScopeId(role, scope);
  const grant = rbac.grantOf(role, scope);
  return {
    id,
    kind: 'RoleInScope',
    name: id.slice('RoleInScope:'.length),
    props: {
      role,
      scope,
      clusterAdmin: grant === undefined ? false : holdsClusterAdmin([grant]),
    },
  };
}
