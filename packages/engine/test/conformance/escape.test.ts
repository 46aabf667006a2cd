// Conformance of the escape group (catalog 3.2, 3.3, IDENTITY_ASSUME of 3.4)
// against shared/conformance: the KubeHound attack fixtures with the scaffold
// of kubehound/expected.json (nodes, namespaces, default ServiceAccounts,
// placement as spec.nodeName), and the Bad Pods classes of
// badpods/expected.json. Only facts of the kinds below are asserted; a
// wildcard kind `*` is checked against these kinds (the other rules are not
// run here).
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import type { AttackGraph, Confidence, RuleEdgeKind } from '@chokepoint/model';
import { buildAttackGraph } from '../../src/build-graph.ts';
import type { RuleSet } from '../../src/build-graph.ts';
import { resolvePolicy } from '../../src/policy.ts';
import { ceCgroupReleaseAgent } from '../../src/rules/ce-cgroup-release-agent.ts';
import { ceHostFd } from '../../src/rules/ce-host-fd.ts';
import { ceModuleLoad } from '../../src/rules/ce-module-load.ts';
import { ceNsenter } from '../../src/rules/ce-nsenter.ts';
import { cePrivMount } from '../../src/rules/ce-priv-mount.ts';
import { ceSysPtrace } from '../../src/rules/ce-sys-ptrace.ts';
import { ceUmhCorePattern } from '../../src/rules/ce-umh-core-pattern.ts';
import { ceVarLogSymlink } from '../../src/rules/ce-var-log-symlink.ts';
import { exploitContainerdSock } from '../../src/rules/exploit-containerd-sock.ts';
import { exploitHostRead } from '../../src/rules/exploit-host-read.ts';
import { exploitHostTraverse } from '../../src/rules/exploit-host-traverse.ts';
import { exploitHostWrite } from '../../src/rules/exploit-host-write.ts';
import { identityAssume } from '../../src/rules/identity-assume.ts';
import { sharePsNamespace } from '../../src/rules/share-ps-namespace.ts';
import { snapshotOf } from '../manifests.ts';
import { edgesOfKind } from '../rule-tester.ts';

const RULES: RuleSet = {
  CE_CGROUP_RELEASE_AGENT: ceCgroupReleaseAgent,
  CE_HOST_FD: ceHostFd,
  CE_MODULE_LOAD: ceModuleLoad,
  CE_NSENTER: ceNsenter,
  CE_PRIV_MOUNT: cePrivMount,
  CE_SYS_PTRACE: ceSysPtrace,
  CE_UMH_CORE_PATTERN: ceUmhCorePattern,
  CE_VAR_LOG_SYMLINK: ceVarLogSymlink,
  EXPLOIT_CONTAINERD_SOCK: exploitContainerdSock,
  EXPLOIT_HOST_READ: exploitHostRead,
  EXPLOIT_HOST_TRAVERSE: exploitHostTraverse,
  EXPLOIT_HOST_WRITE: exploitHostWrite,
  IDENTITY_ASSUME: identityAssume,
  SHARE_PS_NAMESPACE: sharePsNamespace,
};
const KINDS = Object.keys(RULES) as RuleEdgeKind[];
const OURS = new Set<string>(KINDS);

/** `<repo>/../shared/...`: CI clones the repository beside `shared/`. */
const SHARED = new URL('../../../../../shared/conformance/', import.meta.url);

type Doc = Record<string, unknown>;

interface EdgeFact {
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly confidence?: Confidence;
  readonly note?: string;
}

interface FactVariant {
  readonly policy: unknown;
  readonly mustHave?: readonly EdgeFact[];
  readonly mustNotHave?: readonly EdgeFact[];
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(new URL(path, SHARED), 'utf8'));
}

function docsOf(text: string): Doc[] {
  return parseAllDocuments(text)
    .map(d => d.toJS() as unknown)
    .filter((d): d is Doc => typeof d === 'object' && d !== null);
}

function record(value: unknown): Doc {
  return typeof value === 'object' && value !== null ? (value as Doc) : {};
}

/** Sets spec.nodeName on every Pod, as the scaffold's placement says. */
function place(
  docs: readonly Doc[],
  nodeOf: (ns: string, name: string) => string,
): Doc[] {
  return docs.map(doc => {
    if (doc.kind !== 'Pod') return doc;
    const metadata = record(doc.metadata);
    const ns =
      typeof metadata.namespace === 'string' ? metadata.namespace : 'default';
    const name = String(metadata.name);
    return {
      ...doc,
      spec: { ...record(doc.spec), nodeName: nodeOf(ns, name) },
    };
  });
}

