/**
 * Views of the snapshot index, the RBAC model and the identity tables that
 * record every lookup as a read key (keys.ts) of the running anchor. Rules
 * see only these views, so what an anchor read is known without each rule
 * declaring it by hand; the differential test (an edited input analysed
 * from scratch) checks that nothing escapes them.
 *
 * A member added to SnapshotIndex, RbacModel or the tables must be added
 * here with its key: these views implement the interfaces, so the compiler
 * says so.
 */

import type { IdentityTable } from '../entities/identities.ts';
import type {
  AccountInfo,
  ServiceAccountTable,
} from '../entities/service-accounts.ts';
import type { ServiceAccountIndex } from '../predicates/service-account-token.ts';
import { groupKey, userKey } from '../rbac/subjects.ts';
import type { Identity } from '../rbac/index.ts';
import type { RbacView } from '../rule-context.ts';
import type { SnapshotIndex } from '../snapshot-index.ts';
import { KEY } from './keys.ts';
import { track } from './track.ts';

/**
 * A map whose lookups read `one(key)`, whose iteration reads `all`, and
 * whose set of keys alone (`keys()`, `size`) reads `names` (`all` unless
 * the map has a key for its key set).
 */
export class TrackedMap<K, V> implements ReadonlyMap<K, V> {
  readonly #map: ReadonlyMap<K, V>;
  readonly #one: (key: K) => string;
  readonly #all: string;
  readonly #names: string;

  constructor(
    map: ReadonlyMap<K, V>,
    one: (key: K) => string,
    all: string,
    names: string = all,
  ) {
    this.#map = map;
    this.#one = one;
    this.#all = all;
    this.#names = names;
  }

