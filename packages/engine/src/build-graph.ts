/**
 * Snapshot -> attack graph (catalog sections 1 to 3), the engine's one pure
 * entry point for graph building:
 *
 * 1. index the snapshot and build the RBAC model (defaults assumed when the
 *    input lacks the built-in roles, catalog 4.5);
 * 2. add entity nodes and structural edges;
 * 3. run every snapshot rule once on each of its subjects;
 * 4. give each identity its permission holder (holder.ts) and run the holder
 *    rules for every new holder, until rules stop creating identities or
 *    RoleInScope nodes (ROLE_BIND targets, impersonated users).
 *
 * Each step runs as anchors of a derivation (provenance/derive.ts) that
 * remember what they read and produced, so a fix can later be measured by
 * running again only the anchors it touches (chokepoints/what-if.ts). Rules
 * return edge records; only the derivation (through GraphWriter) adds edges,
 * so deduplication and confidence merging happen in one place.
 */

import { createAttackGraph, objectId } from '@chokepoint/model';
import type {
  AttackGraph,
  KubeObject,
  RuleEdgeKind,
  Snapshot,
} from '@chokepoint/model';
import { assumptionsOf } from './entities/assumptions.ts';
import {
  buildEntityCore,
  buildRbacEntities,
  buildWorkloadEntity,
} from './entities/build-entities.ts';
import type { EntitySink } from './entities/build-entities.ts';
import { identityTable } from './entities/identities.ts';
import { serviceAccountTable } from './entities/service-accounts.ts';
import type { ServiceAccountTable } from './entities/service-accounts.ts';
import { GraphWriter } from './graph-writer.ts';
import type { Holder } from './holder.ts';
import { DEFAULT_POLICY } from './policy.ts';
import type { Policy } from './policy.ts';
import type { OnProgress } from './progress.ts';
import { RbacModel } from './rbac/index.ts';
import type { Grant } from './rbac/index.ts';
import { Deriver, IDENTITY_KINDS, orderedRules } from './provenance/derive.ts';
import type {
  ContextParts,
  DerivationSink,
  WayOut,
} from './provenance/derive.ts';
import {
  trackedAccounts,
  trackedIdentities,
  trackedIndex,
  trackedRbac,
} from './provenance/tracked-context.ts';
import type { Rule } from './rules/define-rule.ts';
import { identitySubjects } from './rules/structure-utils/identities.ts';
import { KEY } from './provenance/keys.ts';
import { track } from './provenance/track.ts';
import { untrackedIndex } from './provenance/tracked-context.ts';
import { buildSnapshotIndex } from './snapshot-index.ts';
import type { SnapshotIndex, WorkloadInfo } from './snapshot-index.ts';

export interface BuildOptions {
  readonly policy?: Policy;
  /**
   * Ids the caller names (`--entry`, `--critical`, `--from`, `--to`): each
   * `User:`/`Group:` one gets its node whether or not a binding names it.
   */
  readonly identities?: readonly string[];
  /** Called as rules run: phase `graph`, rules done of the rule count. */
  readonly onProgress?: OnProgress;
  /**
   * The `contextParts` of this snapshot, policy and `identities`, when the
   * caller made them already (the analysis runs the findings on them first).
   */
  readonly parts?: ModelParts;
}

/** Rules by edge kind: the full registry, or a part of it in a rule's own test. */
export type RuleSet = Readonly<Partial<Record<RuleEdgeKind, Rule>>>;

/** What a what-if needs to derive again only what a fix touches. */
export interface BuildDerivation {
  /** The untracked context the graph was derived from. */
  readonly parts: ContextParts;
  readonly rules: readonly Rule[];
  readonly deriver: Deriver;
  readonly holders: ReadonlyMap<string, Holder>;
  readonly graph: AttackGraph;
  /** The ids the caller named (BuildOptions.identities): they exist after any fix too. */
  readonly named: readonly string[];
}

/** The anchor of the entity core; `E|w|<workload>` and `E|r` are the other entity parts. */
export const ENTITY_CORE = 'E';
export const ENTITY_RBAC = 'E|r';
export function entityWorkloadKey(id: string): string {
  return `E|w|${id}`;
}
/** Whether an anchor is a part of the entity builder. */
export function isEntityAnchor(key: string): boolean {
  return key === ENTITY_CORE || key.startsWith('E|');
}

/** Whether the entity core makes a node, by id. */
export type EntityCore = (id: string) => boolean;

