/**
 * Every fact of shared/conformance as one test case each: its place in the
 * data (a JSON pointer, or a section of expected.md), a name built from the
 * fact, and the check. The test files run these lists; the coverage test
 * (fact-coverage.test.ts) walks the raw files independently and fails on any
 * fact whose place no case consumes, so a fact added to the data without a
 * check here, or a check that stops enumerating some key, is named.
 *
 * Graphs use the whole rule registry, as `chokepoint analyze` does, and the
 * conventions of the data are read by graph-facts.ts, not by the engine.
 */

import { readFileSync, readdirSync } from 'node:fs';
import { expect } from 'vitest';
import type { AttackGraph, Snapshot } from '@chokepoint/model';
import { resolveTargets } from '../../src/analysis/targets.ts';
import { buildGraph } from '../../src/index.ts';
import { buildSnapshotIndex } from '../../src/snapshot-index.ts';
import { runFindings } from '../../src/findings/index.ts';
import { resolvePolicy } from '../../src/policy.ts';
import { contextOf } from '../findings/finding-tester.ts';
import { snapshotOf } from '../manifests.ts';
import {
  CLUSTER_ADMIN,
  edgeMatches,
  outgoing,
  reachedTargets,
  targetPattern,
} from './graph-facts.ts';
import type { EdgeFactSpec, PathFactSpec } from './graph-facts.ts';
import {
  SHARED,
  docsOf,
  place,
  readJson,
  record,
  scaffoldDocs,
  toYaml,
  withContainerSecurity,
} from './kubehound-input.ts';
import type { Doc } from './kubehound-input.ts';

export interface ConformanceFact {
  /** `<file>#<JSON pointer>` or `<file>#<section>/<row>`: what the coverage test matches. */
  readonly place: string;
  readonly name: string;
  readonly check: () => Promise<void>;
}

// ---- inputs and graphs, each built once ----

export interface Built {
  readonly snapshot: Snapshot;
  readonly graph: AttackGraph;
  readonly policy: ReturnType<typeof resolvePolicy>['policy'];
}

const built = new Map<string, Promise<Built>>();

/** The graph of a YAML input under a policy document, with every rule. */
export function graphOf(
  yaml: string,
  policyDoc: unknown = {},
  clusterName = 'kubehound.test.local',
): Promise<Built> {
  const key = `${clusterName}\n${JSON.stringify(policyDoc)}\n${yaml}`;
  let found = built.get(key);
  if (found === undefined) {
    found = (async () => {
      const { policy, problems } = resolvePolicy(policyDoc);
      expect(problems, 'policy of the fact').toEqual([]);
      const snapshot = await snapshotOf(yaml, clusterName);
      return {
        snapshot,
        graph: buildGraph(snapshot, { policy }).graph,
        policy,
      };
    })();
    built.set(key, found);
  }
  return found;
}

// ---- fact shapes of the JSON files ----

interface EdgeFact extends EdgeFactSpec {
  readonly note?: string;
}

interface PathFact extends PathFactSpec {
  readonly note?: string;
  readonly alsoNeeds?: readonly string[];
  readonly needsDefaultRbac?: boolean;
}

interface ExactOutgoing {
  readonly from: string;
  readonly edges: readonly { readonly to: string; readonly kind: string }[];
}

interface Variant {
  readonly policy: unknown;
  readonly mustHave?: readonly EdgeFact[];
  readonly mustNotHave?: readonly EdgeFact[];
}

interface Augmented {
  readonly add: unknown;
  readonly mustHave?: readonly EdgeFact[];
  readonly mustNotHave?: readonly EdgeFact[];
}

const edgeLabel = (fact: EdgeFactSpec): string =>
  `${fact.kind} ${fact.from} -> ${targetPattern(fact)}${fact.confidence ? ` (${fact.confidence})` : ''}`;

const pathLabel = (fact: PathFactSpec): string =>
  `${fact.from} -> ${fact.to}${fact.via ? ` via ${fact.via}` : ''}`;

/** For a cluster-admin-equivalent role at cluster scope, any cluster-admin node is accepted (conventions.toRoleInScope). */
function acceptedTarget(fact: EdgeFactSpec): EdgeFactSpec {
  const r = fact.toRoleInScope;
  if (
    r?.scope === 'cluster' &&
    (r.role === '*' || r.role === 'ClusterRole:cluster-admin')
  )
    return { from: fact.from, to: CLUSTER_ADMIN, kind: fact.kind };
  return fact;
}

