/**
 * F-RBAC-SECRETS (issue #17 point 2; catalog 6, 3.5 SECRET_READ): an
 * identity that can read Secrets in every namespace. `list` or `watch` on
 * `secrets` returns their data; `get` without resourceNames reads any
 * Secret whose name is learnt. Granted through a ClusterRoleBinding, that
 * is every credential of the cluster: ServiceAccount tokens of old
 * clusters, bootstrap tokens, TLS keys, cloud credentials. Ingress
 * controllers and some operators ship it; whoever compromises them gets it.
 * One record per ClusterRoleBinding, unless it is an unchanged bootstrap
 * binding (the controller manager's own controllers).
 *
 * Reference: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets
 */

import { authorize } from '../rbac/index.ts';
import type { Grant } from '../rbac/index.ts';
import { defineFinding } from './define-finding.ts';
import type { FindingRecord } from './define-finding.ts';
import {
  display,
  isUnchangedDefaultBinding,
  subjectIds,
} from './finding-utils/rbac-findings.ts';

const VERBS = ['list', 'watch', 'get'] as const;

export const rbacSecrets = defineFinding({
  id: 'F-RBAC-SECRETS',
  title: 'Secrets readable cluster-wide',
  severity: 'high',
  description:
    'A ClusterRoleBinding lets its subjects list, watch or get the Secrets of every namespace.',
  *check({ rbac }): Iterable<FindingRecord> {
    for (const binding of rbac.bindings()) {
      if (binding.namespace !== '' || !binding.roleExists) continue;
      if (isUnchangedDefaultBinding(binding)) continue;
      const rules = rbac.effectiveRules(binding.role) ?? [];
      const grant: Grant = {
        binding: binding.id,
        role: binding.role,
        namespace: '',
        rules,
        assumedDefault: binding.assumedDefault,
      };
      const verbs = VERBS.filter(
        verb =>
          authorize([grant], {
            verb,
            apiGroup: '',
            resource: 'secrets',
            // Any namespace: a ClusterRoleBinding's rules apply in each.
            namespace: 'any-namespace',
          }) !== undefined,
      );
      if (verbs.length === 0) continue;
      const subjects = subjectIds(binding);
      if (subjects.length === 0) continue;
      yield {
        check: 'F-RBAC-SECRETS',
        id: `F-RBAC-SECRETS:${binding.id}`,
        severity: 'high',
        title: 'Secrets readable cluster-wide',
        message: `${display(binding.id)} lets ${subjects.join(', ')} ${verbs.join(', ')} the Secrets of every namespace (${display(binding.role)}).`,
        objects: [binding.id, binding.role, ...subjects],
        fields: ['roleRef', 'subjects'],
        remediation:
          'Bind the role with RoleBindings in the namespaces whose Secrets the workload needs, or name the Secrets in resourceNames (get only); never list or watch secrets cluster-wide.',
        checklist: [
          'Regularly review and update RBAC policies to ensure least privilege access.',
        ],
      };
    }
  },
});
