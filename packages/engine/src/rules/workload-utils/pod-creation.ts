/**
 * How can a holder get a pod of its choosing created in namespace ns
 * (catalog 3.5 POD_CREATE_WITH_SA, used as well by POD_CREATE,
 * WEBHOOK_CONTROL and CLOUD_IDENTITY_ASSUME)?
 *
 * - `create pods`, or `create` on a pod controller: `deployments`,
 *   `replicasets`, `statefulsets`, `daemonsets` (group `apps`), `jobs`,
 *   `cronjobs` (group `batch`), `replicationcontrollers` (core). Create
 *   carries no name, so name-restricted rules never allow it (4.2).
 * - `patch`, or `update` plus a read (`get` on it, `list`/`watch` in ns), of
 *   an existing Deployment, ReplicaSet, ReplicationController, DaemonSet,
 *   StatefulSet or CronJob, names respected. Never a Job: its pod template
 *   is immutable.
 *
 * Confidence: medium for a CronJob (the pod comes at the next schedule) and
 * for a DaemonSet or StatefulSet with `updateStrategy: OnDelete` (the pods
 * change only when re-created); high otherwise.
 *
 * Pod Security sees the identity that creates the pod (2.7): the holder for
 * `create pods`; the controller's ServiceAccount for controller-made pods
 * (kube-controller-manager with `--use-service-account-credentials`, as
 * kubeadm and kind run it).
 */

import { objectId } from '@chokepoint/model';
import type { Confidence, KubeObject } from '@chokepoint/model';
import type { ControllerKind } from '../../entities/owners.ts';
import type { Holder } from '../../holder.ts';
import { asString, pathOf } from '../../predicates/json.ts';
import type { RuleContext } from '../../rule-context.ts';
import type { PermissionEvidence } from '../evidence.ts';
import {
  needs,
  patchOrUpdateWithRead,
  permissionsFor,
  reachedPlaces,
} from './requirements.ts';
import { workloadTables } from './tables.ts';
import { identityKey, memoPer } from '../../provenance/track.ts';

export type CreatedKind = 'Pod' | ControllerKind;

export interface CreationWay {
  readonly kind: CreatedKind;
  readonly verb: 'create' | 'patch' | 'update';
  /** The existing controller changed (patch/update ways). */
  readonly object?: string;
  readonly confidence: Confidence;
  readonly reason: string;
  /** The username Pod Security sees; undefined: the holder's own identity. */
  readonly creator?: string;
  readonly permissions: readonly PermissionEvidence[];
}

export interface PodCreation {
  /** Ways that hold in every namespace (cluster-wide create grants). */
  readonly everywhere: readonly CreationWay[];
  /** Further ways, per namespace. */
  readonly byNamespace: ReadonlyMap<string, readonly CreationWay[]>;
  /** Every namespace with at least one way, `everywhere` ones included, sorted. */
  readonly namespaces: readonly string[];
  /** All ways in one namespace, best first. */
  readonly ways: (namespace: string) => readonly CreationWay[];
}

interface Creatable {
  readonly kind: CreatedKind;
  readonly apiGroup: string;
  readonly resource: string;
}

const CREATABLE: readonly Creatable[] = [
  { kind: 'Pod', apiGroup: '', resource: 'pods' },
  { kind: 'Deployment', apiGroup: 'apps', resource: 'deployments' },
  { kind: 'ReplicaSet', apiGroup: 'apps', resource: 'replicasets' },
  { kind: 'StatefulSet', apiGroup: 'apps', resource: 'statefulsets' },
  { kind: 'DaemonSet', apiGroup: 'apps', resource: 'daemonsets' },
  { kind: 'Job', apiGroup: 'batch', resource: 'jobs' },
  { kind: 'CronJob', apiGroup: 'batch', resource: 'cronjobs' },
  {
    kind: 'ReplicationController',
    apiGroup: '',
    resource: 'replicationcontrollers',
  },
];

/** Controllers whose pod template can be changed to make new pods (not Job). */
const PATCHABLE: readonly Creatable[] = CREATABLE.filter(
  c => c.kind !== 'Pod' && c.kind !== 'Job',
);

/** The ServiceAccount of kube-controller-manager that creates the pods of each controller kind. */
export const CONTROLLER_CREATORS: Readonly<Record<ControllerKind, string>> = {
  Deployment: 'system:serviceaccount:kube-system:replicaset-controller',
  ReplicaSet: 'system:serviceaccount:kube-system:replicaset-controller',
  ReplicationController:
    'system:serviceaccount:kube-system:replication-controller',
  DaemonSet: 'system:serviceaccount:kube-system:daemon-set-controller',
  StatefulSet: 'system:serviceaccount:kube-system:statefulset-controller',
  Job: 'system:serviceaccount:kube-system:job-controller',
  CronJob: 'system:serviceaccount:kube-system:job-controller',
};

export function creatorOf(kind: CreatedKind): string | undefined {
  return kind === 'Pod' ? undefined : CONTROLLER_CREATORS[kind];
}

function createConfidence(kind: CreatedKind): Confidence {
  return kind === 'CronJob' ? 'medium' : 'high';
}

/** Medium when the change reaches pods only on a future event (catalog 3.5). */
export function patchConfidence(object: KubeObject): Confidence {
  if (object.kind === 'CronJob') return 'medium';
  if (object.kind === 'DaemonSet' || object.kind === 'StatefulSet') {
    const strategy = asString(pathOf(object, 'spec', 'updateStrategy', 'type'));
    if (strategy === 'OnDelete') return 'medium';
  }
  return 'high';
}

