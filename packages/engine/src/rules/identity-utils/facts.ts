/**
 * Snapshot facts the identity and credential rules (catalog 3.5 TOKEN_*,
 * SECRET_READ, IMPERSONATE_*, ROLE_*, CSR_CLIENT_CERT) look up for every
 * holder, computed once per analysis and cached by snapshot index:
 * ServiceAccount nodes and SAExists (catalog 2.6) from the engine's table
 * (`ctx.accounts`), the User and Group nodes the graph holds (the engine's
 * identity table, `ctx.identities`), Secrets and
 * legacy token Secrets by namespace, the Secret names that pod specs,
 * controller templates and ServiceAccounts reveal, and RoleBindings by
 * namespace. Holder rules then cost map lookups, not scans of the snapshot.
 */

import { SECRET_NAME_ARG } from '@chokepoint/model';
import type { KubeObject } from '@chokepoint/model';
import { asArray, asRecord, asString } from '../../predicates/json.ts';
import { readPodSpec } from '../../predicates/pod-spec.ts';
import type { PodSpec } from '../../predicates/pod-spec.ts';
import {
  liveLegacyToken,
  saExists,
} from '../../predicates/service-account-token.ts';
import type {
  LegacyTokenResult,
  ServiceAccountExistence,
  ServiceAccountIndex,
} from '../../predicates/service-account-token.ts';
import {
  labelSelectorMatches,
  parseServiceAccountUsername,
} from '../../rbac/index.ts';
import type { RbacView, RuleContext } from '../../rule-context.ts';
import type { WorkloadInfo } from '../../snapshot-index.ts';
import { KEY } from '../../provenance/keys.ts';
import { TrackedMap } from '../../provenance/tracked-context.ts';
import {
  TrackedMemo,
  memoPer,
  track,
  untracked,
} from '../../provenance/track.ts';

/** Kinds whose pod template reveals Secret names, with the resource that reads them. */
export const SPEC_READERS = [
  { kind: 'Pod', apiGroup: '', resource: 'pods' },
  { kind: 'PodTemplate', apiGroup: '', resource: 'podtemplates' },
  {
    kind: 'ReplicationController',
    apiGroup: '',
    resource: 'replicationcontrollers',
  },
  { kind: 'Deployment', apiGroup: 'apps', resource: 'deployments' },
  { kind: 'ReplicaSet', apiGroup: 'apps', resource: 'replicasets' },
  { kind: 'StatefulSet', apiGroup: 'apps', resource: 'statefulsets' },
  { kind: 'DaemonSet', apiGroup: 'apps', resource: 'daemonsets' },
  { kind: 'Job', apiGroup: 'batch', resource: 'jobs' },
  { kind: 'CronJob', apiGroup: 'batch', resource: 'cronjobs' },
] as const;

export type SpecKind = (typeof SPEC_READERS)[number]['kind'];

/** A legacy token Secret that passes LiveLegacyToken except, maybe, the invalid-since label. */
export interface TokenSecret {
  readonly secret: KubeObject;
  readonly name: string;
  readonly namespace: string;
  /** The ServiceAccount node id the token authenticates as. */
  readonly serviceAccountId: string;
  readonly serviceAccount: string;
  readonly legacy: LegacyTokenResult;
}

/** Secret names one kind of object reveals in a namespace. */
export interface Revealed {
  /** Object name to the Secret names it references. */
  readonly byObject: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every Secret name some object of the kind references. */
  readonly all: ReadonlySet<string>;
}

export interface NamespaceFacts {
  readonly secrets: ReadonlyMap<string, KubeObject>;
  readonly tokens: readonly TokenSecret[];
  /** Per kind of SPEC_READERS plus `ServiceAccount` (its `secrets[]`). */
  readonly revealed: ReadonlyMap<string, Revealed>;
  /** ServiceAccount node names of the namespace. */
  readonly serviceAccounts: readonly string[];
  /** RoleBindings of the namespace: role id to binding names. */
  readonly roleBindingsByRole: ReadonlyMap<string, readonly string[]>;
  /** RoleBinding name to role id. */
  readonly roleBindings: ReadonlyMap<string, string>;
}

