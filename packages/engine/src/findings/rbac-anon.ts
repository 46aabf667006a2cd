/**
 * F-RBAC-ANON (catalog 6, 4.5): a binding whose subjects include the
 * anonymous user (`system:anonymous`) or group `system:unauthenticated`:
 * anyone who reaches the API server holds its role (AUTHENTICATES_AS,
 * catalog 3.1). Unchanged bootstrap defaults (`system:public-info-viewer`,
 * assumed or labelled `kubernetes.io/bootstrapping: rbac-defaults` with the
 * bootstrap subjects) are not reported. Per binding.
 *
 * Reference: https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests
 */

import { defineFinding } from './define-finding.ts';
import type { FindingRecord } from './define-finding.ts';
import {
  display,
  isUnchangedDefaultBinding,
  subjectIds,
} from './finding-utils/rbac-findings.ts';

const ANONYMOUS = new Set([
  'User|system:anonymous',
  'Group|system:unauthenticated',
]);

export const rbacAnon = defineFinding({
  id: 'F-RBAC-ANON',
  title: 'Binding to anonymous users',
  severity: 'high',
  description:
    'A RoleBinding or ClusterRoleBinding grants its role to system:anonymous or system:unauthenticated.',
  *check({ rbac }): Iterable<FindingRecord> {
    for (const binding of rbac.bindings()) {
      const anonymous = binding.subjects.filter(s =>
        ANONYMOUS.has(`${s.kind}|${s.name}`),
      );
      if (anonymous.length === 0 || isUnchangedDefaultBinding(binding))
        continue;
      const names = anonymous.map(s => `${s.kind} ${s.name}`).join(' and ');
      yield {
        check: 'F-RBAC-ANON',
        id: `F-RBAC-ANON:${binding.id}`,
        severity: 'high',
        title: 'Binding to anonymous users',
        message: `${display(binding.id)} grants ${display(binding.role)} to ${names}: anyone who reaches the API server holds it.`,
        objects: [
          ...new Set([binding.id, binding.role, ...subjectIds(binding)]),
        ],
        fields: ['subjects'],
        remediation:
          'Remove system:anonymous and system:unauthenticated from the subjects (and run the API server with --anonymous-auth=false or an AuthenticationConfiguration limiting anonymous access to health endpoints).',
        checklist: [
          'It is forbidden to use anonymous authentication, except for /healthz, /readyz, /livez.',
        ],
      };
    }
  },
});
