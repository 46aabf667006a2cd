/**
 * F-POD-PRIVILEGED (catalog 6): a privileged container holds every
 * capability, sees every host device and runs without seccomp and the
 * runtime's AppArmor profile; as root it mounts the host disk (CE_PRIV_MOUNT,
 * catalog 3.3). Per container.
 *
 * Reference: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */

import { privilegedField } from '../rules/escape-utils/escape-evidence.ts';
import { defineFinding } from './define-finding.ts';
import { containerFacts } from './finding-utils/container-facts.ts';
import { containerFindings } from './finding-utils/workload-findings.ts';

export const podPrivileged = defineFinding({
  id: 'F-POD-PRIVILEGED',
  title: 'Privileged container',
  severity: 'high',
  description:
    'securityContext.privileged: true gives the container every capability and the host devices.',
  check: ctx =>
    containerFindings(
      ctx,
      {
        check: 'F-POD-PRIVILEGED',
        title: 'Privileged container',
        severity: 'high',
        remediation:
          'Remove securityContext.privileged and add only the capabilities the process needs.',
        checklist: ['Do not run the privileged pod (privileged: true).'],
      },
      container => {
        if (!containerFacts(ctx, container).security.privileged)
          return undefined;
        return {
          problem: 'runs privileged',
          fields: [privilegedField(container)],
        };
      },
    ),
});