export interface IdentityFacts {
  readonly saIndex: ServiceAccountIndex;
  readonly namespaces: ReadonlyMap<string, NamespaceFacts>;
  /** Every namespace name (index.namespaces), sorted. */
  readonly namespaceNames: readonly string[];
  /** User node names and the groups each is MEMBER_OF besides system:(un)authenticated. */
  readonly users: ReadonlyMap<string, readonly string[]>;
  /** Group node names. */
  readonly groups: readonly string[];
  /** ServiceAccount names to their namespaces (for cluster-wide name-restricted grants). */
  readonly serviceAccountsByName: ReadonlyMap<string, readonly string[]>;
  /** Secret names to their namespaces. */
  readonly secretsByName: ReadonlyMap<string, readonly string[]>;
  /** ClusterRoleBinding name to role id, and role id to ClusterRoleBinding names. */
  readonly clusterRoleBindings: ReadonlyMap<string, string>;
  readonly clusterRoleBindingsByRole: ReadonlyMap<string, readonly string[]>;
  /** Every role id some binding references. */
  readonly boundRoles: ReadonlySet<string>;
  /** Role ids (`Role:<ns>/<name>`) with at least one rule, by namespace. */
  readonly rolesByNamespace: ReadonlyMap<string, readonly string[]>;
  /**
   * For a ClusterRole with an aggregationRule: the ClusterRoles without one
   * whose rules flow into it (labels matching a selector, transitively).
   */
  readonly aggregatedFrom: ReadonlyMap<string, readonly string[]>;
  existence(namespace: string, name: string): ServiceAccountExistence;
}

/**
 * What the identity facts keep of the roles and bindings. A what-if reads
 * it under its own keys (`KEY.rbacFactsIn`, `KEY.rbacFacts`) and compares it
 * before and after the fix (provenance/delta.ts), so a fix that changes a
 * role's rules but no binding or role name leaves the rules that read only
 * these names as they were (their holders' grants have keys of their own).
 */
export interface RbacFacts {
  /** By namespace: RoleBinding name to role id. */
  readonly roleBindings: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** By namespace: role id to RoleBinding names. */
  readonly roleBindingsByRole: ReadonlyMap<
    string,
    ReadonlyMap<string, readonly string[]>
  >;
  readonly clusterRoleBindings: ReadonlyMap<string, string>;
  readonly clusterRoleBindingsByRole: ReadonlyMap<string, readonly string[]>;
  readonly boundRoles: ReadonlySet<string>;
  readonly rolesByNamespace: ReadonlyMap<string, readonly string[]>;
  readonly aggregatedFrom: ReadonlyMap<string, readonly string[]>;
}

const memo = memoPer<IdentityFacts>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function namespaceOf(object: KubeObject): string {
  const ns = object.metadata.namespace;
  return ns === undefined || ns === '' ? 'default' : ns;
}

/** `spec.template.spec` of a pod controller (the CronJob's job template; a PodTemplate's `template.spec`). */
function podSpecRecord(object: KubeObject): unknown {
  if (object.kind === 'PodTemplate') return asRecord(object.template)?.spec;
  const spec = asRecord(object.spec);
  if (object.kind === 'CronJob') {
    return asRecord(asRecord(asRecord(spec?.jobTemplate)?.spec)?.template)
      ?.spec;
  }
  return asRecord(spec?.template)?.spec;
}

/**
 * Secret names a pod spec names: secret and projected volumes, `env`
 * `secretKeyRef`, `envFrom` `secretRef`, `imagePullSecrets`, and the
 * `--…secret…name=<name>` arguments of a command line (a Secret the
 * workload creates at start-up, as cert-manager's webhook CA).
 */
export function secretNamesOf(spec: PodSpec): Set<string> {
  const out = new Set<string>();
  for (const volume of spec.volumes) {
    if (volume.secretName !== undefined) out.add(volume.secretName);
    for (const source of volume.projectedSources) {
      if (source.secretName !== undefined) out.add(source.secretName);
    }
  }
  for (const container of [
    ...spec.containers,
    ...spec.initContainers,
    ...spec.ephemeralContainers,
  ]) {
    for (const env of asArray(container.raw.env)) {
      const name = asString(
        asRecord(asRecord(asRecord(env)?.valueFrom)?.secretKeyRef)?.name,
      );
      if (name !== undefined && name !== '') out.add(name);
    }
    for (const from of asArray(container.raw.envFrom)) {
      const name = asString(asRecord(asRecord(from)?.secretRef)?.name);
      if (name !== undefined && name !== '') out.add(name);
    }
    for (const arg of [
      ...asArray(container.raw.command),
      ...asArray(container.raw.args),
    ]) {
      const name = SECRET_NAME_ARG.exec(asString(arg) ?? '')?.[1];
      if (name !== undefined) out.add(name);
    }
  }
  for (const ref of asArray(spec.raw.imagePullSecrets)) {
    const name = asString(asRecord(ref)?.name);
    if (name !== undefined && name !== '') out.add(name);
  }
  return out;
}

