/**
 * F-NS-NETPOL (catalog 6): a namespace with running workloads and no
 * NetworkPolicy. Without one every pod accepts traffic from every pod of the
 * cluster and may connect anywhere, so one compromised pod reaches every
 * Service and the node-local endpoints (ENDPOINT_EXPLOIT, catalog 3.1). Per
 * namespace. Policies of other engines (Cilium, Calico global policies) are
 * not in the input and do not count.
 *
 * Reference: https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */

import { objectId } from '@chokepoint/model';
import { defineFinding } from './define-finding.ts';
import type { FindingRecord } from './define-finding.ts';
import { namespacesWithWorkloads } from './finding-utils/namespaces.ts';

export const nsNetpol = defineFinding({
  id: 'F-NS-NETPOL',
  title: 'Namespace without NetworkPolicy',
  severity: 'medium',
  description:
    'A namespace with running workloads has no NetworkPolicy: all traffic to and from its pods is allowed.',
  *check({ index }): Iterable<FindingRecord> {
    for (const namespace of namespacesWithWorkloads(index)) {
      if (index.inNamespace('NetworkPolicy', namespace).length > 0) continue;
      const id = objectId('Namespace', namespace);
      yield {
        check: 'F-NS-NETPOL',
        id: `F-NS-NETPOL:${id}`,
        severity: 'medium',
        title: 'Namespace without NetworkPolicy',
        message: `Namespace ${namespace} has running workloads but no NetworkPolicy: its pods accept and open any connection.`,
        objects: [id],
        remediation:
          'Add a default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress]) and allow only the flows the applications need.',
        checklist: [
          'Utilize Kubernetes Network Policies to control inbound and outbound network traffic between pods.',
          'All namespaces should have NetworkPolicy.',
        ],
      };
    }
  },
});
