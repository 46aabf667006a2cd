import { rbacEscalate } from '../../src/findings/rbac-escalate.ts';
import { findingTester } from './finding-tester.ts';
import { clusterRole, role } from './rbac.ts';

findingTester(rbacEscalate, {
  valid: [
    {
      name: 'reading roles and CSRs',
      manifests: clusterRole(
        'r',
        '[{ apiGroups: [rbac.authorization.k8s.io, certificates.k8s.io], resources: [roles, clusterroles, certificatesigningrequests], verbs: [get, list] }]',
      ),
    },
    {
      name: 'webhook configuration writes in a Role grant nothing',
      manifests: role(
        'shop',
        'r',
        '[{ apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations], verbs: [delete] }]',
      ),
    },
  ],
  invalid: [
    {
      name: 'bind, escalate, CSR approval and webhook writes',
      manifests: `${clusterRole('binder', '[{ apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind, escalate] }]')}
---
${clusterRole('approver', '[{ apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update] }, { apiGroups: [certificates.k8s.io], resources: [signers], resourceNames: [kubernetes.io/kube-apiserver-client], verbs: [approve] }]')}
---
${clusterRole('hooks', '[{ apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [patch] }]')}
---
${role('shop', 'binder', '[{ apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [bind] }]')}`,
      records: [
        {
          id: 'F-RBAC-ESCALATE:ClusterRole:approver',
          fields: ['rules[0]', 'rules[1]'],
          message: ['grants CSR approval'],
        },
        {
          id: 'F-RBAC-ESCALATE:ClusterRole:binder',
          severity: 'high',
          message: ['grants bind on roles, escalate on roles'],
        },
        {
          id: 'F-RBAC-ESCALATE:ClusterRole:hooks',
          message: ['webhook configuration writes'],
        },
        { id: 'F-RBAC-ESCALATE:Role:shop/binder' },
      ],
    },
  ],
});