const TEMPLATE_KINDS = SPEC_READERS.filter(({ kind }) => kind !== 'Pod').map(
  ({ kind }) => kind,
);

/** Per namespace, per kind: the Secret names objects reveal. */
type RevealedTable = ReadonlyMap<string, ReadonlyMap<string, Revealed>>;

const revealedTables = new WeakMap<
  readonly WorkloadInfo[],
  {
    readonly lists: readonly (readonly KubeObject[])[];
    readonly table: RevealedTable;
  }
>();

/**
 * The Secret names pods (their specs the snapshot index read), the pod
 * templates of `lists` (of TEMPLATE_KINDS, in order) and ServiceAccounts
 * (the list after them) reveal.
 */
function revealedTable(
  workloads: readonly WorkloadInfo[],
  lists: readonly (readonly KubeObject[])[],
): RevealedTable {
  const revealed = new Map<
    string,
    Map<string, { byObject: Map<string, Set<string>>; all: Set<string> }>
  >();
  const reveal = (
    ns: string,
    kind: string,
    object: string,
    names: Iterable<string>,
  ): void => {
    let perKind = revealed.get(ns);
    if (perKind === undefined)
      revealed.set(
        ns,
        (perKind = new Map<
          string,
          { byObject: Map<string, Set<string>>; all: Set<string> }
        >()),
      );
    let entry = perKind.get(kind);
    if (entry === undefined)
      perKind.set(kind, (entry = { byObject: new Map(), all: new Set() }));
    let set = entry.byObject.get(object);
    if (set === undefined) entry.byObject.set(object, (set = new Set()));
    for (const name of names) {
      set.add(name);
      entry.all.add(name);
    }
  };
  // Pods: the spec the snapshot index already read.
  for (const workload of workloads) {
    if (workload.kind !== 'Pod') continue;
    const names = secretNamesOf(workload.spec);
    if (names.size > 0) reveal(workload.namespace, 'Pod', workload.name, names);
  }
  for (const [i, kind] of TEMPLATE_KINDS.entries()) {
    for (const object of lists[i] ?? []) {
      const raw = asRecord(podSpecRecord(object));
      if (raw === undefined) continue;
      const names = secretNamesOf(readPodSpec(raw));
      if (names.size > 0)
        reveal(namespaceOf(object), kind, object.metadata.name, names);
    }
  }
  for (const sa of lists[TEMPLATE_KINDS.length] ?? []) {
    const names = asArray(sa.secrets)
      .map(ref => asString(asRecord(ref)?.name))
      .filter((n): n is string => n !== undefined && n !== '');
    if (names.length > 0)
      reveal(namespaceOf(sa), 'ServiceAccount', sa.metadata.name, names);
  }
  return revealed;
}

/** The roles and bindings as the identity facts keep them. */
export function rbacFactsOf(
  rbac: Pick<RbacView, 'roles' | 'bindings'>,
): RbacFacts {
  const roleBindings = new Map<string, Map<string, string>>();
  const roleBindingsByRole = new Map<string, Map<string, string[]>>();
  const clusterRoleBindings = new Map<string, string>();
  const clusterRoleBindingsByRole = new Map<string, string[]>();
  const boundRoles = new Set<string>();
  for (const binding of rbac.bindings()) {
    if (!binding.roleExists) continue;
    boundRoles.add(binding.role);
    const name = binding.object.metadata.name;
    if (binding.namespace === '') {
      clusterRoleBindings.set(name, binding.role);
      push(clusterRoleBindingsByRole, binding.role, name);
      continue;
    }
    let byName = roleBindings.get(binding.namespace);
    if (byName === undefined)
      roleBindings.set(binding.namespace, (byName = new Map<string, string>()));
    byName.set(name, binding.role);
    let byRole = roleBindingsByRole.get(binding.namespace);
    if (byRole === undefined)
      roleBindingsByRole.set(
        binding.namespace,
        (byRole = new Map<string, string[]>()),
      );
    push(byRole, binding.role, name);
  }

  const rolesByNamespace = new Map<string, string[]>();
  const selectorsOf = new Map<string, unknown[]>();
  const labelsOf = new Map<string, Readonly<Record<string, string>>>();
  for (const role of rbac.roles()) {
    if (role.id.startsWith('Role:')) {
      if (role.rules.length > 0)
        push(rolesByNamespace, namespaceOf(role.object), role.id);
      continue;
    }
    labelsOf.set(role.id, role.object.metadata.labels ?? {});
    const selectors = asArray(
      asRecord(role.object.aggregationRule)?.clusterRoleSelectors,
    );
    if (selectors.length > 0) selectorsOf.set(role.id, [...selectors]);
  }
  const aggregatedFrom = new Map<string, string[]>();
  const direct = (id: string): string[] => {
    const selectors = selectorsOf.get(id) ?? [];
    const out: string[] = [];
    for (const [other, labels] of labelsOf) {
      if (
        other !== id &&
        selectors.some(selector => labelSelectorMatches(selector, labels))
      )
        out.push(other);
    }
    return out;
  };
  for (const id of selectorsOf.keys()) {
    const seen = new Set<string>([id]);
    const sources: string[] = [];
    const queue = direct(id);
    while (queue.length > 0) {
      const next = queue.shift();
      if (next === undefined || seen.has(next)) continue;
      seen.add(next);
      if (selectorsOf.has(next)) queue.push(...direct(next));
      else sources.push(next);
    }
    aggregatedFrom.set(id, sources.sort());
  }

  return {
    roleBindings,
    roleBindingsByRole,
    clusterRoleBindings,
    clusterRoleBindingsByRole,
    boundRoles,
    rolesByNamespace,
    aggregatedFrom,
  };
}

