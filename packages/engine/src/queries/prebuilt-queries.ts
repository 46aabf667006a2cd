/**
 * The questions a threat-modelling session asks, answered on the attack
 * graph: Internet to cluster-admin, anonymous users to anything critical,
 * who can read kube-system Secrets, privileged containers on control-plane
 * nodes, who holds cluster-admin, which containers escape to their node,
 * what the Internet reaches directly. Each answer is a list of attack paths
 * or of nodes with a one-line reason.
 */

import { reasonOf } from '@chokepoint/model';
import type { AttackGraph } from '@chokepoint/model';
import { pathFromParents } from '../algorithms/shortest-path.ts';
import type { AttackPath } from '../algorithms/shortest-path.ts';
import type { AttackIndex } from '../analysis/attack-index.ts';

export interface QueryContext {
  readonly graph: AttackGraph;
  readonly index: AttackIndex;
  readonly criticalAssets: readonly string[];
  /** Property tags by node id (node-tags.ts). */
  readonly tags: ReadonlyMap<string, readonly string[]>;
}

export interface NodeAnswerRow {
  readonly id: string;
  readonly detail: string;
}

export type QueryAnswer =
  | { readonly kind: 'paths'; readonly paths: AttackPath[] }
  | { readonly kind: 'nodes'; readonly rows: NodeAnswerRow[] };

export interface PrebuiltQuery {
  readonly id: string;
  readonly title: string;
  readonly question: string;
  readonly run: (ctx: QueryContext) => QueryAnswer;
}

const IDENTITY_KINDS = new Set([
  'User',
  'Group',
  'ServiceAccount',
  'ImpersonatedUser',
]);

/** Shortest paths from one node to each target it reaches (one BFS over the index). */
export function pathsFrom(
  ctx: QueryContext,
  from: string,
  targets: readonly string[],
): AttackPath[] {
  const { index, graph } = ctx;
  const origin = index.indexOf.get(from);
  if (origin === undefined) return [];
  const via = new Map<string, string>([[from, '']]);
  const queue = [origin];
  // for-of visits what is pushed while iterating: a breadth-first queue.
  for (const node of queue) {
    const end = index.offsets[node + 1] ?? 0;
    for (let e = index.offsets[node] ?? 0; e < end; e++) {
      const next = index.ids[index.targets[e] ?? 0] ?? '';
      if (via.has(next)) continue;
      via.set(next, index.edgeKeys[e] ?? '');
      queue.push(index.targets[e] ?? 0);
    }
  }
  return targets
    .filter(to => to !== from && via.has(to))
    .map(to => pathFromParents(graph, from, to, via))
    .sort((a, b) => a.length - b.length || (a.to < b.to ? -1 : 1));
}

function hasTag(ctx: QueryContext, id: string, tag: string): boolean {
  return ctx.tags.get(id)?.includes(tag) ?? false;
}

function adminAssets(ctx: QueryContext): string[] {
  const admin = ctx.criticalAssets.filter(
    id => id === 'Group:system:masters' || hasTag(ctx, id, 'cluster-admin'),
  );
  return admin.length > 0 ? admin : [...ctx.criticalAssets];
}

function sourcesOf(
  graph: AttackGraph,
  id: string,
  kind: string,
): { source: string; evidence: Record<string, unknown> }[] {
  const out: { source: string; evidence: Record<string, unknown> }[] = [];
  graph.forEachInEdge(id, (_key, a, source) => {
    if (a.kind === kind) out.push({ source, evidence: a.evidence });
  });
  return out;
}

function permissionText(evidence: Record<string, unknown>): string {
  const permissions = Array.isArray(evidence.permissions)
    ? (evidence.permissions as Record<string, unknown>[])
    : [];
  const first = permissions[0];
  if (first === undefined) return '';
  const verb = typeof first.verb === 'string' ? first.verb : '';
  const binding = typeof first.binding === 'string' ? first.binding : '';
  const role = typeof first.role === 'string' ? first.role : '';
  return `${verb} secrets through ${binding} (${role})`;
}

