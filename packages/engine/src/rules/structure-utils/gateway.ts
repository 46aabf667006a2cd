/**
 * Gateway API attachment (catalog 3.1 ROUTES_TO): which listeners of a
 * Gateway accept a route, and which Services a route may forward to.
 *
 * - A route attaches through a `parentRefs` entry naming the Gateway (group
 *   `gateway.networking.k8s.io`, kind `Gateway`, namespace defaulting to the
 *   route's), restricted by `sectionName` (a listener name) and `port` when
 *   set; the listener's `allowedRoutes.namespaces.from` (`Same` by default,
 *   `All`, or `Selector` with a namespace label selector) must admit the
 *   route's namespace, and `allowedRoutes.kinds` (or, when empty, the kinds
 *   the listener protocol supports) its kind.
 * - A `backendRefs` entry (group `""`, kind `Service` by default; a
 *   `requestMirror` filter's `backendRef` too) reaches a Service of another
 *   namespace only when a ReferenceGrant there allows the route's kind from
 *   the route's namespace.
 *
 * Reference: https://gateway-api.sigs.k8s.io/reference/spec/ (ParentReference,
 * AllowedRoutes, BackendRef, ReferenceGrant).
 */

import type { KubeObject } from '@chokepoint/model';
import {
  asArray,
  asInteger,
  asRecord,
  asString,
} from '../../predicates/json.ts';
import type { JsonRecord } from '../../predicates/json.ts';
import {
  matchesLabelSelector,
  namespaceLabels,
} from '../../predicates/label-selector.ts';
import type { SnapshotIndex } from '../../snapshot-index.ts';

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const ROUTE_KINDS = [
  'HTTPRoute',
  'GRPCRoute',
  'TLSRoute',
  'TCPRoute',
  'UDPRoute',
] as const;

/** Route kinds a listener accepts when `allowedRoutes.kinds` is empty, by protocol. */
const DEFAULT_KINDS: Readonly<Record<string, readonly string[]>> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute', 'TCPRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

export interface Attachment {
  /** Index of the route's parentRefs entry. */
  readonly parentRef: number;
  /** Names of the listeners that accept the route. */
  readonly listeners: readonly string[];
}

function listenerAdmits(
  listener: JsonRecord,
  gatewayNamespace: string,
  route: KubeObject,
  index: SnapshotIndex,
): boolean {
  const routeNamespace = route.metadata.namespace ?? 'default';
  const allowed = asRecord(listener.allowedRoutes);
  const namespaces = asRecord(allowed?.namespaces);
  const from = asString(namespaces?.from) ?? 'Same';
  if (from === 'Same') {
    if (routeNamespace !== gatewayNamespace) return false;
  } else if (from === 'Selector') {
    const selector = asRecord(namespaces?.selector);
    if (selector === undefined) return false;
    const labels = namespaceLabels(
      index.namespaces.get(routeNamespace),
      routeNamespace,
    );
    if (!matchesLabelSelector(selector, labels)) return false;
  } else if (from !== 'All') return false;

  const kinds = asArray(allowed?.kinds).map(asRecord);
  if (kinds.length > 0) {
    return kinds.some(
      k =>
        (asString(k?.group) ?? GATEWAY_GROUP) === GATEWAY_GROUP &&
        asString(k?.kind) === route.kind,
    );
  }
  const protocol = asString(listener.protocol) ?? '';
  return DEFAULT_KINDS[protocol]?.includes(route.kind) ?? false;
}