export function assertHas(graph: AttackGraph, fact: EdgeFactSpec): void {
  let found = edgeMatches(graph, fact);
  if (found.length === 0) found = edgeMatches(graph, acceptedTarget(fact));
  expect(found, `edge ${edgeLabel(fact)}`).not.toEqual([]);
  if (fact.confidence !== undefined) {
    const best = found.map(m => m.confidence);
    expect(
      best.includes(fact.confidence) ? fact.confidence : best,
      `confidence of ${edgeLabel(fact)}`,
    ).toBe(fact.confidence);
  }
}

export function assertHasNot(graph: AttackGraph, fact: EdgeFactSpec): void {
  expect(edgeMatches(graph, fact), `no edge ${edgeLabel(fact)}`).toEqual([]);
  if (fact.toRoleInScope !== undefined)
    expect(edgeMatches(graph, acceptedTarget(fact))).toEqual([]);
}

export function assertReaches(graph: AttackGraph, fact: PathFactSpec): void {
  expect(
    reachedTargets(graph, fact),
    `reachable ${pathLabel(fact)}`,
  ).not.toEqual([]);
}

export function assertReachesNot(graph: AttackGraph, fact: PathFactSpec): void {
  expect(
    reachedTargets(graph, fact),
    `not reachable ${pathLabel(fact)}`,
  ).toEqual([]);
}

const asDocs = (add: unknown): Doc[] =>
  (Array.isArray(add) ? add : [add]).map(record);

// ---- KubeHound ----

export const KUBEHOUND = 'kubehound/expected.json';

interface Scenario {
  readonly file: string;
  readonly mustHave?: readonly EdgeFact[];
  readonly mustNotHave?: readonly EdgeFact[];
  readonly reachable?: readonly PathFact[];
  readonly notReachable?: readonly PathFact[];
  readonly exactOutgoing?: readonly ExactOutgoing[];
  readonly mayHave?: readonly EdgeFact[];
  readonly factVariants?: readonly Variant[];
  readonly augmented?: Augmented;
  readonly augmentedInvalidToken?: Augmented;
  readonly findingsExpected?: readonly string[];
  readonly roleInScopeTargets?: readonly {
    readonly id: string;
    readonly role: string;
    readonly scope: string;
  }[];
  readonly optionalMemberships?: {
    readonly memberships: Readonly<Record<string, readonly string[]>>;
  };
}