function kubeSystemSecretReaders(ctx: QueryContext): QueryAnswer {
  const { graph } = ctx;
  // The Secrets, and every scope node that includes one of them.
  const held = new Set<string>();
  graph.forEachNode((id, a) => {
    if (a.kind === 'Secret' && a.namespace === 'kube-system') held.add(id);
  });
  const queue = [...held];
  for (const node of queue) {
    for (const { source } of sourcesOf(graph, node, 'INCLUDES')) {
      if (held.has(source)) continue;
      held.add(source);
      queue.push(source);
    }
  }
  const rows = new Map<string, string>();
  for (const target of held) {
    for (const read of sourcesOf(graph, target, 'SECRET_READ')) {
      const how = permissionText(read.evidence);
      const holders = sourcesOf(graph, read.source, 'GRANTS').map(
        g => g.source,
      );
      if (holders.length === 0 || read.source.startsWith('RoleInScope:'))
        rows.set(read.source, how);
      for (const identity of holders)
        if (!rows.has(identity)) rows.set(identity, how);
    }
  }
  return {
    kind: 'nodes',
    rows: [...rows]
      .map(([id, detail]) => ({ id, detail }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
}

function privilegedOnControlPlane(ctx: QueryContext): QueryAnswer {
  const { graph } = ctx;
  const rows: NodeAnswerRow[] = [];
  graph.forEachNode((id, a) => {
    if (a.kind !== 'Container' || !hasTag(ctx, id, 'privileged')) return;
    for (const { source: pod } of sourcesOf(graph, id, 'CONTAINER_ATTACH')) {
      graph.forEachOutEdge(pod, (_key, edge, _s, node) => {
        if (edge.kind !== 'RUNS_ON') return;
        if (graph.getNodeAttribute(node, 'props')?.controlPlane !== true)
          return;
        rows.push({
          id,
          detail: `privileged, in ${pod.slice('Pod:'.length)} on control-plane node ${graph.getNodeAttribute(node, 'name')}`,
        });
      });
    }
  });
  return { kind: 'nodes', rows };
}

function clusterAdminHolders(ctx: QueryContext): QueryAnswer {
  const rows: NodeAnswerRow[] = [];
  ctx.graph.forEachNode((id, a) => {
    if (IDENTITY_KINDS.has(a.kind) && hasTag(ctx, id, 'cluster-admin'))
      rows.push({ id, detail: 'its own grants include cluster-admin power' });
  });
  return { kind: 'nodes', rows };
}

const ESCAPES = /^(CE_|EXPLOIT_HOST_|EXPLOIT_CONTAINERD_SOCK$)/;

function containerEscapes(ctx: QueryContext): QueryAnswer {
  const rows = new Map<string, string[]>();
  ctx.graph.forEachEdge((_key, a, source, target) => {
    if (!ESCAPES.test(a.kind)) return;
    const list = rows.get(source) ?? [];
    list.push(`${a.kind} to ${target}`);
    rows.set(source, list);
  });
  return {
    kind: 'nodes',
    rows: [...rows]
      .map(([id, ways]) => ({ id, detail: [...new Set(ways)].join(', ') }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
}

function internetFacing(ctx: QueryContext): QueryAnswer {
  const rows: NodeAnswerRow[] = [];
  if (!ctx.graph.hasNode('Internet')) return { kind: 'nodes', rows };
  ctx.graph.forEachOutEdge('Internet', (_key, a, _s, target) => {
    const reason = reasonOf(a.evidence) ?? '';
    rows.push({ id: target, detail: `${a.kind}: ${reason}` });
  });
  return { kind: 'nodes', rows };
}

export const PREBUILT_QUERIES: readonly PrebuiltQuery[] = [
  {
    id: 'internet-to-admin',
    title: 'Internet to cluster-admin',
    question:
      'Which attack paths lead from the Internet to cluster-admin power?',
    run: ctx => ({
      kind: 'paths',
      paths: pathsFrom(ctx, 'Internet', adminAssets(ctx)),
    }),
  },
  {
    id: 'anonymous-to-critical',
    title: 'Anonymous users to critical assets',
    question:
      'What can someone with no credentials (system:unauthenticated) reach?',
    run: ctx => ({
      kind: 'paths',
      paths: pathsFrom(ctx, 'Group:system:unauthenticated', ctx.criticalAssets),
    }),
  },
  {
    id: 'kube-system-secret-readers',
    title: 'Who can read kube-system Secrets',
    question:
      'Which identities (or granted roles) can get or list Secrets in kube-system?',
    run: kubeSystemSecretReaders,
  },
  {
    id: 'privileged-on-control-plane',
    title: 'Privileged containers on control-plane nodes',
    question: 'Which privileged containers run on a control-plane node?',
    run: privilegedOnControlPlane,
  },
  {
    id: 'cluster-admin-holders',
    title: 'Who holds cluster-admin',
    question: 'Which users, groups and ServiceAccounts are cluster-admin?',
    run: clusterAdminHolders,
  },
  {
    id: 'container-escapes',
    title: 'Containers that escape to their node',
    question: 'Which containers can break out to the node they run on?',
    run: containerEscapes,
  },
  {
    id: 'internet-facing',
    title: 'What the Internet reaches directly',
    question: 'Which Services, Ingresses and ports are exposed?',
    run: internetFacing,
  },
];