/** Every parentRefs entry of a route that a Gateway accepts, with its listeners. */
export function attachments(
  route: KubeObject,
  gateway: KubeObject,
  index: SnapshotIndex,
): Attachment[] {
  const routeNamespace = route.metadata.namespace ?? 'default';
  const gatewayNamespace = gateway.metadata.namespace ?? 'default';
  const listeners = asArray(asRecord(gateway.spec)?.listeners)
    .map(asRecord)
    .filter((l): l is JsonRecord => l !== undefined);
  const out: Attachment[] = [];
  asArray(asRecord(route.spec)?.parentRefs).forEach((item, i) => {
    const ref = asRecord(item);
    if (ref === undefined) return;
    if ((asString(ref.group) ?? GATEWAY_GROUP) !== GATEWAY_GROUP) return;
    if ((asString(ref.kind) ?? 'Gateway') !== 'Gateway') return;
    if ((asString(ref.namespace) ?? routeNamespace) !== gatewayNamespace)
      return;
    if (asString(ref.name) !== gateway.metadata.name) return;
    const sectionName = asString(ref.sectionName);
    const port = asInteger(ref.port);
    const accepting = listeners
      .filter(
        l => sectionName === undefined || asString(l.name) === sectionName,
      )
      .filter(l => port === undefined || asInteger(l.port) === port)
      .filter(l => listenerAdmits(l, gatewayNamespace, route, index))
      .map(l => asString(l.name) ?? '');
    if (accepting.length > 0) out.push({ parentRef: i, listeners: accepting });
  });
  return out;
}

export interface BackendRef {
  readonly path: string;
  readonly namespace: string;
  readonly name: string;
  /** The ReferenceGrant that allows a cross-namespace reference. */
  readonly referenceGrant?: string;
}

function referenceGrantFor(
  route: KubeObject,
  namespace: string,
  name: string,
  index: SnapshotIndex,
): KubeObject | undefined {
  const routeNamespace = route.metadata.namespace ?? 'default';
  return index.inNamespace('ReferenceGrant', namespace).find(grant => {
    const spec = asRecord(grant.spec);
    const fromOk = asArray(spec?.from).some(item => {
      const from = asRecord(item);
      return (
        asString(from?.group) === GATEWAY_GROUP &&
        asString(from?.kind) === route.kind &&
        asString(from?.namespace) === routeNamespace
      );
    });
    const toOk = asArray(spec?.to).some(item => {
      const to = asRecord(item);
      const toName = asString(to?.name);
      return (
        (asString(to?.group) ?? '') === '' &&
        asString(to?.kind) === 'Service' &&
        (toName === undefined || toName === '' || toName === name)
      );
    });
    return fromOk && toOk;
  });
}

/** The Services of the input a route forwards (or mirrors) traffic to. */
export function serviceBackends(
  route: KubeObject,
  index: SnapshotIndex,
): BackendRef[] {
  const routeNamespace = route.metadata.namespace ?? 'default';
  const refs: { path: string; ref: JsonRecord }[] = [];
  const mirrors = (filters: unknown, path: string): void => {
    asArray(filters).forEach((item, k) => {
      const ref = asRecord(asRecord(asRecord(item)?.requestMirror)?.backendRef);
      if (ref !== undefined)
        refs.push({
          path: `${path}.filters[${String(k)}].requestMirror.backendRef`,
          ref,
        });
    });
  };
  asArray(asRecord(route.spec)?.rules).forEach((item, i) => {
    const rule = asRecord(item);
    const rulePath = `spec.rules[${String(i)}]`;
    mirrors(rule?.filters, rulePath);
    asArray(rule?.backendRefs).forEach((entry, j) => {
      const ref = asRecord(entry);
      if (ref === undefined) return;
      refs.push({ path: `${rulePath}.backendRefs[${String(j)}]`, ref });
      mirrors(ref.filters, `${rulePath}.backendRefs[${String(j)}]`);
    });
  });
  const out: BackendRef[] = [];
  for (const { path, ref } of refs) {
    if (
      (asString(ref.group) ?? '') !== '' ||
      (asString(ref.kind) ?? 'Service') !== 'Service'
    )
      continue;
    const name = asString(ref.name);
    if (name === undefined || name === '') continue;
    const namespace = asString(ref.namespace) ?? routeNamespace;
    if (index.get('Service', namespace, name) === undefined) continue;
    if (namespace === routeNamespace) {
      out.push({ path, namespace, name });
      continue;
    }
    const grant = referenceGrantFor(route, namespace, name, index);
    if (grant !== undefined)
      out.push({
        path,
        namespace,
        name,
        referenceGrant: `ReferenceGrant:${namespace}/${grant.metadata.name}`,
      });
  }
  return out;
}