interface KubeHoundFile {
  readonly cluster: {
    readonly nodes: readonly {
      readonly id: string;
      readonly criticalByDefault: boolean;
    }[];
  };
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

const kh = readJson(KUBEHOUND) as KubeHoundFile;
const ATTACKS = new URL('kubehound/attacks/', SHARED);
const attackDocs = (file: string): Doc[] =>
  docsOf(readFileSync(new URL(file, ATTACKS), 'utf8'));
const ATTACK_FILES = readdirSync(ATTACKS)
  .filter(f => f.endsWith('.yaml'))
  .sort();
const khNodeOf = (ns: string, name: string): string =>
  kh.placement.overrides[`${ns}/${name}`] ?? kh.placement.default;

/** The scaffold, then the given fixture files and extra objects, pods placed. */
export function kubehoundYaml(
  files: readonly string[] = ATTACK_FILES,
  extra: readonly Doc[] = [],
): string {
  return toYaml([
    ...scaffoldDocs(kh.scaffold.nodes, kh.scaffold.namespaces),
    ...place([...files.flatMap(attackDocs), ...extra], khNodeOf),
  ]);
}

const FULL = kubehoundYaml();
const full = (policy: unknown = {}) => graphOf(FULL, policy);

/**
 * Findings named by `findingsExpected`, by their text: the check that
 * reports it and a fragment of the primary object's id.
 */
const FINDINGS_BY_TEXT: Readonly<Record<string, readonly [string, string]>> = {
  hostNetwork: ['F-POD-HOSTNS', 'default/netadmin-pod'],
  'added capability NET_ADMIN': ['F-POD-CAPS', 'default/netadmin-pod'],
  'root / no runAsUser': ['F-POD-ROOT', 'default/netadmin-pod'],
  'impersonate rule in a namespaced Role (F-RBAC-IMPERSONATE: an impersonate grant, inert here)':
    ['F-RBAC-IMPERSONATE', 'Role:default/'],
  'rule that matches nothing: cluster-scoped users/groups in a Role (F-RBAC-INERT)':
    ['F-RBAC-INERT', 'Role:default/'],
};

export async function assertFinding(
  input: Promise<Built>,
  check: string,
  object: string,
): Promise<void> {
  const { snapshot, policy } = await input;
  const records = runFindings(contextOf(snapshot, policy)).filter(
    r => r.check === check,
  );
  expect(
    records.filter(r => r.objects.some(o => o.includes(object))),
    `${check} on ${object} among ${JSON.stringify(records.map(r => r.id))}`,
  ).not.toEqual([]);
}

function edgeFacts(
  at: string,
  facts: readonly EdgeFact[] | undefined,
  prefix: string,
  input: () => Promise<Built>,
  present: boolean,
): ConformanceFact[] {
  return (facts ?? []).map((fact, i) => ({
    place: `${at}/${String(i)}`,
    name: `${prefix} ${edgeLabel(fact)}`,
    check: async () => {
      const { graph } = await input();
      if (present) assertHas(graph, fact);
      else assertHasNot(graph, fact);
    },
  }));
}

const sameEdge = (a: EdgeFactSpec, b: EdgeFactSpec) =>
  a.from === b.from &&
  a.kind === b.kind &&
  targetPattern(a) === targetPattern(b);

function scenarioFacts(scenario: Scenario, index: number): ConformanceFact[] {
  const at = `${KUBEHOUND}#/scenarios/${String(index)}`;
  const file = scenario.file;
  const facts: ConformanceFact[] = [
    ...edgeFacts(
      `${at}/mustHave`,
      scenario.mustHave,
      `${file} mustHave`,
      full,
      true,
    ),
    ...edgeFacts(
      `${at}/mustNotHave`,
      scenario.mustNotHave,
      `${file} mustNotHave`,
      full,
      false,
    ),
  ];
  // Reachable facts without alsoNeeds also hold on the scenario's file
  // alone (conventions.loading). mustHave facts carry no alsoNeeds although
  // many target objects of other files (POD_EXEC to every pod), so they are
  // asserted on the full load only.
  const alone = () => graphOf(kubehoundYaml([file]));
  (scenario.reachable ?? []).forEach((fact, i) => {
    facts.push({
      place: `${at}/reachable/${String(i)}`,
      name: `${file} reachable ${pathLabel(fact)}`,
      check: async () => {
        assertReaches((await full()).graph, fact);
      },
    });
    if (fact.alsoNeeds === undefined)
      facts.push({
        place: `${at}/reachable/${String(i)}`,
        name: `${file} alone: reachable ${pathLabel(fact)}`,
        check: async () => {
          assertReaches((await alone()).graph, fact);
        },
      });
  });
  (scenario.notReachable ?? []).forEach((fact, i) => {
    facts.push({
      place: `${at}/notReachable/${String(i)}`,
      name: `${file} notReachable ${pathLabel(fact)}`,
      check: async () => {
        assertReachesNot((await full()).graph, fact);
      },
    });
  });
  (scenario.exactOutgoing ?? []).forEach((entry, i) => {
    facts.push({
      place: `${at}/exactOutgoing/${String(i)}`,
      name: `${file} exactOutgoing ${entry.from}: ${entry.edges.map(e => `${e.kind} ${e.to}`).join(', ')}`,
      check: async () => {
        expect(outgoing((await full()).graph, entry.from)).toEqual(
          entry.edges.map(e => `${e.kind} ${e.to}`).sort(),
        );
      },
    });
  });
  (scenario.mayHave ?? []).forEach((fact, i) => {
    // Setting-dependent: the factVariant that lists it says when it appears.
    const variant = (scenario.factVariants ?? []).find(v =>
      (v.mustHave ?? []).some(f => sameEdge(f, fact)),
    );
    facts.push({
      place: `${at}/mayHave/${String(i)}`,
      name: `${file} mayHave ${edgeLabel(fact)}: absent under the defaults, present under ${JSON.stringify(variant?.policy)}`,
      check: async () => {
        expect(variant, 'a factVariant that turns it on').toBeDefined();
        assertHasNot((await full()).graph, fact);
        assertHas((await full(variant?.policy)).graph, fact);
      },
    });
  });
  (scenario.factVariants ?? []).forEach((variant, v) => {
    const policy = JSON.stringify(variant.policy);
    const input = () => full(variant.policy);
    facts.push(
      ...edgeFacts(
        `${at}/factVariants/${String(v)}/mustHave`,
        variant.mustHave,
        `${file} factVariant ${policy} mustHave`,
        input,
        true,
      ),
      ...edgeFacts(
        `${at}/factVariants/${String(v)}/mustNotHave`,
        variant.mustNotHave,
        `${file} factVariant ${policy} mustNotHave`,
        input,
        false,
      ),
    );
  });
  for (const key of ['augmented', 'augmentedInvalidToken'] as const) {
    const augmented = scenario[key];
    if (augmented === undefined) continue;
    const input = () =>
      graphOf(kubehoundYaml(ATTACK_FILES, asDocs(augmented.add)));
    facts.push(
      ...edgeFacts(
        `${at}/${key}/mustHave`,
        augmented.mustHave,
        `${file} ${key} mustHave`,
        input,
        true,
      ),
      ...edgeFacts(
        `${at}/${key}/mustNotHave`,
        augmented.mustNotHave,
        `${file} ${key} mustNotHave`,
        input,
        false,
      ),
    );
  }
  (scenario.findingsExpected ?? []).forEach((text, i) => {
    facts.push({
      place: `${at}/findingsExpected/${String(i)}`,
      name: `${file} finding: ${text}`,
      check: async () => {
        const known = FINDINGS_BY_TEXT[text];
        expect(known, `a finding check for "${text}"`).toBeDefined();
        await assertFinding(full(), known?.[0] ?? '', known?.[1] ?? '');
      },
    });
  });
  (scenario.roleInScopeTargets ?? []).forEach((target, i) => {
    facts.push({
      place: `${at}/roleInScopeTargets/${String(i)}`,
      name: `${file} ROLE_BIND target ${target.id}`,
      check: async () => {
        const { graph } = await full();
        expect(graph.hasNode(target.id), target.id).toBe(true);
        expect(graph.getNodeAttribute(target.id, 'props')).toMatchObject({
          role: target.role,
          scope: target.scope,
        });
        // It is a ROLE_BIND target, as the scenario says.
        expect(
          graph
            .inEdges(target.id)
            .some(e => graph.getEdgeAttribute(e, 'kind') === 'ROLE_BIND'),
        ).toBe(true);
      },
    });
  });
  const memberships = scenario.optionalMemberships?.memberships ?? {};
  for (const [user, groups] of Object.entries(memberships)) {
    facts.push({
      place: `${at}/optionalMemberships/memberships/${user}`,
      name: `${file} optional membership ${user} -> ${groups.join(', ')}`,
      check: async () => {
        const { graph } = await full({ memberships });
        for (const group of [...groups, 'Group:system:authenticated'])
          assertHas(graph, { from: user, to: group, kind: 'MEMBER_OF' });
      },
    });
  }
  return facts;
}

/** The scaffold's nodes: the control plane is a critical asset by default, the workers are not. */
const nodeFacts = (): ConformanceFact[] =>
  kh.cluster.nodes.map((n, i) => ({
    place: `${KUBEHOUND}#/cluster/nodes/${String(i)}`,
    name: `cluster node ${n.id}: ${n.criticalByDefault ? 'critical' : 'not critical'} by default`,
    check: async () => {
      const { graph, snapshot, policy } = await full();
      expect(graph.hasNode(n.id), n.id).toBe(true);
      const critical = resolveTargets(
        graph,
        buildSnapshotIndex(snapshot, policy),
      ).criticalAssets;
      expect(critical.includes(n.id), n.id).toBe(n.criticalByDefault);
    },
  }));

export const kubehoundFacts = (): ConformanceFact[] => [
  ...nodeFacts(),
  ...kh.scenarios.flatMap(scenarioFacts),
];

// ---- Bad Pods ----

export const BADPODS = 'badpods/expected.json';

interface BadPodsClass {
  readonly class: string;
  readonly file: string;
  readonly container: string;
  readonly escapes: {
    readonly mustHave: readonly EdgeFact[];
    readonly mayHave: readonly EdgeFact[];
    readonly mustNotHave: readonly EdgeFact[];
  };
  readonly otherEdges: {
    readonly mustHave: readonly EdgeFact[];
    readonly mustNotHave: readonly EdgeFact[];
  };
  readonly predictedEscapeKinds: readonly string[];
  readonly factVariants?: readonly Variant[];
  readonly augmented?: {
    readonly containerSecurityContext: Doc;
    readonly mustHave?: readonly EdgeFact[];
    readonly mustNotHave?: readonly EdgeFact[];
  };
}

const bp = readJson(BADPODS) as {
  readonly classes: readonly BadPodsClass[];
  readonly summary: Readonly<Record<string, readonly string[]>>;
};
const WORKER = 'kubehound.test.local-worker';
const badPodsFile = (file: string): Doc[] =>
  docsOf(readFileSync(new URL(`badpods/${file}`, SHARED), 'utf8'));

/** One worker, namespace default and its ServiceAccount. */
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

/** The scaffold, then the eight manifests (one replaced), placed. */
function badPodsYaml(replace?: { file: string; docs: Doc[] }): string {
  return toYaml([
    ...badPodsScaffold,
    ...place(
      bp.classes.flatMap(c =>
        replace?.file === c.file ? replace.docs : badPodsFile(c.file),
      ),
      () => WORKER,
    ),
  ]);
}

/** The scaffold and one manifest. */
const aloneYaml = (file: string): string =>
  toYaml([...badPodsScaffold, ...place(badPodsFile(file), () => WORKER)]);

const allBadPods = (policy: unknown = {}) => graphOf(badPodsYaml(), policy);

/** The kinds of the edges from a container to a Node. */
function escapeKinds(graph: AttackGraph, container: string): string[] {
  const kinds = new Set<string>();
  graph.forEachOutEdge(container, (_e, attributes, _s, target) => {
    if (target.startsWith('Node:')) kinds.add(attributes.kind);
  });
  return [...kinds].sort();
}

function classFacts(entry: BadPodsClass, index: number): ConformanceFact[] {
  const at = `${BADPODS}#/classes/${String(index)}`;
  const name = entry.class;
  const facts: ConformanceFact[] = [
    ...(
      [
        ['escapes', 'mustHave', true],
        ['escapes', 'mustNotHave', false],
        ['otherEdges', 'mustHave', true],
        ['otherEdges', 'mustNotHave', false],
      ] as const
    ).flatMap(([group, key, present]) =>
      edgeFacts(
        `${at}/${group}/${key}`,
        entry[group][key as 'mustHave'],
        `${name} ${group} ${key}`,
        allBadPods,
        present,
      ),
    ),
    // One manifest alone gives the same escapes.
    ...edgeFacts(
      `${at}/escapes/mustHave`,
      entry.escapes.mustHave,
      `${name} alone: escapes mustHave`,
      () => graphOf(aloneYaml(entry.file)),
      true,
    ),
    {
      place: `${at}/predictedEscapeKinds`,
      name: `${name} predictedEscapeKinds: exactly [${entry.predictedEscapeKinds.join(', ')}]`,
      check: async () => {
        expect(
          escapeKinds((await allBadPods()).graph, entry.container),
        ).toEqual([...entry.predictedEscapeKinds].sort());
      },
    },
  ];
  entry.escapes.mayHave.forEach((fact, i) => {
    facts.push({
      place: `${at}/escapes/mayHave/${String(i)}`,
      name: `${name} escapes mayHave ${edgeLabel(fact)}`,
      check: () => {
        throw new Error(
          `no check for the setting-dependent Bad Pods edge ${edgeLabel(fact)}: add one`,
        );
      },
    });
  });
  (entry.factVariants ?? []).forEach((variant, v) => {
    const policy = JSON.stringify(variant.policy);
    const input = () => allBadPods(variant.policy);
    facts.push(
      ...edgeFacts(
        `${at}/factVariants/${String(v)}/mustHave`,
        variant.mustHave,
        `${name} factVariant ${policy} mustHave`,
        input,
        true,
      ),
      ...edgeFacts(
        `${at}/factVariants/${String(v)}/mustNotHave`,
        variant.mustNotHave,
        `${name} factVariant ${policy} mustNotHave`,
        input,
        false,
      ),
    );
  });
  const augmented = entry.augmented;
  if (augmented !== undefined) {
    const input = () =>
      graphOf(
        badPodsYaml({
          file: entry.file,
          docs: withContainerSecurity(
            badPodsFile(entry.file),
            augmented.containerSecurityContext,
          ),
        }),
      );
    const context = JSON.stringify(augmented.containerSecurityContext);
    facts.push(
      ...edgeFacts(
        `${at}/augmented/mustHave`,
        augmented.mustHave,
        `${name} augmented ${context} mustHave`,
        input,
        true,
      ),
      ...edgeFacts(
        `${at}/augmented/mustNotHave`,
        augmented.mustNotHave,
        `${name} augmented ${context} mustNotHave`,
        input,
        false,
      ),
    );
  }
  return facts;
}

export const badPodsFacts = (): ConformanceFact[] => [
  ...bp.classes.flatMap(classFacts),
  ...Object.entries(bp.summary).map(([name, kinds]) => ({
    place: `${BADPODS}#/summary/${name}`,
    name: `summary ${name}: [${kinds.join(', ')}]`,
    check: async () => {
      const entry = bp.classes.find(c => c.class === name);
      expect(entry, `class ${name}`).toBeDefined();
      expect(
        escapeKinds((await allBadPods()).graph, entry?.container ?? ''),
      ).toEqual([...kinds].sort());
    },
  })),
];
