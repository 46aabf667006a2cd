/**
 * What one holder can do with Secrets, and which Secret names it can learn
 * (catalog 3.5 TOKEN_LIST, TOKEN_NAME_KNOWN, TOKEN_BRUTEFORCE, SECRET_READ):
 * list/watch, get, patch/update of `secrets`, and reads of the objects that
 * reveal Secret names (ServiceAccount `secrets[]`, pod and controller
 * specs). Computed once per holder (reach per action) and shared by the four
 * rules.
 *
 * A Secret name is *knowable* when a rule of the holder names it in
 * resourceNames, when a ServiceAccount that lists it in `secrets[]` is
 * readable (`get serviceaccounts` on it, or `list`/`watch` in the namespace),
 * or when a readable pod or controller spec references it (volume, projected
 * source, `secretKeyRef`, `envFrom`, `imagePullSecrets`).
 */

import type { Holder } from '../../holder.ts';
import type { Access, Way } from './access.ts';
import { accessOf, verbAction } from './access.ts';
import { SPEC_READERS } from './facts.ts';
import type { IdentityFacts, NamespaceFacts, TokenSecret } from './facts.ts';

export interface SecretAccess {
  /** `list` or `watch secrets`. */
  readonly list: Access;
  readonly get: Access;
  /** `patch` or `update secrets` (reviving an invalidated token). */
  readonly write: Access;
  /** `create secrets`. */
  readonly create: Access;
  /** `delete secrets` (freeing a name an existing Secret takes). */
  readonly delete: Access;
  /** Reads of ServiceAccounts (`ServiceAccount`) and of each SPEC_READERS kind. */
  readonly readers: ReadonlyMap<string, Access>;
}

export interface KnownName {
  /** `resourceNames`, or the kind of the object revealing the name. */
  readonly via: string;
  /** The revealing object's id. */
  readonly object?: string;
  readonly way: Way;
}

const cache = new WeakMap<Holder, SecretAccess>();

const reads = (apiGroup: string, resource: string) => [
  verbAction('get', apiGroup, resource),
  verbAction('list', apiGroup, resource),
  verbAction('watch', apiGroup, resource),
];

export function secretAccess(holder: Holder): SecretAccess {
  let access = cache.get(holder);
  if (access === undefined) {
    const readers = new Map<string, Access>();
    readers.set(
      'ServiceAccount',
      accessOf(holder, ...reads('', 'serviceaccounts')),
    );
    for (const reader of SPEC_READERS) {
      readers.set(
        reader.kind,
        accessOf(holder, ...reads(reader.apiGroup, reader.resource)),
      );
    }
    access = {
      list: accessOf(
        holder,
        verbAction('list', '', 'secrets'),
        verbAction('watch', '', 'secrets'),
      ),
      get: accessOf(holder, verbAction('get', '', 'secrets')),
      write: accessOf(
        holder,
        verbAction('patch', '', 'secrets'),
        verbAction('update', '', 'secrets'),
      ),
      create: accessOf(holder, verbAction('create', '', 'secrets')),
      delete: accessOf(holder, verbAction('delete', '', 'secrets')),
      readers,
    };
    cache.set(holder, access);
  }
  return access;
}

/** The holder reads every ServiceAccount and every pod and controller spec of the namespace (`undefined`: of every namespace). */
export function readsEverySpec(
  access: SecretAccess,
  namespace: string | undefined,
): boolean {
  for (const reader of access.readers.values()) {
    if (
      (namespace === undefined ? reader.everywhere : reader.full(namespace)) ===
      undefined
    )
      return false;
  }
  return true;
}

function objectId(kind: string, namespace: string, name: string): string {
  return `${kind}:${namespace}/${name}`;
}

/** How the holder can learn the Secret name `name` of `namespace`, if it can. */
export function knownName(
  access: SecretAccess,
  ns: NamespaceFacts,
  namespace: string,
  name: string,
): KnownName | undefined {
  if (access.get.full(namespace) === undefined) {
    const way = access.get.named(namespace, name);
    if (way !== undefined) return { via: 'resourceNames', way };
  }
  for (const [kind, revealed] of ns.revealed) {
    if (!revealed.all.has(name)) continue;
    const reader = access.readers.get(kind);
    if (reader === undefined) continue;
    const full = reader.full(namespace);
    if (full !== undefined) {
      for (const [object, names] of revealed.byObject) {
        if (names.has(name))
          return {
            via: kind,
            object: objectId(kind, namespace, object),
            way: full,
          };
      }
    }
    for (const [object, way] of reader.names(namespace)) {
      if (revealed.byObject.get(object)?.has(name) === true) {
        return { via: kind, object: objectId(kind, namespace, object), way };
      }
    }
  }
  return undefined;
}

/** Secret names of the namespace the holder can learn from readable objects (not from resourceNames). */
export function* revealedNames(
  access: SecretAccess,
  ns: NamespaceFacts,
  namespace: string,
): Iterable<string> {
  const seen = new Set<string>();
  for (const [kind, revealed] of ns.revealed) {
    const reader = access.readers.get(kind);
    if (reader === undefined) continue;
    if (reader.full(namespace) !== undefined) {
      for (const name of revealed.all)
        if (!seen.has(name)) yield (seen.add(name), name);
      continue;
    }
    for (const [object] of reader.names(namespace)) {
      for (const name of revealed.byObject.get(object) ?? [])
        if (!seen.has(name)) yield (seen.add(name), name);
    }
  }
}

/**
 * Whether a token counts for this holder: live, or invalidated and revivable
 * because the holder can patch or update that Secret (catalog 2.6).
 */
export function tokenUsable(
  access: SecretAccess,
  token: TokenSecret,
): { usable: boolean; revive?: Way } {
  if (!token.legacy.revivableOnly) return { usable: true };
  const revive = access.write.named(token.namespace, token.name);
  return revive === undefined ? { usable: false } : { usable: true, revive };
}

/**
 * Name-restricted entries of an access outside its full namespaces, each
 * resolved to the namespaces holding an object of that name: cluster-wide
 * names (`''`) apply in every namespace.
 */
export function* namedEntries(
  access: Access,
  namespacesOf: (name: string) => readonly string[],
): Iterable<{ namespace: string; name: string; way: Way }> {
  if (access.everywhere !== undefined) return;
  const seen = new Set<string>();
  for (const key of access.namedNamespaces()) {
    for (const [name, way] of access.names(key)) {
      const namespaces =
        key === '' || access.named('', name) !== undefined
          ? namespacesOf(name)
          : [key];
      for (const namespace of namespaces) {
        const id = `${namespace}/${name}`;
        if (seen.has(id) || access.full(namespace) !== undefined) continue;
        seen.add(id);
        yield { namespace, name, way };
      }
    }
  }
}

export function tokensNamed(
  ns: NamespaceFacts,
  name: string,
): TokenSecret | undefined {
  return ns.tokens.find(token => token.name === name);
}

export function secretNamespaces(
  facts: IdentityFacts,
): (name: string) => readonly string[] {
  return name => facts.secretsByName.get(name) ?? [];
}
