/**
 * Applies fixture documents to the real API server object by object (server-
 * side apply), then their `status` through the status subresource (the main
 * endpoint ignores status on create), and deletes them again. Each object the
 * API server refuses is reported with its reason, so a comparison can leave
 * it out on the offline side too.
 */

import { RESOURCES } from '@chokepoint/collector';
import type { Api, Doc, ResourceRef } from './support.ts';
import { objectPath, record } from './support.ts';

const ORDER = [
  'CustomResourceDefinition',
  'Namespace',
  'Node',
  'ServiceAccount',
  'ClusterRole',
  'Role',
];

export function resourceOf(doc: Doc): ResourceRef | undefined {
  const kind = String(doc.kind);
  const apiVersion = typeof doc.apiVersion === 'string' ? doc.apiVersion : 'v1';
  const [group, version] = apiVersion.includes('/')
    ? apiVersion.split('/')
    : ['', apiVersion];
  if (kind === 'CustomResourceDefinition')
    return {
      group: 'apiextensions.k8s.io',
      version: 'v1',
      plural: 'customresourcedefinitions',
      namespaced: false,
    };
  if (kind === 'CertificateSigningRequest')
    return {
      group: 'certificates.k8s.io',
      version: 'v1',
      plural: 'certificatesigningrequests',
      namespaced: false,
    };
  const row = RESOURCES.find(r => r.kind === kind && r.group === group);
  if (row === undefined) return undefined;
  return {
    group: group ?? '',
    version: version ?? row.version,
    plural: row.plural,
    namespaced: row.namespaced,
  };
}

export interface Refusal {
  readonly object: string;
  readonly status: number;
  readonly message: string;
}

function describe(doc: Doc): string {
  const meta = record(doc.metadata);
  return `${String(doc.kind)} ${typeof meta.namespace === 'string' ? `${meta.namespace}/` : ''}${String(meta.name)}`;
}

function messageOf(body: unknown): string {
  const message = record(body).message;
  return typeof message === 'string'
    ? message
    : JSON.stringify(body).slice(0, 300);
}

export function sortForApply(docs: readonly Doc[]): Doc[] {
  const rank = (d: Doc) => {
    const i = ORDER.indexOf(String(d.kind));
    return i === -1 ? ORDER.length : i;
  };
  return [...docs].sort((a, b) => rank(a) - rank(b));
}

/** Applies docs in dependency order; returns the refusals. */
export async function applyDocs(
  api: Api,
  docs: readonly Doc[],
): Promise<Refusal[]> {
  const refusals: Refusal[] = [];
  const sorted = sortForApply(docs);
  // CRDs and namespaces before what lives in them, then nodes, service
  // accounts and roles (admission needs them); in parallel only within a step.
  const containers = (d: Doc) =>
    d.kind === 'CustomResourceDefinition' || d.kind === 'Namespace';
  const first = sorted.filter(
    d => ORDER.includes(String(d.kind)) && !containers(d),
  );
  // Webhook configurations last: they would intercept the fixture's own objects.
  const webhook = (d: Doc) => String(d.kind).endsWith('WebhookConfiguration');
  const rest = sorted.filter(
    d => !ORDER.includes(String(d.kind)) && !webhook(d),
  );
  for (const batch of [
    sorted.filter(containers),
    first,
    rest,
    sorted.filter(webhook),
  ]) {
    await Promise.all(
      batch.map(async doc => {
        const ref = resourceOf(doc);
        if (ref === undefined) {
          refusals.push({
            object: describe(doc),
            status: 0,
            message: 'kind not served',
          });
          return;
        }
        const { status: wanted, ...spec } = doc;
        const meta = record(doc.metadata);
        const applied = {
          ...spec,
          metadata: {
            ...meta,
            ...(ref.namespaced
              ? { namespace: meta.namespace ?? 'default' }
              : {}),
          },
        };
        const path = `${objectPath(ref, applied)}?fieldManager=chokepoint-it&force=true`;
        const res = await api.request(
          'PATCH',
          path,
          applied,
          'application/apply-patch+yaml',
        );
        if (res.status >= 300) {
          refusals.push({
            object: describe(doc),
            status: res.status,
            message: messageOf(res.body),
          });
          return;
        }
        if (doc.kind === 'Node') {
          // TaintNodesByCondition admission adds node.kubernetes.io/not-ready
          // on create; the kubelet's first Ready status lifts it. No kubelet
          // here: put the written taints back, as a Ready node has them.
          const taints = record(doc.spec).taints ?? null;
          await api.request(
            'PATCH',
            objectPath(ref, applied),
            { spec: { taints } },
            'application/merge-patch+json',
          );
        }
        if (wanted !== undefined && doc.kind !== 'Namespace') {
          const st = await api.request(
            'PATCH',
            `${objectPath(ref, applied)}/status`,
            { status: wanted },
            'application/merge-patch+json',
          );
          if (st.status >= 300)
            refusals.push({
              object: `${describe(doc)} status`,
              status: st.status,
              message: messageOf(st.body),
            });
        }
      }),
    );
  }
  return refusals;
}

/** Deletes docs at once (grace period 0: no kubelet confirms pod deletion). */
export async function deleteDocs(
  api: Api,
  docs: readonly Doc[],
  keepKinds = ['Namespace'],
): Promise<void> {
  await Promise.all(
    docs
      .filter(d => !keepKinds.includes(String(d.kind)))
      .map(async doc => {
        const ref = resourceOf(doc);
        if (ref === undefined) return;
        await api.request(
          'DELETE',
          `${objectPath(ref, doc)}?gracePeriodSeconds=0`,
          {
            apiVersion: 'v1',
            kind: 'DeleteOptions',
            gracePeriodSeconds: 0,
            propagationPolicy: 'Background',
          },
        );
      }),
  );
}

const GATEWAY_CRDS: readonly (readonly [string, string, string, string[]])[] = [
  ['Gateway', 'gateways', 'Namespaced', ['v1', 'v1beta1']],
  ['GatewayClass', 'gatewayclasses', 'Cluster', ['v1', 'v1beta1']],
  ['HTTPRoute', 'httproutes', 'Namespaced', ['v1', 'v1beta1']],
  ['GRPCRoute', 'grpcroutes', 'Namespaced', ['v1']],
  ['TLSRoute', 'tlsroutes', 'Namespaced', ['v1alpha2']],
  ['TCPRoute', 'tcproutes', 'Namespaced', ['v1alpha2']],
  ['ReferenceGrant', 'referencegrants', 'Namespaced', ['v1beta1']],
];

/** Minimal Gateway API CRDs (schemaless): enough to store the fixtures' routes. */
export function gatewayCrds(): Doc[] {
  return GATEWAY_CRDS.map(([kind, plural, scope, versions]) => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${plural}.gateway.networking.k8s.io`,
      // *.k8s.io groups need it; the upstream CRDs carry this one.
      annotations: {
        'api-approved.kubernetes.io':
          'https://github.com/kubernetes-sigs/gateway-api/pull/2466',
      },
    },
    spec: {
      group: 'gateway.networking.k8s.io',
      scope,
      names: {
        kind,
        plural,
        singular: kind.toLowerCase(),
        listKind: `${kind}List`,
      },
      versions: versions.map((name, i) => ({
        name,
        served: true,
        storage: i === 0,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
        subresources: { status: {} },
      })),
    },
  }));
}
