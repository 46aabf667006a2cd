/**
 * EXPOSES (catalog 3.1): the Internet reaches a Service, an Ingress or a
 * Gateway, the first hop of every outside-in path.
 *
 * Precondition:
 * - Service, type LoadBalancer: no internal-load-balancer annotation
 *   (`service.beta.kubernetes.io/aws-load-balancer-internal: "true"`,
 *   `service.beta.kubernetes.io/aws-load-balancer-scheme: internal`,
 *   `networking.gke.io/load-balancer-type: Internal`,
 *   `cloud.google.com/load-balancer-type: Internal`,
 *   `service.beta.kubernetes.io/azure-load-balancer-internal: "true"`) and
 *   `loadBalancerSourceRanges` empty or containing a public range: high.
 *   Type NodePort, when policy `exposure.nodePorts` (default true): high when
 *   a Linux node has a public IP, else medium. `externalIPs` set: high when
 *   one is public, else medium. Never ExternalName, ClusterIP alone or
 *   headless Services.
 * - Ingress: at least one backend (rule paths or `defaultBackend`) and a
 *   class not in `exposure.internalIngressClasses`: high when
 *   `status.loadBalancer.ingress` has an address or a controller serving its
 *   class is in the input (an IngressClass of that name), else medium.
 * - Gateway: at least one listener and a class not in
 *   `exposure.internalGatewayClasses`: high when `status.addresses` has a
 *   public address, else medium.
 *
 * Reference: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
 */

import { INTERNET_ID, objectId } from '@chokepoint/model';
import type { KubeObject } from '@chokepoint/model';
import {
  asArray,
  asRecord,
  asString,
  asStringArray,
} from '../predicates/json.ts';
import { annotationOf } from '../predicates/pod-spec.ts';
import { isGiven } from '../policy.ts';
import type { Policy } from '../policy.ts';
import type { SnapshotIndex } from '../snapshot-index.ts';
import type { RecordOf } from './define-rule.ts';
import { specEvidence } from './evidence.ts';
import type { FactEvidence } from './evidence.ts';
import { defineRule } from './define-rule.ts';
import { NODE_READS, readsOf } from './reads.ts';
import {
  cidrHasPublic,
  isPublicAddress,
  isPublicStatusAddress,
} from './structure-utils/addresses.ts';
import { ingressBackendPaths } from './structure-utils/ingress.ts';

/** Annotation, and the value (lower case) that makes the load balancer internal. */
const INTERNAL_LB_ANNOTATIONS: readonly (readonly [string, string])[] = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', 'true'],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', 'internal'],
  ['networking.gke.io/load-balancer-type', 'internal'],
  ['cloud.google.com/load-balancer-type', 'internal'],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', 'true'],
];

const SOURCE_RANGES_ANNOTATION =
  'service.beta.kubernetes.io/load-balancer-source-ranges';
const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

function policyFact(
  policy: Policy,
  fact: string,
  value: unknown,
): FactEvidence {
  return { fact, value, source: isGiven(policy, fact) ? 'given' : 'defaulted' };
}

