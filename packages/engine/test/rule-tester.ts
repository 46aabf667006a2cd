/**
 * Table-driven rule tests (architecture.md section 4, after typescript-eslint's
 * RuleTester): `valid` cases must produce no edge of the rule's kind,
 * `invalid` cases list the exact edges expected.
 *
 * Edges are compared at identity level, as conformance expectations are
 * written (conformance README, `edgeFact`): an edge leaving a permission
 * holder counts as leaving each identity that GRANTS into it, and an edge
 * into a Scope node counts as reaching each of its members.
 */

import { describe, expect, it } from 'vitest';
import type { AttackGraph, Confidence, RuleEdgeKind } from '@chokepoint/model';
import { buildAttackGraph } from '../src/build-graph.ts';
import type { RuleSet } from '../src/build-graph.ts';
import { resolvePolicy } from '../src/policy.ts';
import type { Rule } from '../src/rules/define-rule.ts';
import { BASE, snapshotOf } from './manifests.ts';

export interface RuleCase {
  readonly name: string;
  /** Kubernetes YAML; BASE (a Linux node `worker-1`, namespace default) is prepended unless `bare`. */
  readonly manifests: string;
  readonly bare?: boolean;
  /** A policy document (catalog 2.9), as a parsed YAML or JSON file would be. */
  readonly policy?: unknown;
  /** Other rules the case needs (their edges are not compared). */
  readonly with?: RuleSet;
}

export interface InvalidCase extends RuleCase {
  /** Exactly the edges expected: [from, to] or [from, to, confidence]. */
  readonly edges: readonly (
    readonly [string, string] | readonly [string, string, Confidence]
  )[];
}

export interface RuleTable {
  readonly valid: readonly RuleCase[];
  readonly invalid: readonly InvalidCase[];
}

/** Edges of `kind` as identity-level [from, to, confidence] triples, sorted. */
export function edgesOfKind(
  graph: AttackGraph,
  kind: string,
): [string, string, Confidence][] {
  const sources = (node: string): string[] => {
    const granted = graph
      .inEdges(node)
      .filter(e => graph.getEdgeAttribute(e, 'kind') === 'GRANTS');
    return granted.length === 0 ? [node] : granted.map(e => graph.source(e));
  };
  // A Scope member reached at lower confidence (an inferred ServiceAccount) lowers the edge's.
  const targets = (
    node: string,
    confidence: Confidence,
  ): [string, Confidence][] => {
    if (graph.getNodeAttribute(node, 'kind') !== 'Scope')
      return [[node, confidence]];
    return graph
      .outEdges(node)
      .filter(e => graph.getEdgeAttribute(e, 'kind') === 'INCLUDES')
      .flatMap(e =>
        targets(
          graph.target(e),
          lower(confidence, graph.getEdgeAttribute(e, 'confidence')),
        ),
      );
  };
  const out = new Map<string, [string, string, Confidence]>();
  graph.forEachEdge((_key, attributes, from, to) => {
    if (attributes.kind !== kind) return;
    for (const source of sources(from)) {
      for (const [target, confidence] of targets(to, attributes.confidence)) {
        const key = `${source}|${target}`;
        const seen = out.get(key);
        if (seen === undefined || rank(confidence) > rank(seen[2])) {
          out.set(key, [source, target, confidence]);
        }
      }
    }
  });
  return [...out.values()].sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1));
}

function lower(a: Confidence, b: Confidence): Confidence {
  return rank(a) <= rank(b) ? a : b;
}

function rank(confidence: Confidence): number {
  return ['low', 'medium', 'high'].indexOf(confidence);
}

export async function graphFor(
  rule: Rule,
  testCase: RuleCase,
): Promise<AttackGraph> {
  const snapshot = await snapshotOf(
    testCase.bare ? testCase.manifests : `${BASE}---\n${testCase.manifests}`,
  );
  const { policy, problems } = resolvePolicy(testCase.policy ?? {});
  expect(problems, 'policy problems').toEqual([]);
  const rules: RuleSet = { ...testCase.with, [rule.kind]: rule };
  return buildAttackGraph(snapshot, rules, { policy }).graph;
}

export function ruleTester<K extends RuleEdgeKind>(
  rule: Rule<K>,
  table: RuleTable,
): void {
  describe(rule.kind, () => {
    // MEMBER_OF has no valid case once an input without Nodes gets the
    // kubelets of the assumed node pool: an empty describe would fail.
    if (table.valid.length > 0)
      describe('valid: produces no edge', () => {
        it.each(table.valid.map(c => [c.name, c] as const))(
          '%s',
          async (_name, testCase) => {
            expect(
              edgesOfKind(await graphFor(rule, testCase), rule.kind),
            ).toEqual([]);
          },
        );
      });
    describe('invalid: produces exactly these edges', () => {
      it.each(table.invalid.map(c => [c.name, c] as const))(
        '%s',
        async (_name, testCase) => {
          const edges = edgesOfKind(await graphFor(rule, testCase), rule.kind);
          const withConfidence = testCase.edges.some(e => e.length === 3);
          const actual = withConfidence
            ? edges
            : edges.map(([from, to]) => [from, to]);
          const expected = testCase.edges.map(e =>
            withConfidence && e.length === 2 ? [...e, 'high'] : [...e],
          );
          expect(actual).toEqual(
            [...expected].sort((a, b) =>
              String(a[0]) + String(a[1]) < String(b[0]) + String(b[1])
                ? -1
                : 1,
            ),
          );
        },
      );
    });
  });
}
