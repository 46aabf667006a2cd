/**
 * F-POD-CAPS (catalog 6): a capability is added outside the Pod Security
 * baseline list, or `ALL` is not dropped. Names are compared literally, as
 * Pod Security Admission does (`check_capabilities_baseline.go`,
 * `check_capabilities_restricted.go`): `CAP_SYS_ADMIN` is outside the list
 * like `SYS_ADMIN`. The finding is about the spec, so it holds for non-root
 * containers too (their added capabilities are lost at execve, catalog 2.3,
 * until someone sets runAsUser 0). Privileged containers hold every
 * capability whatever the lists say: F-POD-PRIVILEGED reports them instead.
 * Per container; Linux only.
 *
 * Reference: https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */

import { BASELINE_CAPABILITIES } from '../predicates/pod-security.ts';
import { containerPath } from '../entities/spec-paths.ts';
import { defineFinding } from './define-finding.ts';
import { containerFacts } from './finding-utils/container-facts.ts';
import { containerFindings } from './finding-utils/workload-findings.ts';

const BASELINE: ReadonlySet<string> = new Set(BASELINE_CAPABILITIES);

export const podCaps = defineFinding({
  id: 'F-POD-CAPS',
  title: 'Capabilities not minimal',
  severity: 'medium',
  description:
    'A capability outside the baseline list is added, or ALL is not dropped.',
  check: ctx =>
    containerFindings(
      ctx,
      {
        check: 'F-POD-CAPS',
        title: 'Capabilities not minimal',
        severity: 'medium',
        remediation:
          "Set securityContext.capabilities.drop: ['ALL'] and add back only what the process needs (NET_BIND_SERVICE at most for restricted).",
        checklist: [
          "Capabilities should be set according to the principle of least privileges (drop 'ALL', ...).",
        ],
      },
      container => {
        const facts = containerFacts(ctx, container);
        if (!facts.linux || facts.security.privileged) return undefined;
        const { add, drop } = facts.security.capabilities;
        const base = `${containerPath(container)}.securityContext.capabilities`;
        const added = add.filter(cap => !BASELINE.has(cap));
        const dropsAll = drop.includes('ALL');
        if (added.length === 0 && dropsAll) return undefined;
        const parts: string[] = [];
        const fields: string[] = [];
        if (added.length > 0) {
          parts.push(`adds ${added.join(', ')} (outside the baseline list)`);
          fields.push(`${base}.add`);
        }
        if (!dropsAll) {
          parts.push('does not drop ALL');
          fields.push(`${base}.drop`);
        }
        return { problem: parts.join(' and '), fields };
      },
    ),
});