function build(ctx: RuleContext): IdentityFacts {
  const { index, rbac, accounts } = ctx;
  const saIndex = accounts.index;

  // ServiceAccount nodes: the engine's one table (entities/service-accounts.ts).
  const saNames = new Map<string, string[]>();
  for (const [ns, list] of accounts.byNamespace)
    saNames.set(
      ns,
      list.map(account => account.name),
    );
  const existence = new Map<string, ServiceAccountExistence>();
  for (const account of accounts.all) {
    existence.set(account.id, {
      exists: account.exists,
      inferred: account.inferred,
      reason: account.inferred
        ? 'referenced in manifest input without ServiceAccounts of the namespace'
        : account.exists
          ? 'exists'
          : 'not in the input',
    });
  }
  const { identities } = ctx;
  const users = new Map<string, string[]>();
  for (const subject of identities.subjects)
    if (subject.kind === 'User') users.set(subject.name, []);
  for (const name of identities.nodeUsers) users.set(name, []);
  for (const { user } of identities.awsAuth)
    if (user !== undefined) users.set(user, []);
  for (const member of [...identities.memberships, ...identities.named])
    if (member.kind === 'User') users.set(member.name, []);
  for (const [name, extra] of users) {
    if (name.startsWith('system:node:')) extra.push('system:nodes');
    for (const group of index.policy.memberships[`User:${name}`] ?? []) {
      if (group.startsWith('Group:')) {
        const g = group.slice('Group:'.length);
        if (
          g !== 'system:authenticated' &&
          g !== 'system:unauthenticated' &&
          !extra.includes(g)
        )
          extra.push(g);
      }
    }
  }
  for (const name of [...users.keys()])
    if (parseServiceAccountUsername(name) !== undefined) users.delete(name);

  const namespaceNames = new Set(index.namespaces.keys());
  for (const ns of saNames.keys()) namespaceNames.add(ns);

  const secrets = new Map<string, Map<string, KubeObject>>();
  const tokens = new Map<string, TokenSecret[]>();
  const secretsByName = new Map<string, string[]>();
  for (const secret of index.objects('Secret')) {
    const ns = namespaceOf(secret);
    let map = secrets.get(ns);
    if (map === undefined)
      secrets.set(ns, (map = new Map<string, KubeObject>()));
    map.set(secret.metadata.name, secret);
    push(secretsByName, secret.metadata.name, ns);
    const legacy = liveLegacyToken(secret, saIndex);
    if (legacy.live && legacy.serviceAccount !== undefined) {
      push(tokens, ns, {
        secret,
        name: secret.metadata.name,
        namespace: ns,
        serviceAccount: legacy.serviceAccount,
        serviceAccountId: `ServiceAccount:${ns}/${legacy.serviceAccount}`,
        legacy,
      });
    }
  }

  // Computed on first use: only the Secret-reading rules need it, and it
  // walks every pod spec once.
  const revealedCache = new TrackedMemo<RevealedTable>();
  const revealedIn = (namespace: string): ReadonlyMap<string, Revealed> =>
    revealedCache.get('', computeRevealed).get(namespace) ??
    new Map<string, Revealed>();
  const computeRevealed = (): RevealedTable => {
    // Read through the tracked index (its keys go to the memo), then shared
    // by object identity with any index of the same lists.
    const workloads = index.workloads;
    const lists = [
      ...TEMPLATE_KINDS.map(kind => index.objects(kind)),
      index.objects('ServiceAccount'),
    ];
    const known = revealedTables.get(workloads);
    if (known?.lists.every((list, i) => list === lists[i]) === true)
      return known.table;
    const table = revealedTable(workloads, lists);
    revealedTables.set(workloads, { lists, table });
    return table;
  };

  // Read under the facts' own keys (see RbacFacts), not as every role and
  // binding.
  const rbacPart = untracked(() => rbacFactsOf(rbac));
  const read = <T>(key: string, value: T): T => {
    track(key);
    return value;
  };

  const serviceAccountsByName = new Map<string, string[]>();
  for (const [ns, names] of saNames)
    for (const name of names) push(serviceAccountsByName, name, ns);

  const namespaces = new Map<string, NamespaceFacts>();
  for (const ns of [...namespaceNames].sort())
    namespaces.set(
      ns,
      namespaceView(
        ns,
        {
          secrets: secrets.get(ns) ?? new Map(),
          tokens: tokens.get(ns) ?? [],
          serviceAccounts: [...(saNames.get(ns) ?? [])].sort(),
          revealed: () => revealedIn(ns),
        },
        rbacPart,
      ),
    );
  const names = [...namespaces.keys()];

  return {
    saIndex,
    namespaces,
    get namespaceNames() {
      track(KEY.namespaceNames);
      track(KEY.accountNamespaces);
      return names;
    },
    users,
    groups: identities.groups,
    serviceAccountsByName,
    secretsByName,
    get clusterRoleBindings() {
      return read(KEY.rbacFactsCluster, rbacPart.clusterRoleBindings);
    },
    get clusterRoleBindingsByRole() {
      return read(KEY.rbacFactsCluster, rbacPart.clusterRoleBindingsByRole);
    },
    get boundRoles() {
      return read(KEY.rbacFactsCluster, rbacPart.boundRoles);
    },
    rolesByNamespace: new TrackedMap(
      rbacPart.rolesByNamespace,
      KEY.rbacFactsIn,
      KEY.rbacFacts,
    ),
    get aggregatedFrom() {
      return read(KEY.rbacFactsAggregation, rbacPart.aggregatedFrom);
    },
    existence: (namespace, name) => {
      track(KEY.accountsIn(namespace));
      track(KEY.accountIndexIn(namespace));
      return (
        existence.get(`ServiceAccount:${namespace}/${name}`) ??
        saExists(saIndex, namespace, name)
      );
    },
  };
}