function scaffoldDocs(
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

function toYaml(docs: readonly Doc[]): string {
  return docs.map(doc => stringify(doc)).join('---\n');
}

const graphs = new Map<string, Promise<AttackGraph>>();

function graphOf(yaml: string, policyDoc: unknown = {}): Promise<AttackGraph> {
  const key = `${JSON.stringify(policyDoc)}\n${yaml}`;
  let graph = graphs.get(key);
  if (graph === undefined) {
    graph = (async () => {
      const { policy, problems } = resolvePolicy(policyDoc);
      expect(problems).toEqual([]);
      const snapshot = await snapshotOf(yaml, 'kubehound.test.local');
      return buildAttackGraph(snapshot, RULES, { policy }).graph;
    })();
    graphs.set(key, graph);
  }
  return graph;
}

function idMatches(pattern: string, id: string): boolean {
  return pattern.endsWith('*')
    ? id.startsWith(pattern.slice(0, -1))
    : pattern === id;
}

function edgesOf(
  graph: AttackGraph,
  kind: string,
): [string, string, Confidence][] {
  return kind === '*'
    ? KINDS.flatMap(k => edgesOfKind(graph, k))
    : edgesOfKind(graph, kind);
}

function assertHas(graph: AttackGraph, fact: EdgeFact): void {
  const found = edgesOfKind(graph, fact.kind).find(
    ([from, to]) => from === fact.from && to === fact.to,
  );
  expect(found, `${fact.kind} ${fact.from} -> ${fact.to}`).toBeDefined();
  if (fact.confidence !== undefined) expect(found?.[2]).toBe(fact.confidence);
}

function assertHasNot(graph: AttackGraph, fact: EdgeFact): void {
  const found = edgesOf(graph, fact.kind).filter(
    ([from, to]) => from === fact.from && idMatches(fact.to, to),
  );
  expect(found, `${fact.kind} ${fact.from} -> ${fact.to}`).toEqual([]);
}

const ours = (facts: readonly EdgeFact[] | undefined): EdgeFact[] =>
  (facts ?? []).filter(fact => OURS.has(fact.kind));
const oursOrAny = (facts: readonly EdgeFact[] | undefined): EdgeFact[] =>
  (facts ?? []).filter(fact => OURS.has(fact.kind) || fact.kind === '*');
const label = (fact: EdgeFact): string =>
  `${fact.kind} ${fact.from} -> ${fact.to}`;

// ---- KubeHound ----

interface Scenario {
  readonly file: string;
  readonly mustHave?: readonly EdgeFact[];
  readonly mustNotHave?: readonly EdgeFact[];
  readonly exactOutgoing?: readonly {
    from: string;
    edges: readonly { to: string; kind: string }[];
  }[];
  readonly factVariants?: readonly FactVariant[];
  readonly augmented?: {
    readonly add: readonly Doc[];
    readonly mustHave?: readonly EdgeFact[];
    readonly mustNotHave?: readonly EdgeFact[];
  };
}

interface KubeHoundExpected {
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

const kh = readJson('kubehound/expected.json') as KubeHoundExpected;
const attacksDir = new URL('kubehound/attacks/', SHARED);
const attackDocs = readdirSync(attacksDir)
  .filter(file => file.endsWith('.yaml'))
  .sort()
  .flatMap(file => docsOf(readFileSync(new URL(file, attacksDir), 'utf8')));
const khNode = (ns: string, name: string): string =>
  kh.placement.overrides[`${ns}/${name}`] ?? kh.placement.default;
const khInput = (extra: readonly Doc[] = []): string =>
  toYaml([
    ...scaffoldDocs(kh.scaffold.nodes, kh.scaffold.namespaces),
    ...place([...attackDocs, ...extra], khNode),
  ]);

describe('KubeHound fixtures (full load with the scaffold)', () => {
  it('places every fixture pod on a node', async () => {
    const snapshot = await snapshotOf(khInput());
    for (const pod of snapshot.objects.Pod ?? []) {
      expect(record(pod.spec).nodeName, pod.metadata.name).toBeTypeOf('string');
    }
  });

  for (const scenario of kh.scenarios) {
    const mustHave = ours(scenario.mustHave);
    const mustNotHave = oursOrAny(scenario.mustNotHave);
    const variants = (scenario.factVariants ?? []).filter(
      v => ours(v.mustHave).length + oursOrAny(v.mustNotHave).length > 0,
    );
    const augmented = scenario.augmented;
    const augmentedFacts =
      augmented === undefined
        ? []
        : [...ours(augmented.mustHave), ...oursOrAny(augmented.mustNotHave)];
    const exact = scenario.exactOutgoing ?? [];
    if (
      mustHave.length +
        mustNotHave.length +
        variants.length +
        augmentedFacts.length +
        exact.length ===
      0
    )
      continue;

    describe(scenario.file, () => {
      if (mustHave.length > 0) {
        it.each(mustHave.map(f => [label(f), f] as const))(
          'mustHave %s',
          async (_l, fact) => {
            assertHas(await graphOf(khInput()), fact);
          },
        );
      }
      if (mustNotHave.length > 0) {
        it.each(mustNotHave.map(f => [label(f), f] as const))(
          'mustNotHave %s',
          async (_l, fact) => {
            assertHasNot(await graphOf(khInput()), fact);
          },
        );
      }
      for (const entry of exact) {
        it(`exactOutgoing ${entry.from} (escape kinds only)`, async () => {
          const graph = await graphOf(khInput());
          const actual = KINDS.flatMap(kind =>
            edgesOfKind(graph, kind)
              .filter(([from]) => from === entry.from)
              .map(([, to]) => `${kind} ${to}`),
          ).sort();
          const expected = entry.edges
            .filter(e => OURS.has(e.kind))
            .map(e => `${e.kind} ${e.to}`)
            .sort();
          expect(actual).toEqual(expected);
        });
      }
      variants.forEach((variant, i) => {
        it(`factVariant ${i} ${JSON.stringify(variant.policy)}`, async () => {
          const graph = await graphOf(khInput(), variant.policy);
          for (const fact of ours(variant.mustHave)) assertHas(graph, fact);
          for (const fact of oursOrAny(variant.mustNotHave))
            assertHasNot(graph, fact);
        });
      });
      if (augmented !== undefined && augmentedFacts.length > 0) {
        it('augmented', async () => {
          const graph = await graphOf(khInput(augmented.add));
          for (const fact of ours(augmented.mustHave)) assertHas(graph, fact);
          for (const fact of oursOrAny(augmented.mustNotHave))
            assertHasNot(graph, fact);
        });
      }
    });
  }
});

// ---- Bad Pods ----

interface BadPodsClass {
  readonly class: string;
  readonly file: string;
  readonly escapes: {
    readonly mustHave: readonly EdgeFact[];
    readonly mustNotHave: readonly EdgeFact[];
  };
  readonly otherEdges: {
    readonly mustHave: readonly EdgeFact[];
    readonly mustNotHave: readonly EdgeFact[];
  };
  readonly factVariants?: readonly FactVariant[];
  readonly augmented?: {
    readonly containerSecurityContext: Doc;
    readonly mustNotHave?: readonly EdgeFact[];
    readonly mustHave?: readonly EdgeFact[];
  };
}

const badPods = readJson('badpods/expected.json') as {
  readonly classes: readonly BadPodsClass[];
};
const WORKER = 'kubehound.test.local-worker';
const badPodsScaffold = scaffoldDocs(
  [
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: WORKER, labels: { 'kubernetes.io/hostname': WORKER } },
    },
  ],
  ['default'],
);
const badPodsFile = (file: string): Doc[] =>
  docsOf(readFileSync(new URL(`badpods/${file}`, SHARED), 'utf8'));

