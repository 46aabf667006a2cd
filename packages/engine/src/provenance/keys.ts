/**
 * The vocabulary of read keys (track.ts): one short string per fact a rule
 * can look up. Primary facts are objects of the input; derived facts are
 * what the snapshot index, the RBAC model and the identity tables compute
 * from them. A fix's delta is turned into the keys of every fact it
 * changes (delta.ts), so each key here has exactly one place that reads it
 * and one place that knows when it changes.
 */

export const KEY = {
  /** One object by kind, namespace ('' when cluster-scoped) and name; its absence too. */
  object: (kind: string, namespace: string, name: string): string =>
    `o|${kind}|${namespace}|${name}`,
  /** The objects of a kind in one namespace. */
  inNamespace: (kind: string, namespace: string): string =>
    `c|${kind}|${namespace}`,
  /** Every object of a kind. */
  ofKind: (kind: string): string => `k|${kind}`,
  /** The namespaces and names of the objects of a kind, in order (not their contents). */
  objectNames: (kind: string): string => `kn|${kind}`,
  /** The raw snapshot as a whole. */
  snapshot: 'S',
  /** Whether the runtime Secrets of kube-system stand in the graph (SnapshotIndex.runtimeSecrets). */
  runtimeSecrets: 'RS',
  /** The list of every workload and container. */
  workloads: 'W',
  /** One workload (a pod, or a controller's stand-in), by id. */
  workload: (id: string): string => `w|${id}`,
  /** The workloads of a namespace. */
  workloadsIn: (namespace: string): string => `wn|${namespace}`,
  /** The workloads placed (or placeable) on a node. */
  workloadsOn: (node: string): string => `wd|${node}`,
  /** One node's facts, by name; its absence too. */
  node: (name: string): string => `n|${name}`,
  /** The set of nodes. */
  nodes: 'N',
  /** One namespace (its object and whether it is known), by name. */
  namespace: (name: string): string => `ns|${name}`,
  /** The namespaces with their objects. */
  namespaces: 'NS',
  /** The names of the namespaces alone. */
  namespaceNames: 'NSN',
  /** The grants of the bindings naming one subject (its RBAC index key, rbac/subjects.ts). */
  subjectGrants: (subject: string): string => `rs|${subject}`,
  /** A role's effective rules (aggregation included), and whether it exists. */
  role: (id: string): string => `rr|${id}`,
  /** One binding's role and namespace. */
  binding: (id: string): string => `rb|${id}`,
  /** Every role and binding (whole-model questions). */
  rbac: 'RB',
  /** The identity facts' RoleBinding names and Roles with rules of one namespace (RbacFacts). */
  rbacFactsIn: (namespace: string): string => `rf|${namespace}`,
  /** The identity facts' ClusterRoleBinding names and the roles some binding names. */
  rbacFactsCluster: 'RFC',
  /** The identity facts' ClusterRole aggregation. */
  rbacFactsAggregation: 'RFA',
  /** The identity facts' roles and bindings as a whole (any of the parts above). */
  rbacFacts: 'RF',
  /** The ServiceAccount table's accounts of a namespace. */
  accountsIn: (namespace: string): string => `sa|${namespace}`,
  /** The ServiceAccount table as a whole. */
  accounts: 'SA',
  /** SAExists' view of one namespace: its ServiceAccounts and the names referenced. */
  accountIndexIn: (namespace: string): string => `sai|${namespace}`,
  /** SAExists' view as a whole. */
  accountIndex: 'SAI',
  /** The namespaces the ServiceAccount table has (WorkloadTables.namespaces). */
  accountNamespaces: 'SAN',
  /** SAExists' view without binding subjects of the model (serviceAccountIndexOf), one namespace. */
  referencedAccountsIn: (namespace: string): string => `sar|${namespace}`,
  /** The same view as a whole. */
  referencedAccounts: 'SAR',
  /** The pods of one name, in any namespace. */
  podsNamed: (name: string): string => `wp|${name}`,
  /** The Kyverno and Gatekeeper objects (AdmissionMayBlock). */
  policyEngines: 'PE',
  /** One field of the identity table (users, groups, subjects...). */
  identities: (field: string): string => `id|${field}`,
  /** The id a scope resolves to (its member, its Scope node, or none). */
  scope: (key: string): string => `sr|${key}`,
  /** Whether the entity core (anchor `E`) makes the node of this id. */
  entityNode: (id: string): string => `en|${id}`,
  /** One permission holder: its grants. */
  holder: (id: string): string => `h|${id}`,
} as const;
