/**
 * The conformance input of shared/conformance, rebuilt the same way for every
 * group test: the KubeHound attack fixtures with the scaffold of
 * kubehound/expected.json (nodes, namespaces, default ServiceAccounts,
 * placement as spec.nodeName), plus the YAML helpers the Bad Pods and
 * bootstrap checks use. Loading lives here once so each group asserts its
 * own facts against the same objects.
 */

import { readFileSync, readdirSync } from 'node:fs';
import { parseAllDocuments, stringify } from 'yaml';

/** `<repo>/../shared/...`: CI clones the repository beside `shared/`. */
export const SHARED = new URL(
  '../../../../../shared/conformance/',
  import.meta.url,
);

export type Doc = Record<string, unknown>;

/** kubehound/expected.json, with each group's own view of a scenario. */
export interface KubeHoundExpected<Scenario> {
  readonly scaffold: {
    readonly nodes: readonly Doc[];
    readonly namespaces: readonly string[];
  };
  readonly placement: {
    readonly default: string;
    readonly overrides: Readonly<Record<string, string>>;
  };
  readonly scenarios: readonly Scenario[];
}

/** A JSON file of shared/conformance. */
export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(new URL(path, SHARED), 'utf8'));
}

/** The object documents of a YAML stream. */
export function docsOf(text: string): Doc[] {
  return parseAllDocuments(text)
    .map(d => d.toJS() as unknown)
    .filter((d): d is Doc => typeof d === 'object' && d !== null);
}

export function record(value: unknown): Doc {
  return typeof value === 'object' && value !== null ? (value as Doc) : {};
}

/** Sets spec.nodeName on every Pod, as the scaffold's placement says. */
export function place(
  docs: readonly Doc[],
  nodeOf: (ns: string, name: string) => string,
): Doc[] {
  return docs.map(doc => {
    if (doc.kind !== 'Pod') return doc;
    const metadata = record(doc.metadata);
    const ns =
      typeof metadata.namespace === 'string' ? metadata.namespace : 'default';
    return {
      ...doc,
      spec: {
        ...record(doc.spec),
        nodeName: nodeOf(ns, String(metadata.name)),
      },
    };
  });
}

/** The nodes, then a Namespace and a default ServiceAccount per namespace. */
export function scaffoldDocs(
  nodes: readonly Doc[],
  namespaces: readonly string[],
): Doc[] {
  return [
    ...nodes,
    ...namespaces.map(name => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    })),
    ...namespaces.map(namespace => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace },
    })),
  ];
}

/** A derived copy with `securityContext` fields merged into every container. */
export function withContainerSecurity(docs: readonly Doc[], extra: Doc): Doc[] {
  return docs.map(doc => {
    if (doc.kind !== 'Pod') return doc;
    const spec = record(doc.spec);
    const containers = Array.isArray(spec.containers)
      ? (spec.containers as unknown[])
      : [];
    return {
      ...doc,
      spec: {
        ...spec,
        containers: containers.map(c => ({
          ...record(c),
          securityContext: { ...record(record(c).securityContext), ...extra },
        })),
      },
    };
  });
}

export const toYaml = (docs: readonly Doc[]): string =>
  docs.map(doc => stringify(doc)).join('---\n');

/** kubehound/expected.json, typed as the caller reads its scenarios. */
export const kubehoundExpected = <Scenario>(): KubeHoundExpected<Scenario> =>
  readJson('kubehound/expected.json') as KubeHoundExpected<Scenario>;

const expected = kubehoundExpected<unknown>();
const attacksDir = new URL('kubehound/attacks/', SHARED);
const attackDocs = readdirSync(attacksDir)
  .filter(file => file.endsWith('.yaml'))
  .sort()
  .flatMap(file => docsOf(readFileSync(new URL(file, attacksDir), 'utf8')));
const nodeOf = (ns: string, name: string): string =>
  expected.placement.overrides[`${ns}/${name}`] ?? expected.placement.default;

/** The 24 fixtures plus the scaffold, pods placed, and `extra` documents after them, as one YAML stream. */
export const kubehoundInput = (extra: readonly Doc[] = []): string =>
  toYaml([
    ...scaffoldDocs(expected.scaffold.nodes, expected.scaffold.namespaces),
    ...place([...attackDocs, ...extra], nodeOf),
  ]);
