/**
 * F-SVC-EXTERNALIPS (catalog 6): a Service sets `externalIPs` while the
 * DenyServiceExternalIPs admission plugin is off (policy
 * `admission.denyServiceExternalIPs`, default false). Anyone who can create
 * or patch a Service can then claim any IP address and intercept the
 * cluster's traffic to it (CVE-2020-8554, unfixed by design). Per Service.
 *
 * Reference: https://github.com/kubernetes/kubernetes/issues/97076
 */

import { objectId } from '@chokepoint/model';
import { asRecord, asStringArray } from '../predicates/json.ts';
import { defineFinding } from './define-finding.ts';
import type { FindingRecord } from './define-finding.ts';

export const svcExternalips = defineFinding({
  id: 'F-SVC-EXTERNALIPS',
  title: 'Service externalIPs allowed',
  severity: 'medium',
  description:
    'A Service sets externalIPs and DenyServiceExternalIPs is off (CVE-2020-8554).',
  *check({ index, policy }): Iterable<FindingRecord> {
    if (policy.admission.denyServiceExternalIPs) return;
    for (const service of index.objects('Service')) {
      const ips = asStringArray(asRecord(service.spec)?.externalIPs);
      if (ips.length === 0) continue;
      const namespace = service.metadata.namespace ?? 'default';
      const id = objectId('Service', service.metadata.name, namespace);
      yield {
        check: 'F-SVC-EXTERNALIPS',
        id: `F-SVC-EXTERNALIPS:${id}`,
        severity: 'medium',
        title: 'Service externalIPs allowed',
        message: `Service ${namespace}/${service.metadata.name} sets externalIPs ${ips.join(', ')} and the DenyServiceExternalIPs admission plugin is off (CVE-2020-8554).`,
        objects: [id],
        fields: ['spec.externalIPs'],
        remediation:
          'Enable the DenyServiceExternalIPs admission plugin (or a policy that restricts externalIPs) and use a LoadBalancer or Ingress instead.',
        checklist: ['Use Policy engine (OPA, Kyverno).'],
      };
    }
  },
});