/**
 * The entity core as the anchor `E` of a derivation; returns the ids of
 * the nodes it made.
 */
export function deriveEntityCore(deriver: Deriver): ReadonlySet<string> {
  const made = new Set<string>();
  const { ctx } = deriver;
  // The entity builder makes a node of each object of a kind from its
  // kind, namespace and name alone: it reads the names of the objects
  // (`kn|`), so a fix that patches an object leaves the entities alone.
  const index = Object.create(ctx.index, {
    objects: {
      value: (kind: string): readonly KubeObject[] => {
        track(KEY.objectNames(kind));
        return untrackedIndex(ctx.index).objects(kind);
      },
    },
  }) as SnapshotIndex;
  deriver.run(ENTITY_CORE, () => {
    buildEntityCore(
      index,
      ctx.accounts,
      ctx.identities,
      entitySink(deriver, made),
    );
  });
  return made;
}

/** One workload's entities as the anchor `E|w|<workload>` (it reads `w|<workload>`). */
export function deriveWorkloadEntity(
  deriver: Deriver,
  workload: WorkloadInfo,
  core: EntityCore,
): void {
  deriver.run(entityWorkloadKey(workload.id), () => {
    track(KEY.workload(workload.id));
    buildWorkloadEntity(workload, entitySink(deriver, new Set(), core));
  });
}

/** Identities and RBAC objects as the anchor `E|r`. */
export function deriveRbacEntities(deriver: Deriver, core: EntityCore): void {
  const { ctx } = deriver;
  deriver.run(ENTITY_RBAC, () => {
    buildRbacEntities(
      ctx.rbac,
      ctx.identities,
      entitySink(deriver, new Set(), core),
    );
  });
}

/**
 * A part's sink: it asks whether a node exists only of itself and of the
 * core, reading `en|<id>` for the core's.
 */
function entitySink(
  deriver: Deriver,
  made: Set<string>,
  core: EntityCore = () => false,
): EntitySink {
  return {
    addNode: spec => {
      made.add(spec.id);
      return deriver.addNode(spec);
    },
    hasNode: id => {
      if (made.has(id)) return true;
      track(KEY.entityNode(id));
      return core(id);
    },
    addEdge: (kind, from, to, confidence, evidence) => {
      deriver.addEdge({ kind, from, to, confidence, evidence });
    },
  };
}

/** Entity nodes and structural edges, part by part in the graph's order. */
export function deriveEntities(deriver: Deriver): void {
  const made = deriveEntityCore(deriver);
  const core: EntityCore = id => made.has(id);
  for (const workload of untrackedIndex(deriver.ctx.index).workloads)
    deriveWorkloadEntity(deriver, workload, core);
  deriveRbacEntities(deriver, core);
}

export interface BuildResult {
  readonly graph: AttackGraph;
  readonly index: SnapshotIndex;
  readonly rbac: RbacModel;
  readonly accounts: ServiceAccountTable;
  /** Holders by node id. */
  readonly holders: ReadonlyMap<string, Holder>;
  /**
   * What the analysis assumed for objects the input lacks (built-in roles,
   * nodes, runtime Secrets): a report states these in its first lines.
   */
  readonly assumptions: readonly string[];
  /** Other things a report should state (unknown version...). */
  readonly notes: readonly string[];
  readonly derivation: BuildDerivation;
}

/** The context parts with the RBAC model itself (not a view of it). */
export type ModelParts = Omit<ContextParts, 'rbac'> & {
  readonly rbac: RbacModel;
};

/** The snapshot index, RBAC model and identity tables rules read. */
/** @param named ids the caller names (BuildOptions.identities) */
export function contextParts(
  snapshot: Snapshot,
  policy: Policy,
  named: readonly string[] = [],
): ModelParts {
  const index = buildSnapshotIndex(snapshot, policy);
  const rbac = RbacModel.fromObjects(
    {
      roles: index.objects('Role'),
      clusterRoles: index.objects('ClusterRole'),
      roleBindings: index.objects('RoleBinding'),
      clusterRoleBindings: index.objects('ClusterRoleBinding'),
    },
    { assumeDefaults: 'auto', trustCollectedAggregation: index.live },
  );
  return {
    index,
    policy,
    rbac,
    accounts: serviceAccountTable(index, rbac),
    identities: identityTable(index, rbac, named),
  };
}