function* serviceExposure(
  service: KubeObject,
  index: SnapshotIndex,
  policy: Policy,
): Iterable<RecordOf<'EXPOSES'>> {
  const id = objectId(
    'Service',
    service.metadata.name,
    service.metadata.namespace,
  );
  const spec = asRecord(service.spec) ?? {};
  const type = asString(spec.type) ?? 'ClusterIP';
  if (type === 'ExternalName' || asString(spec.clusterIP) === 'None') return;

  if (type === 'LoadBalancer') {
    const internal = INTERNAL_LB_ANNOTATIONS.find(
      ([key, value]) =>
        annotationOf(service, key)?.trim().toLowerCase() === value,
    );
    const fieldRanges = asStringArray(spec.loadBalancerSourceRanges);
    const annotated = annotationOf(service, SOURCE_RANGES_ANNOTATION);
    const ranges =
      fieldRanges.length > 0
        ? fieldRanges
        : (annotated ?? '')
            .split(',')
            .map(r => r.trim())
            .filter(r => r !== '');
    const rangesField =
      fieldRanges.length > 0
        ? 'spec.loadBalancerSourceRanges'
        : `metadata.annotations.${SOURCE_RANGES_ANNOTATION}`;
    const openRange = ranges.length === 0 || ranges.some(cidrHasPublic);
    if (internal === undefined && openRange) {
      yield {
        from: INTERNET_ID,
        to: id,
        confidence: 'high',
        evidence: specEvidence(
          ranges.length === 0
            ? 'An Internet-facing load balancer forwards to this Service from any source address.'
            : 'An Internet-facing load balancer forwards to this Service from a public source range.',
          id,
          ranges.length === 0 ? ['spec.type'] : ['spec.type', rangesField],
          {
            way: 'LoadBalancer',
            ...(ranges.length === 0 ? {} : { sourceRanges: ranges }),
          },
        ),
      };
    }
  }

  if (type === 'NodePort' && policy.exposure.nodePorts) {
    const publicNodes = [...index.nodes.values()]
      .filter(
        node => node.facts.os.value === 'linux' && node.facts.publicIP.value,
      )
      .map(node => node.id);
    const facts: FactEvidence[] = [
      policyFact(policy, 'exposure.nodePorts', true),
      {
        fact: 'publicIP',
        value: publicNodes.length > 0 ? publicNodes : false,
        source: [...index.nodes.values()].some(
          node => node.facts.publicIP.source === 'given',
        )
          ? 'given'
          : 'derived',
      },
    ];
    yield {
      from: INTERNET_ID,
      to: id,
      confidence: publicNodes.length > 0 ? 'high' : 'medium',
      evidence: specEvidence(
        publicNodes.length > 0
          ? 'The Service opens a port on every node, and a Linux node has a public address.'
          : 'The Service opens a port on every node; no node address in the input confirms that the nodes are reachable from the Internet.',
        id,
        ['spec.type'],
        { way: 'NodePort', facts },
      ),
    };
  }

  const externalIPs = asStringArray(spec.externalIPs);
  if (externalIPs.length > 0) {
    const publicIPs = externalIPs.filter(ip => isPublicAddress(ip));
    yield {
      from: INTERNET_ID,
      to: id,
      confidence: publicIPs.length > 0 ? 'high' : 'medium',
      evidence: specEvidence(
        publicIPs.length > 0
          ? 'kube-proxy forwards traffic for a public external IP to this Service.'
          : 'kube-proxy forwards traffic for an external IP to this Service; the address is private, so Internet reach is assumed.',
        id,
        ['spec.externalIPs'],
        { way: 'externalIPs', externalIPs },
      ),
    };
  }
}

/** The class an Ingress asks for: the field, the legacy annotation, else the default IngressClass. */
function ingressClassOf(
  ingress: KubeObject,
  index: SnapshotIndex,
): { name?: string; field?: string } {
  const named = asString(asRecord(ingress.spec)?.ingressClassName);
  if (named !== undefined && named !== '')
    return { name: named, field: 'spec.ingressClassName' };
  const annotated = annotationOf(ingress, INGRESS_CLASS_ANNOTATION);
  if (annotated !== undefined && annotated !== '') {
    return {
      name: annotated,
      field: `metadata.annotations.${INGRESS_CLASS_ANNOTATION}`,
    };
  }
  const fallback = index
    .objects('IngressClass')
    .find(
      c => annotationOf(c, DEFAULT_CLASS_ANNOTATION)?.toLowerCase() === 'true',
    );
  return fallback === undefined ? {} : { name: fallback.metadata.name };
}

