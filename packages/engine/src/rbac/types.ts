/**
 * The vocabulary of the RBAC evaluator: policy rules, the requests checked
 * against them, and the grants (a binding's rules with the scope it applies
 * in) that answer them. Shapes follow `rbac/v1` PolicyRule and the authorizer's
 * request attributes (catalog 4.1, 4.2).
 */

/** One `rules[]` entry of a Role or ClusterRole, as stored. */
export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

/** What is done, without where or to which object: the core group is `''`. */
export interface ResourceAction {
  readonly verb: string;
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource?: string;
}

/** An action on a concrete place; `namespace: ''` is a cluster-scoped request. */
export interface ResourceRequest extends ResourceAction {
  readonly namespace: string;
  /** Absent (or `''`) when the request carries no name (catalog 4.1). */
  readonly name?: string;
}

/** The effective rules one binding gives, with the scope they apply in. */
export interface Grant {
  /** `ClusterRoleBinding:<name>`, `RoleBinding:<ns>/<name>` or `RoleInScope:<role>@<scope>`. */
  readonly binding: string;
  /** `ClusterRole:<name>` or `Role:<ns>/<name>` (`*` for `RoleInScope:*@…`). */
  readonly role: string;
  /** `''` for cluster-wide grants, else the only namespace they apply in. */
  readonly namespace: string;
  /** Effective rules, aggregation resolved. */
  readonly rules: readonly PolicyRule[];
  /** The binding comes from the assumed bootstrap policy, not the input. */
  readonly assumedDefault: boolean;
}

/** The evidence of an allowed request: which grant, which of its rules. */
export interface Allow {
  readonly grant: Grant;
  readonly ruleIndex: number;
}

/**
 * A requesting identity: a ServiceAccount is user
 * `system:serviceaccount:<ns>:<n>` with its three groups; a bare group holder
 * has no user and one group.
 */
export interface Identity {
  readonly user?: string;
  readonly groups: readonly string[];
}

/** Where an action is allowed, by kind of scope (see reach.ts). */
export interface Reach {
  /** A cluster-wide rule without names: every object, every namespace, and cluster-scoped requests. */
  readonly everywhere?: Allow;
  /** RoleBinding rules without names, by namespace; empty when `everywhere` is set. */
  readonly namespaces: ReadonlyMap<string, Allow>;
  /**
   * Name-restricted rules: key `''` holds cluster-wide ones (that name in every
   * namespace, or the cluster-scoped object), other keys a RoleBinding's
   * namespace; then name to Allow. Empty when `everywhere` is set; a namespace
   * in `namespaces` has no entry here.
   */
  readonly names: ReadonlyMap<string, ReadonlyMap<string, Allow>>;
}
