/**
 * Lookup tables the workload techniques share, built once per snapshot index
 * (cached by the index object, so nothing is recomputed per holder): pods by
 * name, the existing ServiceAccounts per namespace (from the shared
 * ServiceAccount table, catalog 2.6), and Pod Security answers per namespace (2.7). Pure: the cache is a
 * WeakMap keyed by the read-only index.
 */

import type { KubeObject } from '@chokepoint/model';
import type { Policy } from '../../policy.ts';
import {
  admissionMayBlock,
  admitsPrivileged,
  enforceLevel,
} from '../../predicates/pod-security.ts';
import type {
  AdmissionMayBlockResult,
  AdmitsPrivilegedResult,
  EnforceLevelResult,
} from '../../predicates/pod-security.ts';
import type { ServiceAccountIndex } from '../../predicates/service-account-token.ts';
import type { ServiceAccountTable } from '../../entities/service-accounts.ts';
import type { RuleContext } from '../../rule-context.ts';
import type { SnapshotIndex, WorkloadInfo } from '../../snapshot-index.ts';
import { TrackedMemo, memoPer } from '../../provenance/track.ts';

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

function policyEngineObjects(index: SnapshotIndex): KubeObject[] {
  const out: KubeObject[] = [];
  for (const list of Object.values(index.snapshot.objects)) {
    for (const object of list) {
      const apiVersion = object.apiVersion ?? '';
      if (
        apiVersion.startsWith('kyverno.io/') ||
        apiVersion.startsWith('constraints.gatekeeper.sh/')
      ) {
        out.push(object);
      }
    }
  }
  return out;
}

function build(
  index: SnapshotIndex,
  accounts: ServiceAccountTable,
  policy: Policy,
): WorkloadTables {
  const pods = new Map<string, WorkloadInfo>();
  const byName = new Map<string, WorkloadInfo[]>();
  for (const workload of index.workloads) {
    if (workload.kind !== 'Pod') continue;
    pods.set(`${workload.namespace}/${workload.name}`, workload);
    let list = byName.get(workload.name);
    if (list === undefined) byName.set(workload.name, (list = []));
    list.push(workload);
  }

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
  const namespaces = [
    ...new Set([...index.namespaces.keys(), ...serviceAccounts.keys()]),
  ].sort();

  const admissionObjects = {
    validatingAdmissionPolicies: index.objects('ValidatingAdmissionPolicy'),
    validatingAdmissionPolicyBindings: index.objects(
      'ValidatingAdmissionPolicyBinding',
    ),
    validatingWebhookConfigurations: index.objects(
      'ValidatingWebhookConfiguration',
    ),
    policyEngineObjects: policyEngineObjects(index),
  };
  const enforceCache = new TrackedMemo<EnforceLevelResult>();
  const admitsCache = new TrackedMemo<AdmitsPrivilegedResult>();
  const blockCache = new TrackedMemo<AdmissionMayBlockResult>();
  const runtimeClasses = index.objects('RuntimeClass');

  return {
    pod: (namespace, name) => pods.get(`${namespace}/${name}`),
    podsNamed: name => byName.get(name) ?? EMPTY,
    serviceAccountIndex: accounts.index,
    serviceAccounts,
    namespaces,
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
          runtimeClasses,
        }),
      ),
    mayBlock: namespace =>
      blockCache.get(namespace, () =>
        admissionMayBlock(
          index.namespaces.get(namespace),
          namespace,
          admissionObjects,
          policy,
        ),
      ),
  };
}

export function workloadTables(ctx: RuleContext): WorkloadTables {
  return memo(ctx.index).get('', () =>
    build(ctx.index, ctx.accounts, ctx.policy),
  );
}
