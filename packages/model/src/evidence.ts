/**
 * Edge evidence as typed data (catalog 3.0): the objects, the fields of them
 * and the facts that make an edge true, one shape per edge kind, in the one
 * schema the engine writes and the CLI, the viewer and the exporter read
 * (BloodHound's one-schema idea, architecture.md section 3a).
 *
 * The union is discriminated by the edge's `kind`: `EdgeEvidence<'SECRET_READ'>`
 * is the evidence of a SECRET_READ edge, and `KindedEvidence` narrows on
 * `kind`. Every shape cites its sources by catalog id: RBAC techniques the
 * binding, role and rule index of each permission they need
 * (`permissions`), spec techniques the object a fix edits and the JSON paths
 * that matter (`object`, `fields`), identities their bindings (`bindings`).
 * A kind that holds several ways between one pair of nodes keeps every way:
 * the first in the evidence itself, the others in `alsoVia`, never truncated,
 * so that an edge survives a fix exactly when one of its ways does.
 *
 * Shapes are object types (not interfaces) so that they stay assignable to
 * `Record<string, unknown>` for code that reads evidence generically.
 */

/* eslint-disable @typescript-eslint/consistent-type-definitions -- see above */

import type { AuxiliaryEdgeKind, EdgeKind } from './edge-kinds.ts';

/** One permission a technique needs, and the grant that allows it. */
export type PermissionEvidence = {
  readonly verb: string;
  readonly apiGroup: string;
  /** `resource` or `resource/subresource`. */
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
  /** The binding that grants it (a RoleInScope id for an assumed grant of a target role). */
  readonly binding: string;
  readonly role: string;
  /** Index of the rule of `role` that allows it. */
  readonly rule: number;
  /** The grant comes from the assumed bootstrap policy, not from the input. */
  readonly assumedDefault?: true;
};

/** A node fact or policy key the technique relies on, and where its value came from. */
export type FactEvidence = {
  readonly fact: string;
  readonly value: unknown;
  readonly source: 'given' | 'derived' | 'defaulted';
};

/** One way a host path reaches a sensitive location (catalog 2.5). */
export type HostPathEvidence = {
  readonly location: string;
  readonly hostPath: string;
  readonly mountPath: string;
  readonly readOnly: boolean;
  readonly confidence: string;
  readonly reason: string;
};

/** A sentence a person reads, and the facts used. */
export type ReasonEvidence = {
  readonly reason: string;
  readonly facts?: readonly FactEvidence[];
};

/** An RBAC technique: every permission it needs, each with its grant. */
export type RbacEvidence = ReasonEvidence & {
  readonly permissions: readonly PermissionEvidence[];
};

/** The fields of one object (the Pod, the controller whose template it is, the Service...) that make the edge true. */
export type SpecEvidence = ReasonEvidence & {
  /** Catalog id of the object a fix edits. */
  readonly object: string;
  /** JSON paths from that object's root. */
  readonly fields: readonly string[];
};

/** A field of the source object (structural edges, POD_ATTACH). */
export type FieldEvidence = { readonly field: string };

/** Container -> Node escapes of catalog 3.3 (and a few 3.2 host-path ones). */
export type EscapeEvidence = SpecEvidence & {
  readonly container: string;
  readonly node: string;
  /** The node is a candidate node of a controller's stand-in (catalog 1.3). */
  readonly candidateNode?: true;
  /** Why the container is root (or not, for the group-0 socket case). */
  readonly root: string;
  readonly capabilities?: string;
  readonly writes?: boolean;
  readonly confinement?: string;
  readonly technique?: string;
  readonly hostPaths?: readonly HostPathEvidence[];
  readonly gid?: unknown;
  /** CE_VAR_LOG_SYMLINK: the ServiceAccount whose token reads the logs, and its permission. */
  readonly serviceAccount?: string;
  readonly permissions?: readonly PermissionEvidence[];
};

/** RBAC techniques on pods and nodes (POD_EXEC, POD_PATCH, NODE_PROXY_EXEC...). */
export type PlaceEvidence = RbacEvidence & {
  /** Where the grant reaches all targets: `cluster` or `Namespace:<ns>`; absent for named targets. */
  readonly scope?: string;
};

