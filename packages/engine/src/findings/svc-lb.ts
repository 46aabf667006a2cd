/**
 * F-SVC-LB (catalog 6, 3.1 EXPOSES): a Service of type LoadBalancer without
 * `loadBalancerSourceRanges` (nor the equivalent annotation
 * `service.beta.kubernetes.io/load-balancer-source-ranges`): the cloud load
 * balancer accepts connections from every address its network can route,
 * the Internet for a public one, the whole VPC for an internal one. Per
 * Service.
 *
 * Reference: https://kubernetes.io/docs/tasks/access-application-cluster/configure-cloud-provider-firewall/
 */

import { objectId } from '@chokepoint/model';
import { asArray, asRecord, asString } from '../predicates/json.ts';
import { annotationOf } from '../predicates/pod-spec.ts';
import { defineFinding } from './define-finding.ts';
import type { FindingRecord } from './define-finding.ts';

const SOURCE_RANGES_ANNOTATION =
  'service.beta.kubernetes.io/load-balancer-source-ranges';

export const svcLb = defineFinding({
  id: 'F-SVC-LB',
  title: 'LoadBalancer without source ranges',
  severity: 'low',
  description:
    'A LoadBalancer Service sets no loadBalancerSourceRanges: any address may connect.',
  *check({ index }): Iterable<FindingRecord> {
    for (const service of index.objects('Service')) {
      const spec = asRecord(service.spec);
      if (asString(spec?.type) !== 'LoadBalancer') continue;
      if (asArray(spec?.loadBalancerSourceRanges).length > 0) continue;
      const annotation = annotationOf(service, SOURCE_RANGES_ANNOTATION);
      if (annotation !== undefined && annotation.trim() !== '') continue;
      const namespace = service.metadata.namespace ?? 'default';
      const id = objectId('Service', service.metadata.name, namespace);
      yield {
        check: 'F-SVC-LB',
        id: `F-SVC-LB:${id}`,
        severity: 'low',
        title: 'LoadBalancer without source ranges',
        message: `Service ${namespace}/${service.metadata.name} is a LoadBalancer without loadBalancerSourceRanges: any address that reaches it may connect.`,
        objects: [id],
        fields: ['spec.loadBalancerSourceRanges'],
        remediation:
          'Set spec.loadBalancerSourceRanges to the client networks, or put the Service behind an Ingress or Gateway with a WAF.',
        checklist: [
          'The interfaces of the cluster components and infrastructure tools should not be published on the Internet.',
        ],
      };
    }
  },
});
