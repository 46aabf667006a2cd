/**
 * F-POD-ROFS (catalog 6): `readOnlyRootFilesystem` is not true, so an
 * intruder can write tools and persistence into the container's filesystem.
 * Per container; Linux only.
 *
 * Reference: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 */

import { containerPath } from '../entities/spec-paths.ts';
import { defineFinding } from './define-finding.ts';
import { containerFacts } from './finding-utils/container-facts.ts';
import { containerFindings } from './finding-utils/workload-findings.ts';

export const podRofs = defineFinding({
  id: 'F-POD-ROFS',
  title: 'Writable root filesystem',
  severity: 'low',
  description: 'securityContext.readOnlyRootFilesystem is not true.',
  check: ctx =>
    containerFindings(
      ctx,
      {
        check: 'F-POD-ROFS',
        title: 'Writable root filesystem',
        severity: 'low',
        remediation:
          'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the application must write.',
        checklist: ['It is recommended to set readonlyRootFilesystem - true.'],
      },
      container => {
        const facts = containerFacts(ctx, container);
        if (!facts.linux || facts.security.readOnlyRootFilesystem === true)
          return undefined;
        return {
          problem: 'has a writable root filesystem',
          fields: [
            `${containerPath(container)}.securityContext.readOnlyRootFilesystem`,
          ],
        };
      },
    ),
});
