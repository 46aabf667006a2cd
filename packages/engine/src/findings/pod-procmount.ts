/**
 * F-POD-PROCMOUNT (catalog 6): `procMount: Unmasked` leaves /proc without
 * the runtime's masked and read-only paths (`/proc/sys`, `/proc/kcore`,
 * `/proc/sysrq-trigger`...), so a root process can change kernel settings of
 * the host. Per container.
 *
 * Reference: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */

import { containerPath } from '../entities/spec-paths.ts';
import { defineFinding } from './define-finding.ts';
import { containerFacts } from './finding-utils/container-facts.ts';
import { containerFindings } from './finding-utils/workload-findings.ts';

export const podProcmount = defineFinding({
  id: 'F-POD-PROCMOUNT',
  title: 'Unmasked /proc',
  severity: 'high',
  description: 'securityContext.procMount is Unmasked.',
  check: ctx =>
    containerFindings(
      ctx,
      {
        check: 'F-POD-PROCMOUNT',
        title: 'Unmasked /proc',
        severity: 'high',
        remediation:
          'Remove securityContext.procMount (Default masks the sensitive /proc paths).',
      },
      container => {
        if (containerFacts(ctx, container).security.procMount !== 'Unmasked')
          return undefined;
        return {
          problem: 'mounts /proc unmasked (procMount: Unmasked)',
          fields: [`${containerPath(container)}.securityContext.procMount`],
        };
      },
    ),
});
