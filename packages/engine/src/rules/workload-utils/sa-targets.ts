/**
 * ServiceAccount target sets (POD_CREATE_WITH_SA, WEBHOOK_CONTROL): the
 * ServiceAccounts of a namespace with SAExists (catalog 2.6), split into
 * those that exist and those inferred from references in manifest input,
 * whose edges are at most medium. Node target sets (POD_CREATE,
 * WEBHOOK_CONTROL) live here too.
 */

import type { RuleContext, ScopeMember } from '../../rule-context.ts';
import type { NodeInfo } from '../../snapshot-index.ts';
import { workloadTables } from './tables.ts';

export function serviceAccountScope(
  ctx: RuleContext,
  namespace: string,
  inferred: boolean,
): string | undefined {
  const tables = workloadTables(ctx);
  const key = inferred ? 'serviceaccounts:inferred' : 'serviceaccounts';
  const label = inferred
    ? 'ServiceAccounts inferred from references'
    : 'ServiceAccounts';
  return ctx.scope(
    `${key}@Namespace:${namespace}`,
    `${label} of namespace ${namespace}`,
    () => {
      const entry = tables.serviceAccounts.get(namespace);
      return (inferred ? entry?.inferred : entry?.existing) ?? [];
    },
  );
}

export function serviceAccountClusterScope(
  ctx: RuleContext,
  inferred: boolean,
): string | undefined {
  const tables = workloadTables(ctx);
  const key = inferred ? 'serviceaccounts:inferred' : 'serviceaccounts';
  const label = inferred
    ? 'ServiceAccounts inferred from references'
    : 'ServiceAccounts';
  return ctx.scope(
    `${key}@cluster`,
    `${label} of every namespace`,
    function* () {
      for (const namespace of tables.namespaces) {
        const id = serviceAccountScope(ctx, namespace, inferred);
        if (id !== undefined) yield id;
      }
    },
  );
}

function nonVirtual(node: NodeInfo): boolean {
  return !node.facts.virtual.value;
}

/** Linux, non-virtual nodes: where a privileged root container escapes (CE_PRIV_MOUNT). */
export function linuxNodeScope(ctx: RuleContext): string | undefined {
  return ctx.scope(
    'nodes:linux@cluster',
    'Linux nodes that are not virtual',
    () =>
      [...ctx.index.nodes.values()]
        .filter(node => nonVirtual(node) && node.facts.os.value === 'linux')
        .map(nodeMember),
  );
}

/** An assumed node (entities/node-pool.ts) belongs to a node set at medium confidence at most. */
function nodeMember(node: NodeInfo): ScopeMember {
  return node.assumed ? { id: node.id, confidence: 'medium' } : node.id;
}

/**
 * Non-virtual nodes a created pod escapes to: Linux nodes through a
 * privileged root container, Windows nodes through a HostProcess container
 * (both admitted exactly when the namespace admits privileged pods).
 */
export function escapableNodeScope(ctx: RuleContext): string | undefined {
  return ctx.scope(
    'nodes:escapable@cluster',
    'nodes that are not virtual',
    () => [...ctx.index.nodes.values()].filter(nonVirtual).map(nodeMember),
  );
}
