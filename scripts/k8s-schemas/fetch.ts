/**
 * The OpenAPI v3 documents of the API groups a resource table names, read
 * from the API server of the current KUBECONFIG with kubectl (the same
 * client the harness itself uses).
 */

import { execFileSync } from 'node:child_process';

interface Resource {
  readonly group: string;
  readonly version: string;
}

export interface FetchedOpenApi {
  readonly version: string;
  readonly documents: { components?: { schemas?: Record<string, never> } }[];
}

function raw(path: string, kubeconfig?: string): unknown {
  const text = execFileSync('kubectl', ['get', '--raw', path], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env:
      kubeconfig === undefined
        ? process.env
        : { ...process.env, KUBECONFIG: kubeconfig },
  });
  return JSON.parse(text) as unknown;
}

/**
 * The documents of the current KUBECONFIG's API server, or of `kubeconfig`.
 * Groups a CustomResourceDefinition serves are left out: only built-in kinds
 * are validated, and a CRD some earlier apply installed (the Gateway API's,
 * say) must not change the data.
 */
export function fetchOpenApi(
  resources: readonly Resource[],
  kubeconfig?: string,
): FetchedOpenApi {
  const index = raw('/openapi/v3', kubeconfig) as {
    paths: Record<string, unknown>;
  };
  const crds = raw(
    '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
    kubeconfig,
  ) as { items: { spec: { group: string } }[] };
  const crdGroups = new Set(crds.items.map(crd => crd.spec.group));
  const paths = new Set(
    resources
      .filter(r => !crdGroups.has(r.group))
      .map(r =>
        r.group === '' ? `api/${r.version}` : `apis/${r.group}/${r.version}`,
      ),
  );
  const documents = [...paths]
    .filter(path => path in index.paths)
    .sort()
    .map(
      path =>
        raw(
          `/openapi/v3/${path}`,
          kubeconfig,
        ) as FetchedOpenApi['documents'][number],
    );
  const version = (raw('/version', kubeconfig) as { gitVersion: string })
    .gitVersion;
  return { version, documents };
}

export function schemaSource(version: string): Record<string, string> {
  return {
    project: 'Kubernetes, https://github.com/kubernetes/kubernetes',
    license: 'Apache-2.0',
    copyright: 'The Kubernetes Authors',
    from: `/openapi/v3 of kube-apiserver ${version} (scripts/k8s.sh)`,
    generator: 'scripts/gen-k8s-schemas.ts',
  };
}
