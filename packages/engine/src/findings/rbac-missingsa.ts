/**
 * F-RBAC-MISSINGSA (catalog 6, 2.6): a binding names a ServiceAccount that
 * does not exist (or a ServiceAccount subject without a namespace in a
 * ClusterRoleBinding, which matches nothing). Whoever can create a
 * ServiceAccount of that name in that namespace inherits the role (wave-2
 * DANGLING_SA_SUBJECT, catalog 7.13). Existence follows SAExists, but the
 * binding itself does not count as a reference: in manifest input a
 * ServiceAccount exists when the input holds it, when it is `default`, or
 * when a pod or pod template uses it in a namespace whose ServiceAccounts
 * are not in the input. Unchanged bootstrap bindings are not reported. Per
 * binding.
 *
 * Reference: https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects
 */

import { objectId } from '@chokepoint/model';
import { parseServiceAccountUsername } from '../rbac/index.ts';
import {
  POD_SPEC_KINDS,
  referencedAccountsIndex,
} from '../entities/service-accounts.ts';
import { saExists } from '../predicates/service-account-token.ts';
import { defineFinding } from './define-finding.ts';
import type { FindingRecord } from './define-finding.ts';
import {
  display,
  isUnchangedDefaultBinding,
} from './finding-utils/rbac-findings.ts';

export const rbacMissingsa = defineFinding({
  id: 'F-RBAC-MISSINGSA',
  title: 'Binding to a missing ServiceAccount',
  severity: 'medium',
  description: 'A binding subject names a ServiceAccount that does not exist.',
  *check({ index, rbac }): Iterable<FindingRecord> {
    const saIndex = referencedAccountsIndex(index, POD_SPEC_KINDS);
    for (const binding of rbac.bindings()) {
      if (isUnchangedDefaultBinding(binding)) continue;
      const missing: string[] = [];
      const ids: string[] = [];
      for (const subject of binding.subjects) {
        let namespace: string | undefined;
        let name: string;
        if (subject.kind === 'ServiceAccount') {
          namespace = subject.namespace;
          name = subject.name;
          if (namespace === undefined) {
            missing.push(`ServiceAccount ${name} without a namespace`);
            continue;
          }
        } else if (subject.kind === 'User') {
          const sa = parseServiceAccountUsername(subject.name);
          if (sa === undefined) continue;
          ({ namespace, name } = sa);
        } else {
          continue;
        }
        if (saExists(saIndex, namespace, name).exists) continue;
        missing.push(`ServiceAccount ${namespace}/${name}`);
        ids.push(objectId('ServiceAccount', name, namespace));
      }
      if (missing.length === 0) continue;
      yield {
        check: 'F-RBAC-MISSINGSA',
        id: `F-RBAC-MISSINGSA:${binding.id}`,
        severity: 'medium',
        title: 'Binding to a missing ServiceAccount',
        message: `${display(binding.id)} grants ${display(binding.role)} to ${missing.join(', ')}, which does not exist: whoever creates it gets the role.`,
        objects: [...new Set([binding.id, binding.role, ...ids])],
        fields: ['subjects'],
        remediation:
          'Remove the subject from the binding (or delete the binding) when the ServiceAccount is gone.',
        checklist: [
          'Regularly review and update RBAC policies to ensure least privilege access.',
        ],
      };
    }
  },
});
