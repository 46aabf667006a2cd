/**
 * Snapshot format v1: the raw Kubernetes objects of one cluster, grouped by
 * kind, with the metadata of how and when they were collected and what was
 * missing. Documented in docs/snapshot.md. Secret values never appear in it:
 * the collector redacts on every path before a Snapshot exists.
 */

export const SNAPSHOT_FORMAT = 'chokepoint.snapshot';
export const SNAPSHOT_SCHEMA_VERSION = 1;

/** A Kubernetes API object as read, without reshaping. */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly ownerReferences?: readonly {
      readonly apiVersion?: string;
      readonly kind: string;
      readonly name: string;
      readonly uid?: string;
      readonly controller?: boolean;
    }[];
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/** A resource the collector could not read (403, 404, ...). */
export interface CollectionGap {
  readonly resource: string;
  readonly namespace?: string;
  readonly code?: number;
  readonly message: string;
}

export interface SnapshotSource {
  /** A path, or `-` for standard input. */
  readonly path: string;
  readonly format: 'manifests' | 'kubectl-list' | 'kubehound-dump' | 'snapshot';
  readonly objects: number;
}

export interface SnapshotMetadata {
  readonly cluster: {
    readonly name: string;
    /** `gitVersion` of the API server, e.g. `v1.31.4`, when known. */
    readonly serverVersion?: string;
  };
  readonly collection: {
    /** ISO 8601 time the input was read or the cluster listed. */
    readonly collectedAt: string;
    readonly method: 'offline' | 'live';
    readonly tool: string;
    readonly sources: readonly SnapshotSource[];
    /** Kinds the analysis uses that the input holds none of. */
    readonly missingKinds: readonly string[];
    readonly gaps: readonly CollectionGap[];
    /** How many values redaction removed, by what they were. */
    readonly redacted: {
      readonly secretValues: number;
      readonly lastAppliedAnnotations: number;
      readonly configMapValues: number;
    };
    readonly warnings: readonly string[];
    /**
     * Files met while walking a folder that hold no Kubernetes object (Helm
     * chart files, kustomizations, other YAML), skipped with a warning each.
     */
    readonly skippedFiles?: number;
    /**
     * Namespaced objects the input gave no namespace, put in `namespace` as
     * `kubectl apply -n` does (`-n/--namespace`, default `default`).
     */
    readonly defaultedNamespace?: {
      readonly namespace: string;
      readonly objects: number;
    };
  };
}

export interface Snapshot extends SnapshotMetadata {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  /** Objects by kind; each list sorted by namespace, then name. */
  readonly objects: Readonly<Record<string, readonly KubeObject[]>>;
}

/** Kinds the engine reads; their absence is recorded as `missingKinds`. */
export const ANALYSED_KINDS = [
  'Namespace',
  'Node',
  'Pod',
  'ServiceAccount',
  'Secret',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'Service',
  'EndpointSlice',
  'Ingress',
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'ReplicationController',
  'NetworkPolicy',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
] as const;

/**
 * A command-line argument that names a Secret the workload creates or reads
 * at start-up (cert-manager's `--dynamic-serving-ca-secret-name=...`,
 * kube-webhook-certgen's `--secret-name=...`): a flag whose name holds
 * `secret` and ends in `name`, `=`, and an object name. A name, never a
 * value: the only arguments a snapshot keeps. Group 1 is the Secret's name.
 */
export const SECRET_NAME_ARG =
  /^--[a-z0-9-]*secret[a-z0-9-]*name=([a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?)$/;

export function countObjects(snapshot: Pick<Snapshot, 'objects'>): number {
  let n = 0;
  for (const list of Object.values(snapshot.objects)) n += list.length;
  return n;
}
