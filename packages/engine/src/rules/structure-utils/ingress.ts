/**
 * Ingress backends (networking.k8s.io/v1 `defaultBackend` and rule paths,
 * and the v1beta1 `backend`), with their JSON paths for evidence; shared by
 * EXPOSES (an Ingress needs a backend) and ROUTES_TO (Ingress → Service).
 *
 * Reference: https://kubernetes.io/docs/concepts/services-networking/ingress/
 */

import type { KubeObject } from '@chokepoint/model';
import { asArray, asRecord, asString } from '../../predicates/json.ts';
import type { JsonRecord } from '../../predicates/json.ts';

export interface IngressBackend {
  readonly path: string;
  readonly backend: JsonRecord;
}

/** JSON paths of every backend of an Ingress (v1, and v1beta1 `backend`). */
export function ingressBackendPaths(ingress: KubeObject): IngressBackend[] {
  const spec = asRecord(ingress.spec) ?? {};
  const out: IngressBackend[] = [];
  for (const key of ['defaultBackend', 'backend'] as const) {
    const backend = asRecord(spec[key]);
    if (backend !== undefined) out.push({ path: `spec.${key}`, backend });
  }
  asArray(spec.rules).forEach((rule, i) => {
    asArray(asRecord(asRecord(rule)?.http)?.paths).forEach((path, j) => {
      const backend = asRecord(asRecord(path)?.backend);
      if (backend !== undefined)
        out.push({
          path: `spec.rules[${String(i)}].http.paths[${String(j)}].backend`,
          backend,
        });
    });
  });
  return out;
}

/** The Service a backend names (v1 `service.name`, v1beta1 `serviceName`). */
export function backendServiceName(
  backend: JsonRecord,
): { name: string; field: string } | undefined {
  const v1 = asString(asRecord(backend.service)?.name);
  if (v1 !== undefined && v1 !== '') return { name: v1, field: 'service.name' };
  const legacy = asString(backend.serviceName);
  if (legacy !== undefined && legacy !== '')
    return { name: legacy, field: 'serviceName' };
  return undefined;
}
