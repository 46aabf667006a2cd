/**
 * Install manifests meant for `kubectl apply -n NS` leave their namespaced
 * objects without a namespace but name `NS` in the subjects of their
 * bindings. Read as-is, the objects land in `default` and every such binding
 * binds an account that does not exist: the analysis finds nothing, which
 * reads as "safe". The hint names the namespace the bindings expect.
 */

import type { KubeObject } from '@chokepoint/model';

export interface NamespaceHintInput {
  /** The objects read by kind, namespaces already defaulted. */
  readonly objects: Readonly<Record<string, readonly KubeObject[]>>;
  /** Where the namespace-less objects were put. */
  readonly placedIn: string;
  /** Names of the ServiceAccounts that were put there. */
  readonly defaultedAccounts: ReadonlySet<string>;
}

export function namespaceHint({
  objects,
  placedIn,
  defaultedAccounts,
}: NamespaceHintInput): string | undefined {
  if (defaultedAccounts.size === 0) return undefined;
  const accounts = new Set(
    (objects.ServiceAccount ?? []).map(
      o => `${o.metadata.namespace ?? ''}/${o.metadata.name}`,
    ),
  );
  // Bindings that fit where the accounts were put: a hint against them
  // would be noise (a component may also bind an account of another one).
  const fitting = new Set<string>();
  // namespace -> binding names and account names that point there
  const expected = new Map<
    string,
    { bindings: Set<string>; names: Set<string> }
  >();
  for (const object of [
    ...(objects.RoleBinding ?? []),
    ...(objects.ClusterRoleBinding ?? []),
  ]) {
    for (const subject of subjectsOf(object)) {
      const { namespace, name } = subject;
      if (namespace === placedIn && defaultedAccounts.has(name))
        fitting.add(`${object.kind} ${object.metadata.name}`);
      if (
        namespace === placedIn ||
        !defaultedAccounts.has(name) ||
        accounts.has(`${namespace}/${name}`)
      )
        continue;
      const entry = expected.get(namespace) ?? {
        bindings: new Set(),
        names: new Set(),
      };
      entry.bindings.add(`${object.kind} ${object.metadata.name}`);
      entry.names.add(name);
      expected.set(namespace, entry);
    }
  }
  const [best] = [...expected].sort(
    ([a, x], [b, y]) => y.bindings.size - x.bindings.size || a.localeCompare(b),
  );
  if (best === undefined || best[1].bindings.size <= fitting.size)
    return undefined;
  const [namespace, { bindings, names }] = best;
  const shown = [...names].sort().slice(0, 3).join(', ');
  const more = names.size > 3 ? ` and ${String(names.size - 3)} more` : '';
  return (
    `${String(bindings.size)} binding${bindings.size === 1 ? '' : 's'} name ServiceAccount${names.size === 1 ? '' : 's'} ${shown}${more} in namespace "${namespace}", ` +
    `but the input defines ${names.size === 1 ? 'it' : 'them'} without a namespace and ${names.size === 1 ? 'it was' : 'they were'} put in "${placedIn}": ` +
    `as read, those bindings bind nothing. Were the manifests meant for kubectl apply -n ${namespace}? Then read them with -n ${namespace}.`
  );
}

interface AccountSubject {
  readonly namespace: string;
  readonly name: string;
}

function subjectsOf(binding: KubeObject): AccountSubject[] {
  const subjects = (binding as { subjects?: unknown }).subjects;
  if (!Array.isArray(subjects)) return [];
  return subjects.flatMap((s: unknown) => {
    if (typeof s !== 'object' || s === null) return [];
    const { kind, namespace, name } = s as Record<string, unknown>;
    return kind === 'ServiceAccount' &&
      typeof namespace === 'string' &&
      namespace !== '' &&
      typeof name === 'string'
      ? [{ namespace, name }]
      : [];
  });
}
