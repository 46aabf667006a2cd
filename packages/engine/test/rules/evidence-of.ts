/**
 * The evidence a rule gives one edge (catalog 3.0): the reason, objects,
 * fields, permissions, facts and extras a report and the viewer show. The
 * rule tables compare edges and confidence; rule tests use this to compare
 * what the user reads about an edge too.
 */

import type { Rule } from '../../src/rules/define-rule.ts';
import { graphFor, type RuleCase } from '../rule-tester.ts';

/**
 * The evidence of the rule's edge `from` -> `to`, or undefined. `from` is
 * the edge's source or, as in the rule tables, an identity that GRANTS into
 * it (a permission holder).
 */
export async function evidenceOf(
  rule: Rule,
  testCase: Omit<RuleCase, 'name'>,
  from: string,
  to: string,
): Promise<unknown> {
  const graph = await graphFor(rule, { name: '', ...testCase });
  const sources = [
    from,
    ...graph
      .outEdges(from)
      .filter(e => graph.getEdgeAttribute(e, 'kind') === 'GRANTS')
      .map(e => graph.target(e)),
  ];
  const edge = sources
    .flatMap(source => graph.edges(source, to))
    .find(e => graph.getEdgeAttribute(e, 'kind') === rule.kind);
  return edge === undefined
    ? undefined
    : graph.getEdgeAttribute(edge, 'evidence');
}
