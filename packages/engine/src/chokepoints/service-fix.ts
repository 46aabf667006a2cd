/**
 * Making a Service a ClusterIP, as the API server accepts it: the fields
 * only a LoadBalancer or NodePort may carry go with the type change
 * (`pkg/apis/core/validation/validation.go` ValidateService), and each
 * port's nodePort is dropped so nothing is left allocated.
 */

import type { KubeObject } from '@chokepoint/model';
import { asArray, asRecord } from '../predicates/json.ts';

const EXTERNAL_ONLY = [
  'externalIPs',
  'loadBalancerIP',
  'loadBalancerSourceRanges',
  'loadBalancerClass',
  'externalTrafficPolicy',
  'healthCheckNodePort',
  'allocateLoadBalancerNodePorts',
] as const;

export function clusterIpPatch(
  service: KubeObject,
): Readonly<Record<string, unknown>> {
  const spec = asRecord(service.spec) ?? {};
  const patch: Record<string, unknown> = { type: 'ClusterIP' };
  for (const field of EXTERNAL_ONLY)
    if (spec[field] !== undefined) patch[field] = null;
  const ports = asArray(spec.ports);
  if (ports.some(p => asRecord(p)?.nodePort !== undefined))
    patch.ports = ports.map(p => {
      const { nodePort: _dropped, ...rest } = asRecord(p) ?? {};
      return rest;
    });
  return { spec: patch };
}
