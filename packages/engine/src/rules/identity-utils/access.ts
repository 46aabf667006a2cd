/**
 * Where a holder may perform an action, read namespace by namespace: a thin
 * view over `reach()` (rbac/reach.ts, computed once per holder and action)
 * that answers "allowed for every object of namespace ns", "allowed for the
 * object named n" and "which namespaces does this touch", and combines
 * alternatives ("list or watch"). Request namespaces follow catalog 4.1: a
 * cluster-scoped request is namespace `''`, which only ClusterRoleBindings
 * reach.
 */

import type { Holder } from '../../holder.ts';
import type { Allow, Reach, ResourceAction } from '../../rbac/index.ts';
import { reach, reachAllows } from '../../rbac/index.ts';
import { permission } from '../evidence.ts';
import type { PermissionEvidence } from '../evidence.ts';

export interface Way {
  readonly action: ResourceAction;
  readonly allow: Allow;
}

export interface Access {
  /** Some way allows it for every object everywhere (a cluster-wide rule without names). */
  readonly everywhere: Way | undefined;
  /** Allowed for every object of `namespace` (`''`: a cluster-scoped request without a name). */
  full(namespace: string): Way | undefined;
  /** Allowed for the object `name` of `namespace`. */
  named(namespace: string, name: string): Way | undefined;
  /** Name-restricted entries that apply in `namespace` (cluster-wide ones included). */
  names(namespace: string): Iterable<[string, Way]>;
  /** Namespaces with full access; `undefined` when access is everywhere. */
  fullNamespaces(): readonly string[] | undefined;
  /** Namespaces with name-restricted entries (`''` for cluster-wide names). */
  namedNamespaces(): readonly string[];
  /** Whether anything at all is allowed. */
  readonly any: boolean;
}

export function verbAction(
  verb: string,
  apiGroup: string,
  resource: string,
  subresource?: string,
): ResourceAction {
  return subresource === undefined
    ? { verb, apiGroup, resource }
    : { verb, apiGroup, resource, subresource };
}

/** Access by any of the given actions (e.g. `list` or `watch secrets`). */
export function accessOf(
  holder: Holder,
  ...actions: readonly ResourceAction[]
): Access {
  const reaches: [ResourceAction, Reach][] = actions.map(action => [
    action,
    reach(holder.grants, action),
  ]);
  let everywhere: Way | undefined;
  for (const [action, where] of reaches) {
    if (where.everywhere !== undefined) {
      everywhere = { action, allow: where.everywhere };
      break;
    }
  }
  const full = (namespace: string): Way | undefined => {
    if (everywhere !== undefined) return everywhere;
    if (namespace === '') return undefined;
    for (const [action, where] of reaches) {
      const allow = where.namespaces.get(namespace);
      if (allow !== undefined) return { action, allow };
    }
    return undefined;
  };
  const named = (namespace: string, name: string): Way | undefined => {
    for (const [action, where] of reaches) {
      const allow = reachAllows(where, namespace, name);
      if (allow !== undefined) return { action, allow };
    }
    return undefined;
  };
  return {
    everywhere,
    full,
    named,
    *names(namespace) {
      if (everywhere !== undefined) return;
      const seen = new Set<string>();
      for (const [action, where] of reaches) {
        for (const key of namespace === '' ? [''] : ['', namespace]) {
          for (const [name, allow] of where.names.get(key) ?? []) {
            if (seen.has(name)) continue;
            seen.add(name);
            yield [name, { action, allow }];
          }
        }
      }
    },
    fullNamespaces() {
      if (everywhere !== undefined) return undefined;
      const out = new Set<string>();
      for (const [, where] of reaches)
        for (const ns of where.namespaces.keys()) out.add(ns);
      return [...out].sort();
    },
    namedNamespaces() {
      if (everywhere !== undefined) return [];
      const out = new Set<string>();
      for (const [, where] of reaches)
        for (const ns of where.names.keys()) out.add(ns);
      return [...out].sort();
    },
    any:
      everywhere !== undefined ||
      reaches.some(
        ([, where]) => where.namespaces.size > 0 || where.names.size > 0,
      ),
  };
}

/**
 * Namespaces where an access applies: every namespace when it is
 * everywhere or holds cluster-wide names, else the namespaces it names.
 */
export function touchedNamespaces(
  access: Access,
  all: readonly string[],
): readonly string[] {
  const fullNs = access.fullNamespaces();
  if (fullNs === undefined) return all;
  const named = access.namedNamespaces();
  if (named.includes('')) return all;
  return [...new Set([...fullNs, ...named])].sort();
}

export function wayEvidence(
  way: Way,
  where: { readonly namespace?: string; readonly name?: string } = {},
): PermissionEvidence {
  return permission(way.allow, way.action, where);
}
