/**
 * What the container findings of catalog 6 ask of one running container,
 * answered once per container and snapshot with the shared predicates of
 * catalog 2: effective settings (2.1), Root (2.2) on each node it runs or may
 * run on, and whether it is a Linux container. Unlike the escape subjects of
 * the Container -> Node rules, a container on no known node (manifest input
 * without Nodes, an unscheduled pod, a stand-in without candidate nodes) is
 * judged on the default node facts (2.8): findings are about the spec and
 * must not vanish when the input holds no Node.
 */

import type { NodeFacts } from '../../predicates/node-facts.ts';
import { nodeFactsOf } from '../../predicates/node-facts.ts';
import {
  effectiveSecurity,
  isWindowsContainer,
} from '../../predicates/effective-security.ts';
import type { EffectiveSecurity } from '../../predicates/effective-security.ts';
import { rootOf } from '../../predicates/root.ts';
import type { RootResult } from '../../predicates/root.ts';
import type { ContainerInfo, SnapshotIndex } from '../../snapshot-index.ts';
import type { FindingContext } from '../define-finding.ts';

export interface ContainerFacts {
  readonly security: EffectiveSecurity;
  /** Facts of each node the container runs or may run on; the defaults when none is known. */
  readonly nodes: readonly NodeFacts[];
  /** Root(c) per entry of `nodes`. */
  readonly roots: readonly RootResult[];
  /** Root on some node: the first such result, else the first result. */
  readonly root: RootResult;
  /** `runAsUser: 0` with `runAsNonRoot: true`: the kubelet never starts it (2.2). */
  readonly neverStarts: boolean;
  /** A Linux container on a Linux node: the Linux settings apply. */
  readonly linux: boolean;
}

const defaults = new WeakMap<SnapshotIndex, NodeFacts>();
// Per context (one index): a container's info is shared by the indexes of
// snapshots that keep its pod (snapshot-index.ts), and its facts depend on
// the nodes. The facts go with the run's context, not with the index the
// analysis keeps for the graph build (100k containers' facts).
const caches = new WeakMap<
  FindingContext,
  WeakMap<ContainerInfo, ContainerFacts>
>();

/** Node facts of a node the input does not show (catalog 2.8 defaults and policy). */
export function defaultNodeFacts(index: SnapshotIndex): NodeFacts {
  let facts = defaults.get(index);
  if (facts === undefined) {
    facts = nodeFactsOf(
      undefined,
      { policy: index.policy, serverVersion: index.serverVersion },
      '',
    );
    defaults.set(index, facts);
  }
  return facts;
}

/** The facts of the nodes a workload runs or may run on (never empty). */
export function workloadNodeFacts(
  ctx: FindingContext,
  nodes: readonly string[],
): readonly NodeFacts[] {
  const out: NodeFacts[] = [];
  for (const name of nodes) {
    const node = ctx.index.nodes.get(name);
    if (node !== undefined) out.push(node.facts);
  }
  if (out.length === 0) out.push(defaultNodeFacts(ctx.index));
  return out;
}

export function containerFacts(
  ctx: FindingContext,
  container: ContainerInfo,
): ContainerFacts {
  let cache = caches.get(ctx);
  if (cache === undefined) caches.set(ctx, (cache = new WeakMap()));
  const cached = cache.get(container);
  if (cached !== undefined) return cached;
  const pod = container.workload.spec;
  const spec = container.view.spec;
  const security = effectiveSecurity(pod, spec);
  const nodes = workloadNodeFacts(ctx, container.workload.nodes);
  const roots = nodes.map(node =>
    rootOf({ pod, container: spec, security, node, policy: ctx.policy }),
  );
  const first = roots[0];
  if (first === undefined) throw new Error('container-facts: no node facts');
  const root = roots.find(r => r.root) ?? first;
  const facts: ContainerFacts = {
    security,
    nodes,
    roots,
    root,
    neverStarts: roots.every(r => r.neverStarts),
    linux:
      !isWindowsContainer(pod, security) &&
      nodes.some(node => node.os.value === 'linux'),
  };
  cache.set(container, facts);
  return facts;
}
