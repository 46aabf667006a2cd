/**
 * Evaluation of the edge facts of shared/conformance (conformance README,
 * `edgeFact`) for the group tests: `mustHave` / `mustNotHave` checks limited
 * to the kinds a group runs, trailing-`*` id wildcards and the `*` kind, and
 * the identity-level view that routes edges through GRANTS and Scope nodes.
 * One evaluator, so every group reads the conventions the same way.
 */

import { expect } from 'vitest';
import type { AttackGraph, Confidence, RuleEdgeKind } from '@chokepoint/model';
import { buildAttackGraph } from '../../src/build-graph.ts';
import type { RuleSet } from '../../src/build-graph.ts';
import { resolvePolicy } from '../../src/policy.ts';
import { snapshotOf } from '../manifests.ts';
import { edgesOfKind } from '../rule-tester.ts';

export interface EdgeFact {
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly confidence?: Confidence;
  readonly note?: string;
}

/** Facts that hold under another policy document. */
export interface FactVariant {
  readonly policy: unknown;
  readonly mustHave?: readonly EdgeFact[];
  readonly mustNotHave?: readonly EdgeFact[];
}

/** A fact whose target may be a role in a scope (conventions.edgeFact). */
export interface IdentityFact {
  readonly from: string;
  readonly to?: string;
  readonly toRoleInScope?: { readonly role: string; readonly scope: string };
  readonly kind: string;
  readonly confidence?: Confidence;
}

/** A trailing `*` in a pattern matches any rest of the id. */
export function idMatches(pattern: string, id: string): boolean {
  return pattern.endsWith('*')
    ? id.startsWith(pattern.slice(0, -1))
    : pattern === id;
}

export const label = (fact: EdgeFact): string =>
  `${fact.kind} ${fact.from} -> ${fact.to}`;

/** Graphs of these rules by input and policy document, each built once. */
export function graphCache(
  rules: RuleSet,
  clusterName = 'kubehound.test.local',
): (yaml: string, policyDoc?: unknown) => Promise<AttackGraph> {
  const graphs = new Map<string, Promise<AttackGraph>>();
  return (yaml, policyDoc = {}) => {
    const key = `${JSON.stringify(policyDoc)}\n${yaml}`;
    let graph = graphs.get(key);
    if (graph === undefined) {
      graph = (async () => {
        const { policy, problems } = resolvePolicy(policyDoc);
        expect(problems).toEqual([]);
        const snapshot = await snapshotOf(yaml, clusterName);
        return buildAttackGraph(snapshot, rules, { policy }).graph;
      })();
      graphs.set(key, graph);
    }
    return graph;
  };
}

export interface EdgeFactChecks {
  /** The facts of our kinds. */
  readonly ours: (facts: readonly EdgeFact[] | undefined) => EdgeFact[];
  /** The facts of our kinds or of the wildcard kind `*`. */
  readonly oursOrAny: (facts: readonly EdgeFact[] | undefined) => EdgeFact[];
  /** The edge exists, with the fact's confidence when it names one. */
  readonly assertHas: (graph: AttackGraph, fact: EdgeFact) => void;
  /** No edge of the kind (any of ours for `*`) to a matching id. */
  readonly assertHasNot: (graph: AttackGraph, fact: EdgeFact) => void;
}

/** mustHave / mustNotHave checks for a group that runs these kinds. */
export function edgeFactChecks(kinds: readonly RuleEdgeKind[]): EdgeFactChecks {
  const known = new Set<string>(kinds);
  return {
    ours: facts => (facts ?? []).filter(f => known.has(f.kind)),
    oursOrAny: facts =>
      (facts ?? []).filter(f => known.has(f.kind) || f.kind === '*'),
    assertHas(graph, fact) {
      const found = edgesOfKind(graph, fact.kind).find(
        ([from, to]) => from === fact.from && to === fact.to,
      );
      expect(found, label(fact)).toBeDefined();
      if (fact.confidence !== undefined)
        expect(found?.[2]).toBe(fact.confidence);
    },
    assertHasNot(graph, fact) {
      const found = (fact.kind === '*' ? kinds : [fact.kind]).flatMap(kind =>
        edgesOfKind(graph, kind)
          .filter(([from, to]) => from === fact.from && idMatches(fact.to, to))
          .map(edge => [kind, ...edge]),
      );
      expect(found, label(fact)).toEqual([]);
    },
  };
}

/** Edges of these kinds as [from, to, confidence, kind]. */
export function edgesOfKinds(
  graph: AttackGraph,
  kinds: readonly string[],
): [string, string, Confidence, string][] {
  return kinds.flatMap(kind =>
    edgesOfKind(graph, kind).map(
      ([from, to, c]) =>
        [from, to, c, kind] as [string, string, Confidence, string],
    ),
  );
}

/** Identity-level edges of a kind (conventions.edgeFact): GRANTS before, INCLUDES after. */
export function factEdges(
  graph: AttackGraph,
  kind: string,
): Map<string, Confidence> {
  const sources = (node: string): string[] => {
    const granted = graph
      .inEdges(node)
      .filter(e => graph.getEdgeAttribute(e, 'kind') === 'GRANTS');
    return [node, ...granted.map(e => graph.source(e))];
  };
  const targets = (node: string): string[] => {
    if (graph.getNodeAttribute(node, 'kind') !== 'Scope') return [node];
    return graph
      .outEdges(node)
      .filter(e => graph.getEdgeAttribute(e, 'kind') === 'INCLUDES')
      .flatMap(e => targets(graph.target(e)));
  };
  const order: Confidence[] = ['low', 'medium', 'high'];
  const out = new Map<string, Confidence>();
  graph.forEachEdge((_key, attributes, from, to) => {
    if (attributes.kind !== kind) return;
    for (const source of sources(from)) {
      for (const target of targets(to)) {
        const key = `${source}|${target}`;
        const seen = out.get(key);
        if (
          seen === undefined ||
          order.indexOf(attributes.confidence) > order.indexOf(seen)
        ) {
          out.set(key, attributes.confidence);
        }
      }
    }
  });
  return out;
}

/** The target id of a fact: its role in scope, its `to`, or `*`. */
export function targetOf(fact: IdentityFact): string {
  if (fact.toRoleInScope !== undefined)
    return `RoleInScope:${fact.toRoleInScope.role}@${fact.toRoleInScope.scope}`;
  return fact.to ?? '*';
}

/** The identity-level edges matching a fact, as [`<kind> <target>`, confidence]; `*` stands for `kinds`. */
export function matchingFacts(
  graph: AttackGraph,
  fact: IdentityFact,
  kinds: readonly string[],
): [string, Confidence][] {
  const to = targetOf(fact);
  const out: [string, Confidence][] = [];
  for (const kind of fact.kind === '*' ? kinds : [fact.kind]) {
    for (const [key, confidence] of factEdges(graph, kind)) {
      const [from = '', target = ''] = key.split('|');
      if (from !== fact.from) continue;
      if (idMatches(to, target)) out.push([`${kind} ${target}`, confidence]);
    }
  }
  return out;
}
