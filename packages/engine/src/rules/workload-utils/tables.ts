/**
 * Lookup tables the workload techniques share, built once per snapshot index
 * (cached by the index object, so nothing is recomputed per holder): pods by
 * name, the existing ServiceAccounts per namespace (from the shared
 * ServiceAccount table, catalog 2.6), and Pod Security answers per namespace (2.7). Pure: the cache is a
 * WeakMap keyed by the read-only index.
 *
 * The tables are built untracked and each lookup records the read key of
 * exactly what it answers from (keys.ts): a pod by its workload key, the
 * pods of one name, one namespace's ServiceAccounts, the admission objects
 * only where an admission question is asked. So a fix that changes one pod
 * re-derives the anchors that looked that pod up, not every anchor that
 * uses the tables (issue 10 point 6).
 */

import { objectId } from '@chokepoint/model';
import type { KubeObject } from '@chokepoint/model';
import type { Policy } from '../../policy.ts';
import {
  admissionMayBlock,
  admitsPrivileged,
  enforceLevel,
} from '../../predicates/pod-security.ts';
import type {
  AdmissionMayBlockResult,
  AdmissionObjects,
  AdmitsPrivilegedResult,
  EnforceLevelResult,
} from '../../predicates/pod-security.ts';
import type { ServiceAccountIndex } from '../../predicates/service-account-token.ts';
import type { ServiceAccountTable } from '../../entities/service-accounts.ts';
import type { RuleContext } from '../../rule-context.ts';
import type { SnapshotIndex, WorkloadInfo } from '../../snapshot-index.ts';
import { KEY } from '../../provenance/keys.ts';
import { TrackedMap } from '../../provenance/tracked-context.ts';
import {
  TrackedMemo,
  memoPer,
  track,
  untracked,
} from '../../provenance/track.ts';

export interface NamespaceServiceAccounts {
  /** Ids of ServiceAccounts that exist (in the input, or `default`). */
  readonly existing: readonly string[];
  /** Ids whose existence is inferred from references (edges at most medium). */
  readonly inferred: readonly string[];
}

export interface WorkloadTables {
  readonly pod: (namespace: string, name: string) => WorkloadInfo | undefined;
  readonly podsNamed: (name: string) => readonly WorkloadInfo[];
  readonly serviceAccountIndex: ServiceAccountIndex;
  /** ServiceAccount nodes of the graph with SAExists, per namespace. */
  readonly serviceAccounts: ReadonlyMap<string, NamespaceServiceAccounts>;
  /** Every namespace known: objects, references and ServiceAccounts. */
  readonly namespaces: readonly string[];
  readonly enforce: (namespace: string) => EnforceLevelResult;
  readonly admits: (
    namespace: string,
    creator: string | undefined,
  ) => AdmitsPrivilegedResult;
  readonly mayBlock: (namespace: string) => AdmissionMayBlockResult;
}

const EMPTY: readonly never[] = [];
const memo = memoPer<WorkloadTables>();

/** Kyverno and Gatekeeper objects (AdmissionMayBlock): their read key is KEY.policyEngines. */
export function isPolicyEngineObject(object: KubeObject): boolean {
  const apiVersion = object.apiVersion ?? '';
  return (
    apiVersion.startsWith('kyverno.io/') ||
    apiVersion.startsWith('constraints.gatekeeper.sh/')
  );
}

function policyEngineObjects(index: SnapshotIndex): KubeObject[] {
  const out: KubeObject[] = [];
  for (const list of Object.values(index.snapshot.objects)) {
    for (const object of list)
      if (isPolicyEngineObject(object)) out.push(object);
  }
  return out;
}

interface PodTables {
  readonly pods: ReadonlyMap<string, WorkloadInfo>;
  readonly byName: ReadonlyMap<string, readonly WorkloadInfo[]>;
}

// The pod and ServiceAccount tables follow from the workload list and the
// ServiceAccount table alone; a what-if's index shares both with the
// analysed one unless its fix changes them, and so shares these tables.
const podTables = new WeakMap<readonly WorkloadInfo[], PodTables>();
const accountTables = new WeakMap<
  ServiceAccountTable,
  ReadonlyMap<string, NamespaceServiceAccounts>
>();

