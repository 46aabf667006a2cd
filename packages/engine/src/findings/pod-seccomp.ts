/**
 * F-POD-SECCOMP (catalog 6, 2.4): the container runs without seccomp,
 * `SeccompUnconfined(c)`: privileged, profile `Unconfined`, or no profile on
 * a node whose kubelet does not apply `seccompDefault` (the default). The
 * whole syscall surface of the kernel is then open to it (kernel CVE
 * escapes, wave 2). Per container, on the nodes it runs or may run on.
 *
 * Reference: https://kubernetes.io/docs/tutorials/security/seccomp/
 */

import {
  seccompProfileOf,
  seccompUnconfined,
} from '../predicates/confinement.ts';
import { containerPath, podSpecPath } from '../entities/spec-paths.ts';
import { defineFinding } from './define-finding.ts';
import { containerFacts } from './finding-utils/container-facts.ts';
import { containerFindings } from './finding-utils/workload-findings.ts';

export const podSeccomp = defineFinding({
  id: 'F-POD-SECCOMP',
  title: 'No seccomp profile',
  severity: 'medium',
  description:
    'The container is seccomp-unconfined: privileged, Unconfined, or no profile without kubelet seccompDefault.',
  check: ctx =>
    containerFindings(
      ctx,
      {
        check: 'F-POD-SECCOMP',
        title: 'No seccomp profile',
        severity: 'medium',
        remediation:
          'Set securityContext.seccompProfile.type: RuntimeDefault (or a Localhost profile) on the pod or the container.',
        checklist: [
          'The application should have a seccomp, apparmor or selinux profile according to the principles of least privileges.',
        ],
      },
      container => {
        const facts = containerFacts(ctx, container);
        if (!facts.linux) return undefined;
        const { workload } = container;
        const profile = seccompProfileOf(workload.spec, container.view.spec);
        const unconfined = facts.nodes.some(node =>
          seccompUnconfined({
            profile,
            privileged: facts.security.privileged,
            nodeSeccompDefault: node.seccompDefault,
          }),
        );
        if (!unconfined) return undefined;
        const reason = facts.security.privileged
          ? 'privileged'
          : profile.type === 'Unconfined'
            ? `seccompProfile Unconfined (${profile.source})`
            : 'no seccompProfile and no kubelet seccompDefault';
        const field =
          profile.source === 'pod field'
            ? `${podSpecPath(workload)}.securityContext.seccompProfile`
            : `${containerPath(container)}.securityContext.seccompProfile`;
        return {
          problem: `runs without seccomp (${reason})`,
          fields: [field],
        };
      },
    ),
});
