/**
 * Where a holder may do something that needs several permissions at once
 * ("update pods plus get, list or watch pods"), answered from one `reach`
 * per action (rbac/reach.ts) instead of one authorize() call per object: a
 * holder with a cluster-wide grant costs the same as one with a single
 * RoleBinding, whatever the number of pods (catalog 3.5; engine issue,
 * point 3).
 *
 * A Requirement is a conjunction of alternatives: every entry of `all` must
 * hold, each through any one of its actions. Reaches are cached per holder
 * object, so the rules of this group share them.
 */

import type { Holder } from '../../holder.ts';
import { reach, reachAllows } from '../../rbac/index.ts';
import type { Reach, ResourceAction } from '../../rbac/index.ts';
import { permission } from '../evidence.ts';
import type { PermissionEvidence } from '../evidence.ts';

export interface Requirement {
  /** Each entry: alternatives, one of which suffices; every entry is needed. */
  readonly all: readonly (readonly ResourceAction[])[];
}

/** One action, alone. */
export function needs(action: ResourceAction): Requirement {
  return { all: [[action]] };
}

/** Where a requirement holds, before the targets are looked up. */
export interface ReachedPlaces {
  /** Every object, in every namespace (and every cluster-scoped object). */
  readonly everywhere: boolean;
  /** Namespaces where it holds for every object (empty when `everywhere`). */
  readonly namespaces: readonly string[];
  /**
   * Candidate named objects: `[namespace, name]`, namespace `''` for a
   * cluster-wide name-restricted rule (that name in every namespace, or the
   * cluster-scoped object). Each must still be checked with `permissionsFor`.
   */
  readonly names: readonly (readonly [string, string])[];
}

const cache = new WeakMap<Holder, Map<string, Reach>>();

export function actionKey(action: ResourceAction): string {
  return `${action.verb} ${action.apiGroup}/${action.resource}/${action.subresource ?? ''}`;
}

/** `reach(holder.grants, action)`, computed once per holder and action. */
export function holderReach(holder: Holder, action: ResourceAction): Reach {
  let byAction = cache.get(holder);
  if (byAction === undefined) {
    byAction = new Map();
    cache.set(holder, byAction);
  }
  const key = actionKey(action);
  let found = byAction.get(key);
  if (found === undefined) {
    found = reach(holder.grants, action);
    byAction.set(key, found);
  }
  return found;
}

export function reachedPlaces(
  holder: Holder,
  requirement: Requirement,
): ReachedPlaces {
  let everywhere = true;
  let namespaces: Set<string> | undefined;
  const names = new Map<string, readonly [string, string]>();
  for (const alternatives of requirement.all) {
    const reaches = alternatives.map(action => holderReach(holder, action));
    for (const where of reaches) {
      for (const [namespace, byName] of where.names) {
        for (const name of byName.keys()) {
          names.set(`${namespace}/${name}`, [namespace, name]);
        }
      }
    }
    if (reaches.some(where => where.everywhere !== undefined)) continue;
    everywhere = false;
    const here = new Set<string>();
    for (const where of reaches) {
      for (const namespace of where.namespaces.keys()) here.add(namespace);
    }
    namespaces =
      namespaces === undefined
        ? here
        : new Set([...namespaces].filter(ns => here.has(ns)));
  }
  if (everywhere) return { everywhere: true, namespaces: [], names: [] };
  return {
    everywhere: false,
    namespaces: [...(namespaces ?? [])].sort(),
    names: [...names.values()],
  };
}

/**
 * The permissions that allow the requirement on one place: `namespace` `''`
 * for a cluster-scoped object (or, with `everywhere`, for all of them), no
 * name for "every object of the namespace". Undefined when not allowed.
 */
export function permissionsFor(
  holder: Holder,
  requirement: Requirement,
  namespace: string,
  name?: string,
): PermissionEvidence[] | undefined {
  const out: PermissionEvidence[] = [];
  for (const alternatives of requirement.all) {
    let found: PermissionEvidence | undefined;
    for (const action of alternatives) {
      const allow = reachAllows(holderReach(holder, action), namespace, name);
      if (allow !== undefined) {
        found = permission(allow, action, {
          namespace,
          ...(name === undefined ? {} : { name }),
        });
        break;
      }
    }
    if (found === undefined) return undefined;
    out.push(found);
  }
  return out;
}

/** `get`, `list` or `watch` of a resource: a read of one object (catalog 3.5 POD_PATCH). */
export function readActions(
  apiGroup: string,
  resource: string,
): readonly ResourceAction[] {
  return ['get', 'list', 'watch'].map(verb => ({ verb, apiGroup, resource }));
}

/** `patch`, or `update` plus a read of the same object (POD_PATCH, controllers). */
export function patchOrUpdateWithRead(
  apiGroup: string,
  resource: string,
  subresource?: string,
): readonly { readonly requirement: Requirement; readonly label: string }[] {
  const sub = subresource === undefined ? {} : { subresource };
  const target =
    subresource === undefined ? resource : `${resource}/${subresource}`;
  return [
    {
      requirement: needs({ verb: 'patch', apiGroup, resource, ...sub }),
      label: `patch ${target}`,
    },
    {
      requirement: {
        all: [
          [{ verb: 'update', apiGroup, resource, ...sub }],
          readActions(apiGroup, resource),
        ],
      },
      label: `update ${target} plus a read of ${resource}`,
    },
  ];
}