/** RBAC techniques on credentials (SECRET_READ, TOKEN_*, IMPERSONATE_*). */
export type CredentialEvidence = RbacEvidence & {
  /** The namespace of a namespace-wide target set, `*` for every namespace. */
  readonly namespace?: string;
  /** What the target set holds, in words. */
  readonly targets?: string;
  /** The Secret a token technique reads. */
  readonly secret?: string;
  readonly token?: string;
  /** Where the attacker learns a Secret's name. */
  readonly nameKnownFrom?: string;
  readonly serviceAccount?: string;
};

export type PodCreateEvidence = RbacEvidence & {
  readonly namespace: string;
  /** The object created: `create Pod`, `create Deployment`... */
  readonly via: string;
  readonly technique: string;
};

export type PodCreateWithSaEvidence = RbacEvidence & {
  readonly scope: string;
  readonly via: string;
  /** Present when the ServiceAccounts reached are inferred from references. */
  readonly serviceAccounts?: string;
};

export type RoleGrantEvidence = RbacEvidence & {
  /** The role written to or bound. */
  readonly role: string;
  readonly scope: string;
  /** ROLE_ESCALATE: the binding (or RoleInScope) that binds the escalated role. */
  readonly binding?: string;
};

export type CloudAssumeEvidence =
  | (SpecEvidence & {
      readonly serviceAccount: string;
      readonly annotation: string;
    })
  | (RbacEvidence & {
      readonly via: string;
      readonly serviceAccount: string;
      readonly annotation: string;
    });

export type ExposesEvidence = SpecEvidence & {
  /** A Service's way out: LoadBalancer, NodePort, externalIPs. */
  readonly way?: string;
  readonly externalIPs?: readonly string[];
  readonly sourceRanges?: readonly string[];
  readonly ingressClass?: string;
  readonly gatewayClass?: string;
  readonly controller?: string;
  readonly addresses?: readonly string[];
};

export type RoutesToEvidence = SpecEvidence & {
  readonly gateway?: string;
  readonly listeners?: readonly string[];
  readonly referenceGrant?: string;
};

export type EndpointExploitEvidence = SpecEvidence & {
  /** The Pod or stand-in whose container is reached. */
  readonly workload: string;
  readonly targetPort: string | number;
  readonly containerPort?: string;
  readonly selector?: Readonly<Record<string, string>>;
  readonly endpointSlice?: string;
  readonly endpoint?: string;
};

export type IdentityAssumeEvidence =
  | (SpecEvidence & {
      readonly container: string;
      readonly ways: readonly {
        readonly kind: string;
        readonly volume?: string;
      }[];
      readonly detail: string;
    })
  | (ReasonEvidence & {
      /** The Node whose kubelet credentials are used. */
      readonly object: string;
    });

export type PodAttachEvidence =
  | (FieldEvidence & { readonly node: string })
  | { readonly candidateNode: string; readonly reason: string };