/** The cached facts of this analysis. */
export function identityFacts(ctx: RuleContext): IdentityFacts {
  return memo(ctx.index).get('', () => build(ctx));
}

interface NamespaceData {
  readonly secrets: ReadonlyMap<string, KubeObject>;
  readonly tokens: readonly TokenSecret[];
  readonly serviceAccounts: readonly string[];
  readonly revealed: () => ReadonlyMap<string, Revealed>;
}

const NO_DATA: NamespaceData = {
  secrets: new Map(),
  tokens: [],
  serviceAccounts: [],
  revealed: () => new Map(),
};

/**
 * A namespace's facts, each read under the key of what it comes from: a
 * scope of them (scopes.ts) keeps those reads in its own anchor, so a
 * what-if computes it again when they change (a namespace, a
 * ServiceAccount or a Secret a fix adds), not only the rules that ask for it.
 */
function namespaceView(
  ns: string,
  data: NamespaceData,
  rbacPart: RbacFacts | undefined,
): NamespaceFacts {
  return {
    get secrets() {
      track(KEY.inNamespace('Secret', ns));
      return data.secrets;
    },
    get tokens() {
      track(KEY.inNamespace('Secret', ns));
      track(KEY.accountIndexIn(ns));
      return data.tokens;
    },
    get revealed() {
      return data.revealed();
    },
    get serviceAccounts() {
      track(KEY.accountsIn(ns));
      return data.serviceAccounts;
    },
    get roleBindings() {
      track(KEY.rbacFactsIn(ns));
      return rbacPart?.roleBindings.get(ns) ?? new Map<string, string>();
    },
    get roleBindingsByRole() {
      track(KEY.rbacFactsIn(ns));
      return (
        rbacPart?.roleBindingsByRole.get(ns) ??
        new Map<string, readonly string[]>()
      );
    },
  };
}

export function namespaceFacts(
  facts: IdentityFacts,
  namespace: string,
): NamespaceFacts {
  return (
    facts.namespaces.get(namespace) ??
    namespaceView(namespace, NO_DATA, undefined)
  );
}
