/**
 * F-POD-ROOT (catalog 6): a container may run as root, `Root(c)` of catalog
 * 2.2: UID 0 of the host, because `runAsUser` is 0, or unset without
 * `runAsNonRoot: true` (the image user is assumed root unless the policy's
 * `imageUsers` names it), outside a user namespace. Every capability and
 * host-path escape of catalog 3.3 needs it. Per container, on the nodes it
 * runs or may run on.
 *
 * Reference: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */

import { containerPath, podSpecPath } from '../entities/spec-paths.ts';
import { defineFinding } from './define-finding.ts';
import { containerFacts } from './finding-utils/container-facts.ts';
import { containerFindings } from './finding-utils/workload-findings.ts';

export const podRoot = defineFinding({
  id: 'F-POD-ROOT',
  title: 'Container may run as root',
  severity: 'medium',
  description:
    'The container runs as UID 0 of the host: runAsUser is 0, or unset without runAsNonRoot: true (catalog 2.2).',
  check: ctx =>
    containerFindings(
      ctx,
      {
        check: 'F-POD-ROOT',
        title: 'Container may run as root',
        severity: 'medium',
        remediation:
          'Set securityContext.runAsNonRoot: true and a non-zero runAsUser (or use hostUsers: false where user namespaces are available).',
        checklist: [
          'Do not run pods under the root account - UID 0.',
          'Set runAsUser parameter for all applications.',
        ],
      },
      container => {
        const facts = containerFacts(ctx, container);
        if (!facts.linux || !facts.root.root) return undefined;
        const own = container.view.spec.securityContext;
        const pod = container.workload.spec.securityContext;
        const c = `${containerPath(container)}.securityContext`;
        const p = `${podSpecPath(container.workload)}.securityContext`;
        const fields: string[] = [];
        if (own?.runAsUser !== undefined) fields.push(`${c}.runAsUser`);
        else if (pod?.runAsUser !== undefined) fields.push(`${p}.runAsUser`);
        if (own?.runAsNonRoot !== undefined) fields.push(`${c}.runAsNonRoot`);
        else if (pod?.runAsNonRoot !== undefined)
          fields.push(`${p}.runAsNonRoot`);
        if (fields.length === 0) fields.push(`${c}.runAsNonRoot`);
        return {
          problem: `may run as root (${facts.root.reason})`,
          fields,
        };
      },
    ),
});
