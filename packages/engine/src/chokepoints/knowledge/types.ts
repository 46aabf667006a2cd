/**
 * The shape of the knowledge base of well-known system components (fixes
 * issue, point 1): how to recognise each one in a cluster, and which
 * privileges and permissions it needs, with what happens without them and
 * why. A fix that takes away something a component needs says so in its
 * impact instead of being offered as free.
 *
 * The data is one file per component family beside this one; each entry
 * names the upstream manifest or document its needs come from.
 */

/** What losing a privilege does to the component. */
export interface Need {
  /** `breaks`: the component stops doing its job; `degrades`: part of it does. */
  readonly level: 'breaks' | 'degrades';
  /** Why the component needs it, in one sentence a reviewer can check. */
  readonly why: string;
}

export interface HostPathNeed extends Need {
  /** The host path as the upstream manifest mounts it. */
  readonly path: string;
  /** Paths below `path` are covered too (a directory the component owns). */
  readonly below?: true;
}

export interface CapabilityNeed extends Need {
  /** Without the `CAP_` prefix, upper case, as in `capabilities.add`. */
  readonly capability: string;
}

export interface TokenNeed extends Need {
  /**
   * The containers (by their upstream names) that call the API server; the
   * pod's other containers hold the token only because it is mounted into
   * every container.
   */
  readonly containers?: readonly string[];
}

/**
 * An API permission the component's own role grants and it uses. The need
 * is met while the component still holds each verb on each resource in one
 * of `apiGroups` (they name where the resources are served: `events` in
 * `''` or `events.k8s.io`).
 */
export interface RbacNeed extends Need {
  /** `''` is the core group; `*` any. */
  readonly apiGroups: readonly string[];
  /** With subresources, as in a rule: `nodes/metrics`. */
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  /** Only these objects (its own webhook configurations), as its upstream role names them. */
  readonly resourceNames?: readonly string[];
  /**
   * Needed in the component's own namespace only (its certificate Secret,
   * its settings): a Role there that keeps it meets the need when a
   * cluster-wide grant goes.
   */
  readonly inOwnNamespace?: true;
  /**
   * With `inOwnNamespace`: the container flag that names the namespace the
   * need is in instead (`--dynamic-serving-ca-secret-namespace`), when set.
   */
  readonly namespaceFlag?: string;
}

export interface ComponentNeeds {
  readonly privileged?: Need;
  readonly hostNetwork?: Need;
  readonly hostPID?: Need;
  readonly hostIPC?: Need;
  readonly hostPorts?: Need;
  readonly hostPaths?: readonly HostPathNeed[];
  readonly capabilities?: readonly CapabilityNeed[];
  /** Running as UID 0 (a `runAsNonRoot` fix takes it away). */
  readonly root?: Need;
  /** A mounted ServiceAccount token: it talks to the API server. */
  readonly token?: TokenNeed;
  readonly rbac?: readonly RbacNeed[];
}

/**
 * How a container is recognised. An image matches when its repository path
 * (registry and tag removed) equals one of `images` or ends with `/` plus one
 * of them, so mirrors (`registry.example.com/mirror/calico/node`) match and
 * `registry.example.com/shop/node` does not match `calico/node`. Where one
 * image serves several components (Argo CD), `command` or `labels` pick the
 * one; a container that matches an image but neither of those is not this
 * component.
 */
export interface Recognition {
  readonly images: readonly string[];
  /** A word of the container's command or args (argv[0] or a flag-free word). */
  readonly command?: readonly string[];
  /** Pod labels that must all be present with these values. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A ServiceAccount the component runs the pods it creates as (in its own namespace). */
export interface CreatedPodsAccount extends Need {
  readonly serviceAccount: string;
}

/**
 * How the component is made to serve only some namespaces, so that its
 * ClusterRoleBinding can become RoleBindings there (`--watch-namespace`).
 * Losing what it no longer watches `degrades` it: `why` says what stops.
 */
export interface NamespaceScope {
  /** The container flag naming the one namespace it watches; none when it serves only its own namespace by default. */
  readonly flag?: string;
  readonly why: string;
}

/**
 * A Secret the component makes for itself (its serving CA) in the
 * namespace a flag names. Its Role must grant `create secrets`, which RBAC
 * cannot restrict by name, so in the component's own namespace it reaches
 * every ServiceAccount there (a token Secret made for one): kept in a
 * namespace of its own, it reaches none that holds anything.
 */
export interface OwnSecret {
  /** The flag naming the Secret's namespace. */
  readonly namespaceFlag: string;
  /** The flag naming the Secret. */
  readonly nameFlag: string;
  /** The annotation by which other objects name it as `<namespace>/<name>` (where a CA injector copies it from). */
  readonly annotation: string;
  /** The component that reads it there, and its flag that would confine it to one namespace (no fix then). */
  readonly reader?: {
    readonly component: string;
    readonly namespaceFlag: string;
  };
  readonly why: string;
}

export interface Component {
  /** Stable id, e.g. `calico-node`; also what `fix.impact.component` names. */
  readonly id: string;
  /** What it is, for a person: `Calico node agent (CNI)`. */
  readonly name: string;
  readonly recognise: Recognition;
  readonly needs: ComponentNeeds;
  /**
   * ServiceAccounts of the pods it creates on demand (no pod of the input
   * runs as them): what their permissions are for.
   */
  readonly createsPodsAs?: readonly CreatedPodsAccount[];
  readonly scope?: NamespaceScope;
  readonly ownSecret?: OwnSecret;
  /** Upstream manifests or docs the needs come from. */
  readonly sources: readonly string[];
}

export interface ComponentFamily {
  readonly family: string;
  readonly description: string;
  readonly components: readonly Component[];
}
