/**
 * F-RBAC-ESCALATE (catalog 6, 4.6, 4.7): rights that lift their holder past
 * its own permissions: `bind` (ROLE_BIND) or `escalate` (ROLE_ESCALATE) on
 * roles or clusterroles; CSR approval (`update`/`patch`
 * `certificatesigningrequests/approval`, `approve` on `signers`:
 * CSR_CLIENT_CERT); writing mutating or validating webhook configurations
 * (WEBHOOK_CONTROL, and removing admission defences). CSR and webhook rights
 * are cluster-scoped and count only in ClusterRoles. Per role (or binding of
 * a built-in role, see rbac-findings.ts).
 *
 * Reference: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks
 */

import type { PolicyRule, ResourceAction } from '../rbac/index.ts';
import { actionMatches } from '../rbac/index.ts';
import { defineFinding } from './define-finding.ts';
import { roleRuleFindings } from './finding-utils/rbac-findings.ts';

const RBAC = 'rbac.authorization.k8s.io';
const CERTIFICATES = 'certificates.k8s.io';
const ADMISSION = 'admissionregistration.k8s.io';

interface Power {
  readonly label: string;
  readonly clusterOnly: boolean;
  readonly actions: readonly ResourceAction[];
}

const each = (
  verbs: readonly string[],
  apiGroup: string,
  resources: readonly string[],
  subresource?: string,
): ResourceAction[] =>
  verbs.flatMap(verb =>
    resources.map(resource => ({
      verb,
      apiGroup,
      resource,
      ...(subresource === undefined ? {} : { subresource }),
    })),
  );

const POWERS: readonly Power[] = [
  {
    label: 'bind on roles',
    clusterOnly: false,
    actions: each(['bind'], RBAC, ['roles', 'clusterroles']),
  },
  {
    label: 'escalate on roles',
    clusterOnly: false,
    actions: each(['escalate'], RBAC, ['roles', 'clusterroles']),
  },
  {
    label: 'CSR approval',
    clusterOnly: true,
    actions: [
      ...each(
        ['update', 'patch'],
        CERTIFICATES,
        ['certificatesigningrequests'],
        'approval',
      ),
      ...each(['approve'], CERTIFICATES, ['signers']),
    ],
  },
  {
    label: 'webhook configuration writes',
    clusterOnly: true,
    actions: each(['create', 'update', 'patch', 'delete'], ADMISSION, [
      'mutatingwebhookconfigurations',
      'validatingwebhookconfigurations',
    ]),
  },
];

function powersOf(rule: PolicyRule, namespaced: boolean): string[] {
  return POWERS.filter(
    power =>
      !(namespaced && power.clusterOnly) &&
      power.actions.some(action => actionMatches(rule, action)),
  ).map(power => power.label);
}

export const rbacEscalate = defineFinding({
  id: 'F-RBAC-ESCALATE',
  title: 'Privilege escalation rights',
  severity: 'high',
  description:
    'A role grants bind, escalate, CSR approval or webhook configuration rights.',
  check: ctx =>
    roleRuleFindings(
      ctx,
      {
        check: 'F-RBAC-ESCALATE',
        title: 'Privilege escalation rights',
        severity: 'high',
        remediation:
          'Remove bind, escalate, CSR approval and webhook-configuration verbs from roles held by workloads and people; keep them for the controllers that need them, restricted by resourceNames.',
        checklist: [
          'Rights need to be assigned within the project namespace based on least privilege and separation of duties.',
        ],
      },
      (rule, role) => {
        const powers = powersOf(rule, role.id.startsWith('Role:'));
        return powers.length === 0
          ? undefined
          : [`grants ${powers.join(', ')}`];
      },
    ),
});
