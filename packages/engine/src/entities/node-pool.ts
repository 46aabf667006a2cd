/**
 * The nodes of the cluster (issue #17, point 1). A live cluster lists its
 * Nodes; manifests never hold any, and without nodes a privileged container
 * "escapes" to nothing. So when the input holds no Node objects:
 *
 * - the nodes the policy file names under `nodes` (with their `labels` and
 *   `taints`) are the cluster's nodes: the user described the real topology;
 * - otherwise a node pool is assumed where any pod may land: one worker
 *   standing for every worker, and a kubeadm-style control-plane node,
 *   schedulable unless the policy's `topology.controlPlane` says `tainted`,
 *   or absent when it says `managed` (the default on EKS, GKE and AKS).
 *
 * Nodes named only by a pod's `spec.nodeName` exist too, their labels unknown.
 * Labels nobody knows (assumed nodes, nodes known only by name) satisfy any
 * node selector, except the role and OS labels an assumed node does have.
 */

import type { KubeObject } from '@chokepoint/model';
import type { ControlPlaneTopology, NodeTaint, Policy } from '../policy.ts';
import { resolveProvider } from '../policy.ts';
import { asArray, asRecord } from '../predicates/json.ts';
import type { JsonRecord } from '../predicates/json.ts';
import {
  CONTROL_PLANE_LABELS,
  isControlPlaneNode,
} from '../predicates/node-facts.ts';
import { labelsOf } from '../predicates/pod-spec.ts';

export const ASSUMED_WORKER = 'assumed-worker';
export const ASSUMED_CONTROL_PLANE = 'assumed-control-plane';
export const CONTROL_PLANE_TAINT: NodeTaint = {
  key: 'node-role.kubernetes.io/control-plane',
  effect: 'NoSchedule',
};

/** Labels an assumed node is known to have or lack: selectors on them are exact. */
export const KNOWN_ASSUMED_LABELS: ReadonlySet<string> = new Set([
  'kubernetes.io/os',
  ...CONTROL_PLANE_LABELS,
]);

export interface PoolNode {
  readonly name: string;
  readonly object?: KubeObject;
  /** Stands for nodes the input does not show (an assumption of the analysis). */
  readonly assumed: boolean;
  readonly controlPlane: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly JsonRecord[];
  /**
   * The label keys whose presence or absence is known; any other key is
   * unknown and satisfies every selector. Undefined: every key is known (a
   * Node object, or a node the policy describes).
   */
  readonly knownLabels?: ReadonlySet<string>;
}

export type NodeSource = 'input' | 'policy' | 'assumed';

export interface NodePool {
  readonly nodes: readonly PoolNode[];
  readonly source: NodeSource;
  /** The assumed control plane (source `assumed`). */
  readonly controlPlane?: ControlPlaneTopology;
  readonly controlPlaneSource?: 'given' | 'derived';
}

function taintsOf(node: KubeObject): JsonRecord[] {
  return asArray(asRecord(node.spec)?.taints)
    .map(asRecord)
    .filter((t): t is JsonRecord => t !== undefined);
}

function controlPlaneOf(
  policy: Policy,
  serverVersion: string | undefined,
): { value: ControlPlaneTopology; source: 'given' | 'derived' } {
  const given = policy.topology.controlPlane;
  if (given !== undefined) return { value: given, source: 'given' };
  const provider = resolveProvider(policy, serverVersion, []).value;
  return {
    value: provider === 'other' ? 'schedulable' : 'managed',
    source: 'derived',
  };
}

export function nodePool(
  nodeObjects: readonly KubeObject[],
  nodeNames: Iterable<string>,
  policy: Policy,
  serverVersion: string | undefined,
): NodePool {
  const nodes: PoolNode[] = nodeObjects.map(object => ({
    name: object.metadata.name,
    object,
    assumed: false,
    controlPlane: isControlPlaneNode(object),
    labels: labelsOf(object),
    taints: taintsOf(object),
  }));
  const named = new Set(nodes.map(node => node.name));
  const byName = (name: string): PoolNode => ({
    name,
    assumed: false,
    controlPlane: false,
    labels: {},
    taints: [],
    knownLabels: new Set(),
  });
  if (nodeObjects.length > 0) {
    for (const name of nodeNames)
      if (!named.has(name)) {
        named.add(name);
        nodes.push(byName(name));
      }
    return { nodes, source: 'input' };
  }
  const described = Object.entries(policy.nodes);
  if (described.length > 0) {
    for (const [name, facts] of described) {
      const labels = facts.labels ?? {};
      named.add(name);
      nodes.push({
        name,
        assumed: false,
        controlPlane: CONTROL_PLANE_LABELS.some(label => label in labels),
        labels,
        taints: (facts.taints ?? []).map(taint => ({ ...taint })),
      });
    }
    for (const name of nodeNames)
      if (!named.has(name)) {
        named.add(name);
        nodes.push(byName(name));
      }
    return { nodes, source: 'policy' };
  }
  const controlPlane = controlPlaneOf(policy, serverVersion);
  for (const name of nodeNames)
    if (!named.has(name)) {
      named.add(name);
      nodes.push(byName(name));
    }
  nodes.push({
    name: ASSUMED_WORKER,
    assumed: true,
    controlPlane: false,
    labels: { 'kubernetes.io/os': 'linux' },
    taints: [],
    knownLabels: KNOWN_ASSUMED_LABELS,
  });
  if (controlPlane.value !== 'managed') {
    nodes.push({
      name: ASSUMED_CONTROL_PLANE,
      assumed: true,
      controlPlane: true,
      labels: {
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/control-plane': '',
      },
      taints:
        controlPlane.value === 'tainted' ? [{ ...CONTROL_PLANE_TAINT }] : [],
      knownLabels: KNOWN_ASSUMED_LABELS,
    });
  }
  return {
    nodes,
    source: 'assumed',
    controlPlane: controlPlane.value,
    controlPlaneSource: controlPlane.source,
  };
}