const rank = (c: Confidence): number =>
  c === 'high' ? 2 : c === 'medium' ? 1 : 0;

function createReason(kind: CreatedKind): string {
  if (kind === 'Pod')
    return 'The holder can create pods, choosing their ServiceAccount, image and security context.';
  const later = kind === 'CronJob' ? ' at its next schedule' : '';
  return `The holder can create a ${kind} whose pod template it chooses; the controller then creates the pods${later}.`;
}

function patchReason(
  object: KubeObject,
  label: string,
  confidence: Confidence,
): string {
  const later =
    object.kind === 'CronJob'
      ? ' at its next schedule'
      : confidence === 'medium'
        ? ' when they are re-created (updateStrategy OnDelete)'
        : '';
  return `The holder can ${label} ${object.kind} ${object.metadata.namespace ?? 'default'}/${object.metadata.name} and rewrite its pod template; the controller then creates pods from it${later}.`;
}

const memo = memoPer<PodCreation>();

/**
 * Per rule context and per holder object: a what-if may give a holder id
 * new grants, and the ways of the old grants must not be served for it.
 */
export function podCreation(ctx: RuleContext, holder: Holder): PodCreation {
  return memo(ctx.index).get(identityKey(holder), () =>
    computePodCreation(ctx, holder),
  );
}

function computePodCreation(ctx: RuleContext, holder: Holder): PodCreation {
  const everywhere: CreationWay[] = [];
  const byNamespace = new Map<string, CreationWay[]>();
  const addIn = (namespace: string, way: CreationWay): void => {
    let list = byNamespace.get(namespace);
    if (list === undefined) byNamespace.set(namespace, (list = []));
    list.push(way);
  };

  for (const creatable of CREATABLE) {
    const requirement = needs({
      verb: 'create',
      apiGroup: creatable.apiGroup,
      resource: creatable.resource,
    });
    const places = reachedPlaces(holder, requirement);
    const creator = creatorOf(creatable.kind);
    const base = {
      kind: creatable.kind,
      verb: 'create' as const,
      confidence: createConfidence(creatable.kind),
      reason: createReason(creatable.kind),
      ...(creator === undefined ? {} : { creator }),
    };
    if (places.everywhere) {
      const permissions = permissionsFor(holder, requirement, '');
      if (permissions !== undefined) everywhere.push({ ...base, permissions });
      continue;
    }
    for (const namespace of places.namespaces) {
      const permissions = permissionsFor(holder, requirement, namespace);
      if (permissions !== undefined) addIn(namespace, { ...base, permissions });
    }
  }

  for (const patchable of PATCHABLE) {
    // Every object of the kind is read only by a holder that may patch
    // them all (or by name in every namespace): the others read their
    // namespaces' objects alone, so a fix to one controller re-derives only
    // the holders that could patch it.
    let all: readonly KubeObject[] | undefined;
    const objects = (): readonly KubeObject[] =>
      (all ??= ctx.index.objects(patchable.kind));
    for (const { requirement, label } of patchOrUpdateWithRead(
      patchable.apiGroup,
      patchable.resource,
    )) {
      const places = reachedPlaces(holder, requirement);
      const candidates: KubeObject[] = [];
      if (places.everywhere) candidates.push(...objects());
      else {
        for (const namespace of places.namespaces)
          candidates.push(...ctx.index.inNamespace(patchable.kind, namespace));
        for (const [namespace, name] of places.names) {
          if (namespace === '')
            candidates.push(...objects().filter(o => o.metadata.name === name));
          else {
            const object = ctx.index.get(patchable.kind, namespace, name);
            if (object !== undefined) candidates.push(object);
          }
        }
      }
      // One way per namespace and confidence is enough: the targets are the namespace's ServiceAccounts.
      const best = new Map<string, CreationWay>();
      for (const object of candidates) {
        const namespace = object.metadata.namespace ?? 'default';
        const confidence = patchConfidence(object);
        const seen = best.get(namespace);
        if (seen !== undefined && rank(seen.confidence) >= rank(confidence))
          continue;
        const permissions = permissionsFor(
          holder,
          requirement,
          namespace,
          object.metadata.name,
        );
        if (permissions === undefined) continue;
        const creator = creatorOf(patchable.kind);
        best.set(namespace, {
          kind: patchable.kind,
          verb: label.startsWith('patch') ? 'patch' : 'update',
          object: objectId(patchable.kind, object.metadata.name, namespace),
          confidence,
          reason: patchReason(object, label, confidence),
          ...(creator === undefined ? {} : { creator }),
          permissions,
        });
      }
      for (const [namespace, way] of best) addIn(namespace, way);
    }
  }

  const byRank = (a: CreationWay, b: CreationWay): number =>
    rank(b.confidence) - rank(a.confidence);
  everywhere.sort(byRank);
  for (const list of byNamespace.values()) list.sort(byRank);
  const tables = workloadTables(ctx);
  const namespaces =
    everywhere.length > 0 ? tables.namespaces : [...byNamespace.keys()].sort();
  const result: PodCreation = {
    everywhere,
    byNamespace,
    namespaces,
    ways: namespace =>
      [...everywhere, ...(byNamespace.get(namespace) ?? [])].sort(byRank),
  };
  return result;
}

/** A controller-made pod or a stand-in: the controller re-creates pods, so admission runs again. */
export function controllerCreator(kind: ControllerKind): string {
  return CONTROLLER_CREATORS[kind];
}