function podTablesOf(workloads: readonly WorkloadInfo[]): PodTables {
  const known = podTables.get(workloads);
  if (known !== undefined) return known;
  const pods = new Map<string, WorkloadInfo>();
  const byName = new Map<string, WorkloadInfo[]>();
  for (const workload of workloads) {
    if (workload.kind !== 'Pod') continue;
    pods.set(`${workload.namespace}/${workload.name}`, workload);
    let list = byName.get(workload.name);
    if (list === undefined) byName.set(workload.name, (list = []));
    list.push(workload);
  }
  const tables = { pods, byName };
  podTables.set(workloads, tables);
  return tables;
}

function accountTablesOf(
  accounts: ServiceAccountTable,
): ReadonlyMap<string, NamespaceServiceAccounts> {
  const known = accountTables.get(accounts);
  if (known !== undefined) return known;
  const serviceAccounts = new Map<string, NamespaceServiceAccounts>();
  for (const [namespace, list] of accounts.byNamespace) {
    const existing: string[] = [];
    const inferred: string[] = [];
    for (const account of list) {
      if (!account.exists) continue;
      (account.inferred ? inferred : existing).push(account.id);
    }
    serviceAccounts.set(namespace, { existing, inferred });
  }
  accountTables.set(accounts, serviceAccounts);
  return serviceAccounts;
}

function build(
  index: SnapshotIndex,
  accounts: ServiceAccountTable,
  policy: Policy,
): WorkloadTables {
  const { pods, byName } = podTablesOf(index.workloads);
  const serviceAccounts = accountTablesOf(accounts);
  const namespaces = [
    ...new Set([...index.namespaces.keys(), ...serviceAccounts.keys()]),
  ].sort();

  // Read (and their keys recorded) only by the answers that need them.
  let admissionObjects: AdmissionObjects | undefined;
  const admission = (): AdmissionObjects => {
    track(KEY.policyEngines);
    admissionObjects ??= {
      validatingAdmissionPolicies: index.objects('ValidatingAdmissionPolicy'),
      validatingAdmissionPolicyBindings: index.objects(
        'ValidatingAdmissionPolicyBinding',
      ),
      validatingWebhookConfigurations: index.objects(
        'ValidatingWebhookConfiguration',
      ),
      policyEngineObjects: untracked(() => policyEngineObjects(index)),
    };
    for (const kind of ADMISSION_KINDS) track(KEY.ofKind(kind));
    return admissionObjects;
  };
  const enforceCache = new TrackedMemo<EnforceLevelResult>();
  const admitsCache = new TrackedMemo<AdmitsPrivilegedResult>();
  const blockCache = new TrackedMemo<AdmissionMayBlockResult>();

  return {
    pod: (namespace, name) => {
      track(KEY.workload(objectId('Pod', name, namespace)));
      return pods.get(`${namespace}/${name}`);
    },
    podsNamed: name => {
      track(KEY.podsNamed(name));
      return byName.get(name) ?? EMPTY;
    },
    serviceAccountIndex: accounts.index,
    serviceAccounts: new TrackedMap(
      serviceAccounts,
      KEY.accountsIn,
      KEY.accounts,
    ),
    get namespaces() {
      track(KEY.namespaceNames);
      track(KEY.accountNamespaces);
      return namespaces;
    },
    enforce: namespace =>
      enforceCache.get(namespace, () =>
        enforceLevel(index.namespaces.get(namespace), namespace, policy),
      ),
    admits: (namespace, creator) =>
      admitsCache.get(`${namespace}\n${creator ?? ''}`, () =>
        admitsPrivileged({
          namespace: index.namespaces.get(namespace),
          namespaceName: namespace,
          ...(creator === undefined ? {} : { creator }),
          policy,
          runtimeClasses: index.objects('RuntimeClass'),
        }),
      ),
    mayBlock: namespace =>
      blockCache.get(namespace, () =>
        admissionMayBlock(
          index.namespaces.get(namespace),
          namespace,
          admission(),
          policy,
        ),
      ),
  };
}

const ADMISSION_KINDS = [
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
] as const;

export function workloadTables(ctx: RuleContext): WorkloadTables {
  return memo(ctx.index).get('', () =>
    untracked(() => build(ctx.index, ctx.accounts, ctx.policy)),
  );
}