function* ingressExposure(
  ingress: KubeObject,
  index: SnapshotIndex,
  policy: Policy,
): Iterable<RecordOf<'EXPOSES'>> {
  const id = objectId(
    'Ingress',
    ingress.metadata.name,
    ingress.metadata.namespace,
  );
  const backends = ingressBackendPaths(ingress);
  if (backends.length === 0) return;
  const ingressClass = ingressClassOf(ingress, index);
  if (
    ingressClass.name !== undefined &&
    policy.exposure.internalIngressClasses.includes(ingressClass.name)
  )
    return;
  const addresses = asArray(
    asRecord(asRecord(ingress.status)?.loadBalancer)?.ingress,
  )
    .map(asRecord)
    .map(entry => asString(entry?.ip) ?? asString(entry?.hostname))
    .filter((a): a is string => a !== undefined && a !== '');
  const classObject =
    ingressClass.name === undefined
      ? undefined
      : index.get('IngressClass', '', ingressClass.name);
  const controller = asString(asRecord(classObject?.spec)?.controller);
  const confirmed = addresses.length > 0 || classObject !== undefined;
  const fields = [
    backends[0]?.path ?? 'spec',
    ...(ingressClass.field === undefined ? [] : [ingressClass.field]),
  ];
  yield {
    from: INTERNET_ID,
    to: id,
    confidence: confirmed ? 'high' : 'medium',
    evidence: specEvidence(
      addresses.length > 0
        ? 'An ingress controller serves this Ingress on a published address.'
        : classObject !== undefined
          ? 'The IngressClass of this Ingress is installed, so its controller serves it.'
          : 'This Ingress has backends; no published address or installed IngressClass confirms that a controller serves it.',
      id,
      fields,
      {
        ...(ingressClass.name === undefined
          ? {}
          : { ingressClass: ingressClass.name }),
        ...(controller === undefined ? {} : { controller }),
        ...(addresses.length === 0 ? {} : { addresses }),
        facts: [
          policyFact(
            policy,
            'exposure.internalIngressClasses',
            policy.exposure.internalIngressClasses,
          ),
        ],
      },
    ),
  };
}

function* gatewayExposure(
  gateway: KubeObject,
  policy: Policy,
): Iterable<RecordOf<'EXPOSES'>> {
  const id = objectId(
    'Gateway',
    gateway.metadata.name,
    gateway.metadata.namespace,
  );
  const spec = asRecord(gateway.spec) ?? {};
  if (asArray(spec.listeners).length === 0) return;
  const gatewayClass = asString(spec.gatewayClassName);
  if (
    gatewayClass !== undefined &&
    policy.exposure.internalGatewayClasses.includes(gatewayClass)
  )
    return;
  const addresses = asArray(asRecord(gateway.status)?.addresses)
    .map(asRecord)
    .filter(entry => entry !== undefined)
    .map(entry => ({
      type: asString(entry.type),
      value: asString(entry.value) ?? '',
    }));
  const publicAddresses = addresses
    .filter(a => a.value !== '' && isPublicStatusAddress(a.value, a.type))
    .map(a => a.value);
  yield {
    from: INTERNET_ID,
    to: id,
    confidence: publicAddresses.length > 0 ? 'high' : 'medium',
    evidence: specEvidence(
      publicAddresses.length > 0
        ? 'The Gateway listens on a public address.'
        : 'The Gateway has listeners; no public address in its status confirms Internet reach.',
      id,
      ['spec.listeners', 'spec.gatewayClassName'],
      {
        ...(gatewayClass === undefined ? {} : { gatewayClass }),
        ...(publicAddresses.length === 0 ? {} : { addresses: publicAddresses }),
        facts: [
          policyFact(
            policy,
            'exposure.internalGatewayClasses',
            policy.exposure.internalGatewayClasses,
          ),
        ],
      },
    ),
  };
}

export const exposes = defineRule({
  kind: 'EXPOSES',
  reads: readsOf(NODE_READS, [
    'Gateway',
    'GatewayClass',
    'Ingress',
    'IngressClass',
    'Service',
  ]),
  *match({ index, policy }) {
    for (const service of index.objects('Service'))
      yield* serviceExposure(service, index, policy);
    for (const ingress of index.objects('Ingress'))
      yield* ingressExposure(ingress, index, policy);
    for (const gateway of index.objects('Gateway'))
      yield* gatewayExposure(gateway, policy);
  },
});
