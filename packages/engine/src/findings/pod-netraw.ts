/**
 * F-POD-NETRAW (catalog 6, 2.3): NET_RAW is in the container's effective
 * capabilities (a containerd and Docker default): raw sockets allow ARP and
 * DNS spoofing of neighbours on the node's network. Root containers only
 * (a non-root process keeps no capability, catalog 2.3); privileged ones hold
 * every capability and are reported by F-POD-PRIVILEGED. Per container, on
 * the runtime of each node it runs or may run on.
 *
 * Reference: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */

import {
  defaultCapabilitiesFor,
  effectiveCapabilities,
} from '../predicates/capabilities.ts';
import { containerPath } from '../entities/spec-paths.ts';
import { defineFinding } from './define-finding.ts';
import { containerFacts } from './finding-utils/container-facts.ts';
import { containerFindings } from './finding-utils/workload-findings.ts';

export const podNetraw = defineFinding({
  id: 'F-POD-NETRAW',
  title: 'NET_RAW capability',
  severity: 'low',
  description:
    'NET_RAW is an effective capability (a containerd default unless dropped).',
  check: ctx =>
    containerFindings(
      ctx,
      {
        check: 'F-POD-NETRAW',
        title: 'NET_RAW capability',
        severity: 'low',
        remediation:
          'Drop NET_RAW (or ALL) in securityContext.capabilities.drop, spelled without the CAP_ prefix.',
        checklist: [
          'Capabilities ... it is prohibited to use: ... CAP_NET_RAW ...',
        ],
      },
      container => {
        const facts = containerFacts(ctx, container);
        if (!facts.linux || facts.security.privileged) return undefined;
        const runtimes: string[] = [];
        facts.nodes.forEach((node, i) => {
          const root = facts.roots[i];
          if (!root?.root) return;
          const runtime = node.runtime.value;
          const caps = effectiveCapabilities({
            root: true,
            security: facts.security,
            runtime,
            defaults: defaultCapabilitiesFor(
              runtime,
              node.name === '' ? undefined : node.name,
              ctx.policy,
            ),
          });
          if (caps.caps.has('NET_RAW') && !runtimes.includes(runtime))
            runtimes.push(runtime);
        });
        if (runtimes.length === 0) return undefined;
        return {
          problem: `holds NET_RAW (${runtimes.join(', ')} runtime)`,
          fields: [
            `${containerPath(container)}.securityContext.capabilities.drop`,
          ],
        };
      },
    ),
});
