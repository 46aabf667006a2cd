/**
 * F-POD-DEFAULTNS (catalog 6): a workload in namespace `default`, where
 * every unqualified `kubectl` command lands, RBAC and policies are rarely
 * scoped, and unrelated applications end up side by side. Per pod (or
 * controller).
 *
 * Reference: https://kubernetes.io/docs/concepts/security/multi-tenancy/
 */

import { defineFinding } from './define-finding.ts';
import { workloadFindings } from './finding-utils/workload-findings.ts';

export const podDefaultns = defineFinding({
  id: 'F-POD-DEFAULTNS',
  title: 'Workload in the default namespace',
  severity: 'low',
  description: 'A pod or controller runs in namespace default.',
  check: ctx =>
    workloadFindings(
      ctx,
      {
        check: 'F-POD-DEFAULTNS',
        title: 'Workload in the default namespace',
        severity: 'low',
        remediation:
          'Move the workload into a namespace of its own, with its own RBAC, NetworkPolicy and Pod Security level.',
        checklist: [
          'Do not use the default namespace (default).',
          'All information systems should be divided into separate namespaces.',
        ],
      },
      workload =>
        workload.namespace === 'default'
          ? {
              problem: 'runs in namespace default',
              objects: ['Namespace:default'],
            }
          : undefined,
    ),
});