  get size(): number {
    track(this.#names);
    return this.#map.size;
  }

  get(key: K): V | undefined {
    track(this.#one(key));
    return this.#map.get(key);
  }

  has(key: K): boolean {
    track(this.#one(key));
    return this.#map.has(key);
  }

  forEach(
    callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void,
    thisArg?: unknown,
  ): void {
    track(this.#all);
    this.#map.forEach((value, key) => {
      callback.call(thisArg, value, key, this);
    });
  }

  entries(): MapIterator<[K, V]> {
    track(this.#all);
    return this.#map.entries();
  }

  keys(): MapIterator<K> {
    track(this.#names);
    return this.#map.keys();
  }

  values(): MapIterator<V> {
    track(this.#all);
    return this.#map.values();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}

const untrackedIndexes = new WeakMap<SnapshotIndex, SnapshotIndex>();

/** The index a tracked view reads (the index itself when it is no view). */
export function untrackedIndex(index: SnapshotIndex): SnapshotIndex {
  return untrackedIndexes.get(index) ?? index;
}

export function trackedIndex(index: SnapshotIndex): SnapshotIndex {
  const nodes = new TrackedMap(index.nodes, KEY.node, KEY.nodes);
  const namespaces = new TrackedMap(
    index.namespaces,
    KEY.namespace,
    KEY.namespaces,
    KEY.namespaceNames,
  );
  const view: SnapshotIndex = {
    get snapshot() {
      track(KEY.snapshot);
      return index.snapshot;
    },
    policy: index.policy,
    ...(index.serverVersion === undefined
      ? {}
      : { serverVersion: index.serverVersion }),
    ...(index.version === undefined ? {} : { version: index.version }),
    live: index.live,
    get runtimeSecrets() {
      track(KEY.runtimeSecrets);
      return index.runtimeSecrets;
    },
    get workloads() {
      track(KEY.workloads);
      return index.workloads;
    },
    get containers() {
      track(KEY.workloads);
      return index.containers;
    },
    nodes,
    // Where the nodes come from follows from the set of nodes.
    get nodePool() {
      track(KEY.nodes);
      return index.nodePool;
    },
    namespaces,
    objects(kind) {
      track(KEY.ofKind(kind));
      return index.objects(kind);
    },
    inNamespace(kind, namespace) {
      track(KEY.inNamespace(kind, namespace));
      return index.inNamespace(kind, namespace);
    },
    get(kind, namespace, name) {
      track(KEY.object(kind, namespace, name));
      return index.get(kind, namespace, name);
    },
    workloadsInNamespace(namespace) {
      track(KEY.workloadsIn(namespace));
      return index.workloadsInNamespace(namespace);
    },
    workloadsOnNode(node) {
      track(KEY.workloadsOn(node));
      return index.workloadsOnNode(node);
    },
  };
  untrackedIndexes.set(view, index);
  return view;
}

/** The subjects whose bindings decide an identity's grants. */
export function identityKeys(identity: Identity): string[] {
  const keys = identity.groups.map(group => KEY.subjectGrants(groupKey(group)));
  if (identity.user !== undefined)
    keys.push(KEY.subjectGrants(userKey(identity.user)));
  return keys;
}

export function trackedRbac(rbac: RbacView): RbacView {
  return {
    assumedDefaults: rbac.assumedDefaults,
    assumedCount: rbac.assumedCount,
    grantsFor(identity) {
      for (const key of identityKeys(identity)) track(key);
      const grants = rbac.grantsFor(identity);
      for (const grant of grants) {
        track(KEY.role(grant.role));
        track(KEY.binding(grant.binding));
      }
      return grants;
    },
    grantOf(role, scope) {
      track(KEY.role(role));
      return rbac.grantOf(role, scope);
    },
    effectiveRules(role) {
      track(KEY.role(role));
      return rbac.effectiveRules(role);
    },
    roles() {
      track(KEY.rbac);
      return rbac.roles();
    },
    bindings() {
      track(KEY.rbac);
      return rbac.bindings();
    },
    subjectsNamed() {
      track(KEY.rbac);
      return rbac.subjectsNamed();
    },
  };
}

/** SAExists' view whose lookups read one namespace's key (`one`) and whose iteration reads `all`. */
export function trackedAccountIndex(
  index: ServiceAccountIndex,
  one: (namespace: string) => string = KEY.accountIndexIn,
  all: string = KEY.accountIndex,
): ServiceAccountIndex {
  return {
    live: index.live,
    byNamespace: new TrackedMap(index.byNamespace, one, all),
    referenced: new TrackedMap(index.referenced, one, all),
  };
}

export function trackedAccounts(
  accounts: ServiceAccountTable,
): ServiceAccountTable {
  const index = trackedAccountIndex(accounts.index);
  const byNamespace = new TrackedMap<string, readonly AccountInfo[]>(
    accounts.byNamespace,
    KEY.accountsIn,
    KEY.accounts,
  );
  return {
    index,
    byNamespace,
    get all() {
      track(KEY.accounts);
      return accounts.all;
    },
  };
}

/** Every field of the identity tables: the compiler says when one is missing. */
const IDENTITY_FIELDS: Record<keyof IdentityTable, true> = {
  builtInGroups: true,
  nodeUsers: true,
  subjects: true,
  memberships: true,
  named: true,
  awsAuth: true,
  users: true,
  groups: true,
};

/**
 * The accessors sit on one prototype: defined on each fresh view, they gave
 * every view a hidden class of its own, and the rules' optimised code made
 * for the analysis's view was thrown away at each what-if.
 */
class TrackedIdentities {
  readonly table: IdentityTable;

  constructor(table: IdentityTable) {
    this.table = table;
  }
}

for (const field of Object.keys(IDENTITY_FIELDS) as (keyof IdentityTable)[]) {
  Object.defineProperty(TrackedIdentities.prototype, field, {
    get(this: TrackedIdentities) {
      track(KEY.identities(field));
      return this.table[field];
    },
  });
}

export function trackedIdentities(identities: IdentityTable): IdentityTable {
  return new TrackedIdentities(identities) as unknown as IdentityTable;
}
