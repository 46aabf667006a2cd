/**
 * F-RBAC-MISSINGROLE (catalog 6, 4.5): a binding whose `roleRef` names a Role
 * or ClusterRole that does not exist. It grants nothing today, but whoever
 * can create a role of that name (a namespace admin, for a Role) decides
 * what its subjects get (wave-2 DANGLING_ROLE_REF, catalog 7.14). Per
 * binding.
 *
 * Reference: https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding
 */

import { defineFinding } from './define-finding.ts';
import type { FindingRecord } from './define-finding.ts';
import { display, subjectIds } from './finding-utils/rbac-findings.ts';

export const rbacMissingrole = defineFinding({
  id: 'F-RBAC-MISSINGROLE',
  title: 'Binding to a missing role',
  severity: 'medium',
  description:
    'A binding references a Role or ClusterRole that is not in the input.',
  *check({ rbac }): Iterable<FindingRecord> {
    for (const binding of rbac.bindings()) {
      if (binding.roleExists || binding.assumedDefault) continue;
      yield {
        check: 'F-RBAC-MISSINGROLE',
        id: `F-RBAC-MISSINGROLE:${binding.id}`,
        severity: 'medium',
        title: 'Binding to a missing role',
        message: `${display(binding.id)} references ${display(binding.role)}, which does not exist: whoever creates it decides what the subjects get.`,
        objects: [
          ...new Set([binding.id, binding.role, ...subjectIds(binding)]),
        ],
        fields: ['roleRef'],
        remediation:
          'Delete the binding, or create the role it was meant to reference.',
        checklist: [
          'Regularly review and update RBAC policies to ensure least privilege access.',
        ],
      };
    }
  },
});