/** A derived copy with `securityContext` fields merged into every container. */
function withContainerSecurity(docs: readonly Doc[], extra: Doc): Doc[] {
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

const badPodsInput = (replace?: { file: string; docs: Doc[] }): string =>
  toYaml([
    ...badPodsScaffold,
    ...place(
      badPods.classes.flatMap(c =>
        replace?.file === c.file ? replace.docs : badPodsFile(c.file),
      ),
      () => WORKER,
    ),
  ]);

describe('Bad Pods classes (all eight loaded together)', () => {
  for (const entry of badPods.classes) {
    describe(entry.class, () => {
      const mustHave = [
        ...ours(entry.escapes.mustHave),
        ...ours(entry.otherEdges.mustHave),
      ];
      const mustNotHave = [
        ...oursOrAny(entry.escapes.mustNotHave),
        ...oursOrAny(entry.otherEdges.mustNotHave),
      ];
      if (mustHave.length > 0) {
        it.each(mustHave.map(f => [label(f), f] as const))(
          'mustHave %s',
          async (_l, fact) => {
            assertHas(await graphOf(badPodsInput()), fact);
          },
        );
      }
      if (mustNotHave.length > 0) {
        it.each(mustNotHave.map(f => [label(f), f] as const))(
          'mustNotHave %s',
          async (_l, fact) => {
            assertHasNot(await graphOf(badPodsInput()), fact);
          },
        );
      }
      it('emits no escape kind beyond the predicted ones', async () => {
        const graph = await graphOf(badPodsInput());
        const container =
          entry.escapes.mustHave[0]?.from ?? entry.escapes.mustNotHave[0]?.from;
        const predicted = new Set(entry.escapes.mustHave.map(f => f.kind));
        const actual = KINDS.filter(kind =>
          edgesOfKind(graph, kind).some(
            ([from, to]) => from === container && to.startsWith('Node:'),
          ),
        );
        expect(actual.sort()).toEqual([...predicted].sort());
      });
      (entry.factVariants ?? []).forEach((variant, i) => {
        it(`factVariant ${i} ${JSON.stringify(variant.policy)}`, async () => {
          const graph = await graphOf(badPodsInput(), variant.policy);
          for (const fact of ours(variant.mustHave)) assertHas(graph, fact);
          for (const fact of oursOrAny(variant.mustNotHave))
            assertHasNot(graph, fact);
        });
      });
      const augmented = entry.augmented;
      if (augmented !== undefined) {
        it(`augmented ${JSON.stringify(augmented.containerSecurityContext)}`, async () => {
          const docs = withContainerSecurity(
            badPodsFile(entry.file),
            augmented.containerSecurityContext,
          );
          const graph = await graphOf(badPodsInput({ file: entry.file, docs }));
          for (const fact of ours(augmented.mustHave)) assertHas(graph, fact);
          for (const fact of oursOrAny(augmented.mustNotHave))
            assertHasNot(graph, fact);
        });
      }
    });
  }
});
