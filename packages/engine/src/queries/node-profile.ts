/**
 * What a node can do and who can get to it, for the viewer's node panel:
 * the critical assets it reaches and in how many steps, what it reaches by
 * kind, its effective permissions as RBAC rules (the grants of its holder:
 * binding, role, scope, rules with aggregation resolved), the checklist
 * findings on it, and the entry points that reach it. One breadth-first
 * search each way over the analysis's AttackIndex.
 */

import type { AttackGraph } from '@chokepoint/model';
import { reachInIndex } from '../algorithms/blast-radius.ts';
import type { Reached } from '../algorithms/blast-radius.ts';
import type { AttackIndex } from '../analysis/attack-index.ts';
import type { Holder } from '../holder.ts';
import type { PolicyRule } from '../rbac/index.ts';

export interface ProfileContext<F> {
  readonly graph: AttackGraph;
  readonly index: AttackIndex;
  readonly holders: ReadonlyMap<string, Holder>;
  readonly entryPoints: ReadonlySet<string>;
  readonly criticalAssets: ReadonlySet<string>;
  /** Findings by the ids of the objects they name. */
  readonly findingsByObject: ReadonlyMap<string, readonly F[]>;
}

export interface GrantView {
  readonly binding: string;
  readonly role: string;
  /** `cluster` or the namespace the grant applies in. */
  readonly scope: string;
  readonly builtIn: boolean;
  readonly rules: readonly PolicyRule[];
}

export interface Distance {
  readonly id: string;
  readonly distance: number;
}

/** Helper nodes a person does not count as "reached". */
const HELPERS = new Set(['Scope', 'PermissionSet']);

function byKind(nodes: readonly Reached[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const node of nodes)
    if (!HELPERS.has(node.kind))
      counts[node.kind] = (counts[node.kind] ?? 0) + 1;
  return counts;
}

/** The holder whose grants a node acts with: itself, or the one it GRANTS to. */
export function holderOf(
  graph: AttackGraph,
  holders: ReadonlyMap<string, Holder>,
  id: string,
): Holder | undefined {
  const own = holders.get(id);
  if (own !== undefined) return own;
  let found: Holder | undefined;
  graph.forEachOutEdge(id, (_key, a, _s, target) => {
    if (found === undefined && a.kind === 'GRANTS') found = holders.get(target);
  });
  return found;
}

export function nodeProfile<F>(ctx: ProfileContext<F>, id: string) {
  const forward = reachInIndex(ctx.index, ctx.graph, id, 'forward');
  const reverse = reachInIndex(ctx.index, ctx.graph, id, 'reverse');
  const within = (nodes: Reached[], set: ReadonlySet<string>): Distance[] =>
    nodes
      .filter(n => set.has(n.id))
      .map(n => ({ id: n.id, distance: n.distance }));
  const holder = holderOf(ctx.graph, ctx.holders, id);
  const grants: GrantView[] | undefined = holder?.grants.map(g => ({
    binding: g.binding,
    role: g.role,
    scope: g.namespace === '' ? 'cluster' : g.namespace,
    builtIn:
      g.assumedDefault ||
      g.binding.slice(g.binding.indexOf(':') + 1).startsWith('system:'),
    rules: g.rules,
  }));
  return {
    id,
    reaches: {
      total: forward.filter(n => !HELPERS.has(n.kind)).length,
      byKind: byKind(forward),
      criticalAssets: within(forward, ctx.criticalAssets),
    },
    reachedBy: {
      total: reverse.filter(n => !HELPERS.has(n.kind)).length,
      byKind: byKind(reverse),
      entryPoints: within(reverse, ctx.entryPoints),
    },
    ...(holder === undefined
      ? {}
      : {
          permissions: {
            holder: holder.id,
            clusterAdmin: holder.clusterAdmin,
            grants: grants ?? [],
          },
        }),
    findings: [...(ctx.findingsByObject.get(id) ?? [])],
  };
}

/** Findings by each object id they name. */
export function findingsByObject<
  F extends { readonly objects: readonly string[] },
>(findings: readonly F[]): Map<string, F[]> {
  const map = new Map<string, F[]>();
  for (const finding of findings)
    for (const id of new Set(finding.objects)) {
      const list = map.get(id) ?? [];
      list.push(finding);
      map.set(id, list);
    }
  return map;
}