/** Evidence of one way, by edge kind. */
export type EvidenceByKind = {
  readonly AUTHENTICATES_AS: ReasonEvidence;
  readonly AWS_AUTH_PATCH: RbacEvidence & { readonly configMap: string };
  readonly CE_CGROUP_RELEASE_AGENT: EscapeEvidence;
  readonly CE_HOST_FD: EscapeEvidence;
  readonly CE_MODULE_LOAD: EscapeEvidence;
  readonly CE_NSENTER: EscapeEvidence;
  readonly CE_PRIV_MOUNT: EscapeEvidence;
  readonly CE_SYS_PTRACE: EscapeEvidence;
  readonly CE_UMH_CORE_PATTERN: EscapeEvidence;
  readonly CE_VAR_LOG_SYMLINK: EscapeEvidence;
  readonly CLOUD_IDENTITY_ASSUME: CloudAssumeEvidence;
  readonly CLOUD_MAPS_TO: SpecEvidence & { readonly usernameTemplate?: string };
  readonly CONTAINER_ATTACH: {
    readonly container: string;
    readonly containerKind: string;
  };
  readonly CSR_CLIENT_CERT: RbacEvidence;
  readonly ENDPOINT_EXPLOIT: EndpointExploitEvidence;
  readonly EXPLOIT_CONTAINERD_SOCK: EscapeEvidence;
  readonly EXPLOIT_HOST_READ: EscapeEvidence;
  readonly EXPLOIT_HOST_TRAVERSE: EscapeEvidence;
  readonly EXPLOIT_HOST_WRITE: EscapeEvidence;
  readonly EXPOSES: ExposesEvidence;
  readonly HOST_PORT_EXPOSED: SpecEvidence & {
    readonly ports: readonly number[];
  };
  readonly IDENTITY_ASSUME: IdentityAssumeEvidence;
  readonly IMPERSONATE_GROUP: CredentialEvidence;
  readonly IMPERSONATE_SA: CredentialEvidence;
  readonly IMPERSONATE_USER: CredentialEvidence;
  readonly MEMBER_OF: ReasonEvidence;
  readonly NODE_PROXY_EXEC: PlaceEvidence;
  readonly POD_ATTACH: PodAttachEvidence;
  readonly POD_ATTACH_API: PlaceEvidence;
  readonly POD_CREATE: PodCreateEvidence;
  readonly POD_CREATE_WITH_SA: PodCreateWithSaEvidence;
  readonly POD_DEBUG: PlaceEvidence;
  readonly POD_EXEC: PlaceEvidence;
  readonly POD_PATCH: PlaceEvidence;
  readonly ROLE_BIND: RoleGrantEvidence;
  readonly ROLE_ESCALATE: RoleGrantEvidence;
  readonly ROUTES_TO: RoutesToEvidence;
  readonly SECRET_MOUNT: SpecEvidence & { readonly ways: readonly string[] };
  readonly SECRET_READ: CredentialEvidence;
  readonly SHARE_PS_NAMESPACE: SpecEvidence & { readonly via: string };
  readonly TOKEN_BRUTEFORCE: CredentialEvidence;
  readonly TOKEN_LIST: CredentialEvidence;
  readonly TOKEN_NAME_KNOWN: CredentialEvidence;
  readonly TOKEN_REQUEST: CredentialEvidence;
  readonly TOKEN_SECRET_CREATE: CredentialEvidence;
  readonly WEBHOOK_CONTROL: RbacEvidence & {
    readonly namespaces?: readonly string[];
  };
  readonly HAS_ROLE: FieldEvidence;
  readonly ROLE_REF: FieldEvidence;
  readonly OWNS: FieldEvidence;
  readonly RUNS_ON: FieldEvidence;
  /** An identity reaches its permission holder through these bindings. */
  readonly GRANTS: { readonly bindings: readonly string[] };
  /** A Scope node stands for its member. */
  readonly INCLUDES: Readonly<Record<string, never>>;
};

export type AnyEdgeKind = EdgeKind | AuxiliaryEdgeKind;

/** One way an edge of kind K holds. */
export type WayOf<K extends AnyEdgeKind> = EvidenceByKind[K];

/** The evidence of an edge of kind K: its strongest way, and every other way in `alsoVia`. */
export type EdgeEvidence<K extends AnyEdgeKind> = WayOf<K> & {
  readonly alsoVia?: readonly WayOf<K>[];
};

/** Any edge's evidence. */
export type Evidence = { [K in AnyEdgeKind]: EdgeEvidence<K> }[AnyEdgeKind];

/** Any single way. */
export type Way = { [K in AnyEdgeKind]: WayOf<K> }[AnyEdgeKind];

/** An edge kind with its evidence, narrowed together on `kind`. */
export type KindedEvidence = {
  [K in AnyEdgeKind]: {
    readonly kind: K;
    readonly evidence: EdgeEvidence<K>;
  };
}[AnyEdgeKind];

/** Every way of an edge's evidence: the first, then `alsoVia`. */
export function waysOf<K extends AnyEdgeKind>(
  evidence: EdgeEvidence<K>,
): WayOf<K>[] {
  const { alsoVia, ...first } = evidence;
  return [first as WayOf<K>, ...(alsoVia ?? [])];
}

/** The sentence of a way, when it has one. */
export function reasonOf(evidence: Way | Evidence): string | undefined {
  return 'reason' in evidence && typeof evidence.reason === 'string'
    ? evidence.reason
    : undefined;
}
