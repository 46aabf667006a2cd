/**
 * F-POD-LIMITS (catalog 6): a container without a CPU or memory limit can
 * starve its node (a denial of service on every pod there) and mines
 * cryptocurrency unhindered. Per container; sidecars count, ordinary init
 * containers have exited.
 *
 * Reference: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 */

import { asRecord } from '../predicates/json.ts';
import { containerPath } from '../entities/spec-paths.ts';
import { defineFinding } from './define-finding.ts';
import { containerFindings } from './finding-utils/workload-findings.ts';

export const podLimits = defineFinding({
  id: 'F-POD-LIMITS',
  title: 'No CPU or memory limit',
  severity: 'low',
  description: 'resources.limits lacks cpu or memory.',
  check: ctx =>
    containerFindings(
      ctx,
      {
        check: 'F-POD-LIMITS',
        title: 'No CPU or memory limit',
        severity: 'low',
        remediation:
          'Set resources.limits.cpu and resources.limits.memory (or a LimitRange default for the namespace).',
        checklist: [
          'Use CPU / RAM limits. The values should be the minimum for the containerized application to work.',
        ],
      },
      container => {
        const limits = asRecord(
          asRecord(container.view.spec.raw.resources)?.limits,
        );
        const missing = (['cpu', 'memory'] as const).filter(
          name => limits?.[name] === undefined,
        );
        if (missing.length === 0) return undefined;
        return {
          problem: `has no ${missing.join(' or ')} limit`,
          fields: [`${containerPath(container)}.resources.limits`],
        };
      },
    ),
});
