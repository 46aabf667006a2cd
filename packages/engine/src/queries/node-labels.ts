/**
 * Names a person can read for graph nodes whose own name says little: a
 * PermissionSet (a set of grants, whose id lists every binding) is named by
 * the roles it holds and the bindings that give them, a container by its pod
 * and its own name (three "kube-proxy" containers are three pods), a
 * RoleInScope by its role and scope. The kind is shown beside the label, not
 * in it.
 */

import { kindOfId } from '@chokepoint/model';
import type { AttackGraph } from '@chokepoint/model';
import type { Holder } from '../holder.ts';
import type { Grant } from '../rbac/index.ts';

/** Grants every identity gets from the built-in policy (system: bindings). */
function isBuiltIn(grant: Grant): boolean {
  const name = grant.binding.slice(grant.binding.indexOf(':') + 1);
  return grant.assumedDefault || name.startsWith('system:');
}

function roleName(role: string): string {
  if (role === '*') return 'every permission';
  return role.slice(role.indexOf(':') + 1);
}

function scopeName(grant: Grant): string {
  return grant.namespace === '' ? 'cluster-wide' : `in ${grant.namespace}`;
}

function bindingName(binding: string): string {
  return binding.slice(binding.indexOf(':') + 1);
}

/** `secret-auditor cluster-wide via payments-secret-audit (+3 built-in)`. */
export function grantsLabel(grants: readonly Grant[]): string {
  const own = grants.filter(g => !isBuiltIn(g));
  const builtIn = grants.length - own.length;
  const shown = (own.length > 0 ? own : grants).slice(0, 2);
  const more = (own.length > 0 ? own.length : grants.length) - shown.length;
  const parts = shown.map(
    g => `${roleName(g.role)} ${scopeName(g)} via ${bindingName(g.binding)}`,
  );
  if (more > 0) parts.push(`${String(more)} more`);
  const tail =
    own.length > 0 && builtIn > 0 ? ` (+${String(builtIn)} built-in)` : '';
  return `${parts.join('; ')}${tail}`;
}

/** `web/frontend-7d9f8c6b5d-4xk2p/app` -> `frontend-7d9f8c6b5d-4xk2p/app`. */
function containerLabel(id: string): string {
  const parts = id.slice('Container:'.length).split('/');
  // Template containers: ns/ControllerKind/controller/container.
  return parts.length === 4
    ? `${parts[1] ?? ''} ${parts[2] ?? ''}/${parts[3] ?? ''}`
    : parts.slice(1).join('/');
}

/** The nodes a label reads: the analysed graph's, or those after a what-if. */
export type LabelNodes = Pick<AttackGraph, 'hasNode' | 'getNodeAttributes'>;

export function nodeLabel(
  graph: LabelNodes,
  holders: ReadonlyMap<string, Holder>,
  id: string,
): string {
  const kind = kindOfId(id);
  if (kind === 'Container') return containerLabel(id);
  const grants = holders.get(id)?.grants;
  if (kind === 'PermissionSet' && grants !== undefined)
    return grantsLabel(grants);
  // Role R granted in scope S: whichever binding gave it.
  const only = grants?.length === 1 ? grants[0] : undefined;
  if (kind === 'RoleInScope' && only !== undefined)
    return `${roleName(only.role)} ${scopeName(only)}`;
  if (!graph.hasNode(id)) return id === kind ? id : id.slice(kind.length + 1);
  const { name, namespace } = graph.getNodeAttributes(id);
  return namespace === undefined ? name : `${namespace}/${name}`;
}

/** Labels of many ids at once (those a response mentions). */
export function nodeLabels(
  graph: LabelNodes,
  holders: ReadonlyMap<string, Holder>,
  ids: Iterable<string>,
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const id of ids) labels[id] ??= nodeLabel(graph, holders, id);
  return labels;
}
