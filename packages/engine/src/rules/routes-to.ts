/**
 * ROUTES_TO (catalog 3.1): traffic entering an Ingress, a Gateway or a
 * Gateway API route is forwarded to the next hop, so Internet exposure
 * (EXPOSES) carries on to the Services behind it.
 *
 * Precondition:
 * - Ingress → Service: a rule path backend or `defaultBackend` names the
 *   Service (same namespace);
 * - Gateway → HTTPRoute, GRPCRoute, TLSRoute, TCPRoute (and UDPRoute): the
 *   route's `parentRefs` name the Gateway (and `sectionName`, if set, a
 *   listener of it), and that listener's `allowedRoutes` admits the route's
 *   namespace (`Same` by default, `All`, or a selector) and kind;
 * - route → Service: a `backendRefs` entry of kind Service; in another
 *   namespace only when a ReferenceGrant there allows the route kind from the
 *   route's namespace.
 * All high. Only Services in the input are targets.
 *
 * Reference: https://gateway-api.sigs.k8s.io/concepts/api-overview/#attaching-routes-to-gateways
 */

import { objectId } from '@chokepoint/model';
import type { KubeObject } from '@chokepoint/model';
import { asArray, asRecord, asString } from '../predicates/json.ts';
import { defineRule } from './define-rule.ts';
import { readsOf } from './reads.ts';
import { specEvidence } from './evidence.ts';
import {
  GATEWAY_GROUP,
  ROUTE_KINDS,
  attachments,
  serviceBackends,
} from './structure-utils/gateway.ts';
import {
  backendServiceName,
  ingressBackendPaths,
} from './structure-utils/ingress.ts';

function idOf(object: KubeObject): string {
  return objectId(object.kind, object.metadata.name, object.metadata.namespace);
}

export const routesTo = defineRule({
  kind: 'ROUTES_TO',
  reads: readsOf([
    'Gateway',
    'GRPCRoute',
    'HTTPRoute',
    'Ingress',
    'Namespace',
    'ReferenceGrant',
    'Service',
    'TCPRoute',
    'TLSRoute',
    'UDPRoute',
  ]),
  *match({ index }) {
    for (const ingress of index.objects('Ingress')) {
      const namespace = ingress.metadata.namespace ?? 'default';
      for (const { path, backend } of ingressBackendPaths(ingress)) {
        const service = backendServiceName(backend);
        if (
          service === undefined ||
          index.get('Service', namespace, service.name) === undefined
        )
          continue;
        yield {
          from: idOf(ingress),
          to: objectId('Service', service.name, namespace),
          confidence: 'high',
          evidence: specEvidence(
            'The Ingress forwards matching requests to this Service.',
            idOf(ingress),
            [`${path}.${service.field}`],
          ),
        };
      }
    }

    for (const kind of ROUTE_KINDS) {
      for (const route of index.objects(kind)) {
        const routeNamespace = route.metadata.namespace ?? 'default';
        const seen = new Set<string>();
        for (const item of asArray(asRecord(route.spec)?.parentRefs)) {
          const ref = asRecord(item);
          if ((asString(ref?.group) ?? GATEWAY_GROUP) !== GATEWAY_GROUP)
            continue;
          const name = asString(ref?.name);
          const namespace = asString(ref?.namespace) ?? routeNamespace;
          if (name === undefined || seen.has(`${namespace}/${name}`)) continue;
          seen.add(`${namespace}/${name}`);
          const gateway = index.get('Gateway', namespace, name);
          if (gateway === undefined) continue;
          for (const attachment of attachments(route, gateway, index)) {
            yield {
              from: idOf(gateway),
              to: idOf(route),
              confidence: 'high',
              evidence: specEvidence(
                `The Gateway accepts this ${kind} on listener ${attachment.listeners.join(', ')}.`,
                idOf(route),
                [`spec.parentRefs[${String(attachment.parentRef)}]`],
                { gateway: idOf(gateway), listeners: attachment.listeners },
              ),
            };
          }
        }
        for (const backend of serviceBackends(route, index)) {
          yield {
            from: idOf(route),
            to: objectId('Service', backend.name, backend.namespace),
            confidence: 'high',
            evidence: specEvidence(
              backend.referenceGrant === undefined
                ? `The ${kind} forwards matching traffic to this Service.`
                : `The ${kind} forwards matching traffic to this Service in another namespace, which a ReferenceGrant allows.`,
              idOf(route),
              [backend.path],
              backend.referenceGrant === undefined
                ? {}
                : { referenceGrant: backend.referenceGrant },
            ),
          };
        }
      }
    }
  },
});