/** The same parts, every lookup recorded as a read of the running anchor. */
export function trackedParts(parts: ContextParts): ContextParts {
  return {
    index: trackedIndex(parts.index),
    policy: parts.policy,
    rbac: trackedRbac(parts.rbac),
    accounts: trackedAccounts(parts.accounts),
    identities: trackedIdentities(parts.identities),
  };
}

/**
 * The snapshot rules on every subject, in kind order: for each rule its
 * workloads, objects, identities, then its `match`.
 */
export function deriveSnapshotRules(
  deriver: Deriver,
  parts: ContextParts,
  onRule?: (done: number) => void,
): void {
  const subjects = identitySubjects(parts);
  for (const [i, rule] of deriver.rules.entries()) {
    if (rule.matchWorkload !== undefined) {
      for (const workload of parts.index.workloads)
        deriver.workload(workload, rule);
    }
    if (rule.matchObject !== undefined) {
      for (const kind of rule.objectKinds ?? []) {
        for (const object of parts.index.objects(kind)) {
          const id = objectId(
            kind,
            object.metadata.name,
            object.metadata.namespace,
          );
          deriver.object(object, id, rule);
        }
      }
    }
    if (rule.matchIdentity !== undefined) {
      for (const identity of subjects) deriver.identity(identity, rule);
    }
    deriver.global(rule);
    onRule?.(i + 1);
  }
  deriver.drainCreated();
}

export function buildAttackGraph(
  snapshot: Snapshot,
  rules: RuleSet,
  options: BuildOptions = {},
): BuildResult {
  const policy = options.policy ?? DEFAULT_POLICY;
  const named = options.identities ?? [];
  const parts = options.parts ?? contextParts(snapshot, policy, named);
  const { index, rbac } = parts;
  const graph = createAttackGraph({
    cluster: snapshot.cluster.name,
    ...(index.serverVersion === undefined
      ? {}
      : { serverVersion: index.serverVersion }),
  });
  const out = new GraphWriter(graph);
  const sink: DerivationSink = {
    addNode: spec => out.addNode(spec),
    hasNode: id => out.hasNode(id),
    addEdge: (way: WayOut) => {
      way.key = out.addWay(
        way.kind,
        way.from,
        way.to,
        way.confidence,
        way.evidence,
      );
    },
  };
  const ordered = orderedRules(Object.values(rules));
  const deriver = new Deriver(trackedParts(parts), ordered, sink);
  deriveEntities(deriver);

  const report = options.onProgress;
  report?.({ phase: 'graph', done: 0, total: ordered.length });
  deriveSnapshotRules(deriver, parts, done => {
    report?.({ phase: 'graph', done, total: ordered.length });
  });

  const holders = new Map<string, Holder>();
  const pending: Holder[] = [];
  const holderOf = (grants: readonly Grant[], user?: string): Holder => {
    const made = deriver.makeHolder(grants, user);
    const existing = holders.get(made.id);
    if (existing !== undefined) {
      deriver.addHolderNode(existing);
      return existing;
    }
    holders.set(made.id, made);
    deriver.addHolderNode(made);
    pending.push(made);
    return made;
  };
  const assigned = new Set<string>();
  const assignHolders = (): void => {
    graph.forEachNode((id, attributes) => {
      if (assigned.has(id)) return;
      if (
        attributes.kind !== 'RoleInScope' &&
        !IDENTITY_KINDS.has(attributes.kind)
      )
        return;
      assigned.add(id);
      const holder = deriver.assign(id, attributes, holderOf);
      if (holder?.clusterAdmin === true && attributes.kind !== 'RoleInScope')
        graph.mergeNodeAttributes(id, {
          props: { ...(attributes.props ?? {}), clusterAdmin: true },
        });
    });
  };

  assignHolders();
  while (pending.length > 0) {
    const batch = pending.splice(0);
    for (const holder of batch)
      for (const rule of ordered) deriver.holderRule(rule, holder);
    deriver.drainCreated();
    assignHolders();
  }

  const notes: string[] = [];
  if (index.version === undefined) {
    notes.push(
      'The server version is unknown: version-dependent edges are at most medium confidence.',
    );
  }
  return {
    graph,
    index,
    rbac,
    accounts: parts.accounts,
    holders,
    assumptions: assumptionsOf(index, rbac),
    notes,
    derivation: { parts, rules: ordered, deriver, holders, graph, named },
  };
}
