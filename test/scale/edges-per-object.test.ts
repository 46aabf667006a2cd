/**
 * No N×M fan-out (engine issue, point 3): a 100k-pod cluster with
 * cluster-wide grants (monitoring with nodes/proxy and pod reads, CI
 * deploying everywhere, auditors reading every Secret, cluster-admins) builds
 * an attack graph whose edge count stays near-linear in the objects. Counted
 * per object, and per node for the permission holders and scopes that would
 * otherwise fan out to every pod. Timing is the benchmark's job
 * (scripts/bench.ts), not this test's.
 */

import { describe, expect, it } from 'vitest';
import { generateCluster } from '@chokepoint/collector';
import { buildGraph } from '@chokepoint/engine';
import { countObjects } from '@chokepoint/model';

describe('edges per object at 100k pods', () => {
  it('stays near-linear: no holder or scope fans out to every pod', () => {
    const snapshot = generateCluster({
      pods: 100_000,
      seed: 1,
      tool: 'test',
      now: () => new Date(0),
    });
    const { graph, index } = buildGraph(snapshot);
    const objects = countObjects(snapshot);
    const namespaces = index.namespaces.size;
    const nodes = index.nodes.size;

    // Every pod has a handful of structural and per-container edges; a fan-out
    // of even one cluster-wide grant per holder would add millions.
    expect(graph.size / objects).toBeLessThan(8);

    let widestHolder = 0;
    let widestScope = 0;
    let largestNamespace = 0;
    for (const ns of index.namespaces.keys())
      largestNamespace = Math.max(
        largestNamespace,
        index.workloadsInNamespace(ns).length,
      );
    graph.forEachNode((id, attributes) => {
      const out = graph.outDegree(id);
      if (
        attributes.kind === 'PermissionSet' ||
        attributes.kind === 'RoleInScope'
      )
        widestHolder = Math.max(widestHolder, out);
      if (attributes.kind === 'Scope') widestScope = Math.max(widestScope, out);
    });
    // A holder reaches at most one scope per namespace and per node and kind of target, never each pod.
    expect(widestHolder).toBeLessThan(8 * (namespaces + nodes));
    expect(widestHolder).toBeLessThan(index.workloads.length / 4);
    // A scope holds the members of one namespace or one node, or one entry per namespace or node.
    expect(widestScope).toBeLessThanOrEqual(
      Math.max(largestNamespace * 4, namespaces, nodes) + 1,
    );
  }, 600_000);
});
