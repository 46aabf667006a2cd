/**
 * F-POD-HOSTPORT (catalog 6): a container declares a `hostPort`, opening a
 * port on the node's addresses (HOST_PORT_EXPOSED when the node is public,
 * catalog 3.1) and bypassing Service-level controls. Per container.
 *
 * Reference: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */

import { containerPath } from '../entities/spec-paths.ts';
import { defineFinding } from './define-finding.ts';
import { containerFindings } from './finding-utils/workload-findings.ts';

export const podHostport = defineFinding({
  id: 'F-POD-HOSTPORT',
  title: 'hostPort declared',
  severity: 'low',
  description: 'A container port sets hostPort.',
  check: ctx =>
    containerFindings(
      ctx,
      {
        check: 'F-POD-HOSTPORT',
        title: 'hostPort declared',
        severity: 'low',
        remediation:
          'Remove hostPort and publish the port through a Service (ClusterIP, or a LoadBalancer with loadBalancerSourceRanges).',
        checklist: [
          'The port range forwarded into the container should be minimal enough to work.',
        ],
      },
      container => {
        const ports: number[] = [];
        const fields: string[] = [];
        container.view.spec.ports.forEach((port, i) => {
          if (port.hostPort === undefined || port.hostPort === 0) return;
          ports.push(port.hostPort);
          fields.push(`${containerPath(container)}.ports[${i}].hostPort`);
        });
        if (ports.length === 0) return undefined;
        return {
          problem: `declares host port${ports.length === 1 ? '' : 's'} ${ports.join(', ')}`,
          fields,
        };
      },
    ),
});
