/**
 * F-POD-PRIVESC (catalog 6): `allowPrivilegeEscalation` is not false, so
 * `no_new_privs` is off and a set-uid binary or file capability in the image
 * can raise the process's privileges (catalog 2.2 rule 3). Per container;
 * Linux only (the field does not apply to Windows).
 *
 * Reference: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */

import { containerPath } from '../entities/spec-paths.ts';
import { defineFinding } from './define-finding.ts';
import { containerFacts } from './finding-utils/container-facts.ts';
import { containerFindings } from './finding-utils/workload-findings.ts';

export const podPrivesc = defineFinding({
  id: 'F-POD-PRIVESC',
  title: 'Privilege escalation allowed',
  severity: 'low',
  description:
    'securityContext.allowPrivilegeEscalation is not false: set-uid binaries can gain privileges.',
  check: ctx =>
    containerFindings(
      ctx,
      {
        check: 'F-POD-PRIVESC',
        title: 'Privilege escalation allowed',
        severity: 'low',
        remediation:
          'Set securityContext.allowPrivilegeEscalation: false on the container.',
        checklist: ['Set allowPrivilegeEscalation - false.'],
      },
      container => {
        const facts = containerFacts(ctx, container);
        if (!facts.linux || facts.security.allowPrivilegeEscalation === false)
          return undefined;
        return {
          problem: facts.security.privileged
            ? 'allows privilege escalation (privileged implies it)'
            : 'does not set allowPrivilegeEscalation: false',
          fields: [
            `${containerPath(container)}.securityContext.allowPrivilegeEscalation`,
          ],
        };
      },
    ),
});
