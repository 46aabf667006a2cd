/**
 * What a fix changes in the attack graph, derived incrementally
 * (architecture.md 3a, issue 10 point 2): the fix's objects give the facts
 * that change (delta.ts); the anchors that read one of them, and the anchors
 * of subjects that appear, run again against the changed context; the
 * anchors of subjects that disappear are dropped. Nodes exist while some
 * live anchor adds them; a node that appears gets its holder (G) and, when
 * a rule made it, its matchNode edges (N); a holder that appears gets its
 * holder rules (H). Scopes whose members may change are computed again
 * through one anchor that asks for them. This repeats until nothing more
 * changes. Nothing is rebuilt: untouched anchors keep their outputs.
 *
 * The result is the graph's difference (edges whose ways all went, ways
 * that came, nodes that came and went, identities whose cluster-admin mark
 * changed), which a masked reachability pass over the CSR index turns into
 * exposure (analysis/measure.ts).
 */

import { edgeKey, objectId } from '@chokepoint/model';
import type { KubeObject, NodeAttributes } from '@chokepoint/model';
import type { BuildDerivation } from '../build-graph.ts';
import {
  ENTITY_CORE,
  ENTITY_RBAC,
  deriveEntityCore,
  deriveRbacEntities,
  deriveWorkloadEntity,
  entityWorkloadKey,
  isEntityAnchor,
  trackedParts,
} from '../build-graph.ts';
import type { Holder } from '../holder.ts';
import type { IdentitySubject, NodeSpec } from '../rules/define-rule.ts';
import type { WorkloadInfo } from '../snapshot-index.ts';
import { identitySubjects } from '../rules/structure-utils/identities.ts';
import { Deriver, IDENTITY_KINDS } from './derive.ts';
import type { AnchorOut, ContextParts, WayOut } from './derive.ts';
import { KEY } from './keys.ts';
import { objectIdOf } from './delta.ts';

/** The base derivation's outputs, indexed for what-ifs (built once, lazily). */
export interface DerivationIndex {
  readonly readers: ReadonlyMap<string, readonly string[]>;
  /** Node id -> the anchors that add it, in build order. */
  readonly creators: ReadonlyMap<string, readonly string[]>;
  /** Edge key -> the anchors that give it a way. */
  readonly edgeAnchors: ReadonlyMap<string, readonly string[]>;
  /** Anchor key -> the holder a G anchor resolved to. */
  readonly holderUse: ReadonlyMap<string, number>;
  /** The ids of the nodes the entity core makes. */
  readonly entityCore: ReadonlySet<string>;
  /** The kinds of objects `matchObject` rules read. */
  readonly objectKinds: ReadonlySet<string>;
  /** The subjects of the base's O anchors, by object id. */
  readonly objects: ReadonlyMap<string, KubeObject>;
  /** The subjects of the base's I anchors, by id. */
  readonly subjects: ReadonlyMap<string, IdentitySubject>;
}

const indexes = new WeakMap<BuildDerivation, DerivationIndex>();

export function derivationIndex(base: BuildDerivation): DerivationIndex {
  const cached = indexes.get(base);
  if (cached !== undefined) return cached;
  const readers = new Map<string, string[]>();
  const creators = new Map<string, string[]>();
  const edgeAnchors = new Map<string, string[]>();
  const holderUse = new Map<string, number>();
  const push = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [value]);
    else if (list[list.length - 1] !== value) list.push(value);
  };
  for (const anchor of base.deriver.anchors.values()) {
    for (const read of anchor.reads) push(readers, read, anchor.key);
    for (const node of anchor.nodes) push(creators, node.id, anchor.key);
    for (const way of anchor.ways)
      push(
        edgeAnchors,
        way.key ?? edgeKey(way.from, way.kind, way.to),
        anchor.key,
      );
    if (anchor.holder !== undefined)
      holderUse.set(
        anchor.holder.id,
        (holderUse.get(anchor.holder.id) ?? 0) + 1,
      );
  }
  const entityCore = new Set(
    (base.deriver.anchors.get(ENTITY_CORE)?.nodes ?? []).map(node => node.id),
  );
  const objectKinds = new Set(
    base.rules.flatMap(rule => rule.objectKinds ?? []),
  );
  const objects = new Map<string, KubeObject>();
  for (const kind of objectKinds)
    for (const object of base.parts.index.objects(kind))
      objects.set(objectIdOf(object), object);
  const subjects = new Map(identitySubjects(base.parts).map(s => [s.id, s]));
  const built = {
    readers,
    creators,
    edgeAnchors,
    holderUse,
    entityCore,
    objectKinds,
    objects,
    subjects,
  };
  indexes.set(base, built);
  return built;
}

/** The difference a fix makes to the attack graph. */
export interface GraphDelta {
  /** Anchors run again (their new outputs) or dropped (undefined). */
  readonly anchors: ReadonlyMap<string, AnchorOut | undefined>;
  /** Edges some changed anchor gave or gives a way: their ways after the fix. */
  readonly edges: ReadonlyMap<string, readonly WayOut[]>;
  /** Nodes that exist after the fix and did not before, with their attributes. */
  readonly addedNodes: ReadonlyMap<string, NodeAttributes>;
  readonly removedNodes: ReadonlySet<string>;
  /** Identity nodes whose cluster-admin mark changed: the mark after. */
  readonly clusterAdmin: ReadonlyMap<string, boolean>;
  /** The context after the fix. */
  readonly parts: ContextParts;
}

const SCOPE_READ = KEY.scope('');
const WORKLOAD_READ = KEY.workload('');
const OBJECT_READ = KEY.object('', '', '').slice(0, 2);

/** Kind, namespace and name of an object's read key (keys.ts). */
function splitObjectKey(key: string): [string, string, string] {
  const rest = key.slice(OBJECT_READ.length);
  const a = rest.indexOf('|');
  const b = rest.indexOf('|', a + 1);
  return [rest.slice(0, a), rest.slice(a + 1, b), rest.slice(b + 1)];
}

/** Anchors whose outputs are made by rules (toNode): their nodes get matchNode edges. */
function ruleAnchor(key: string): boolean {
  return /^[WOIRNH]\|/.test(key);
}

/**
 * Derives again what `dirty` (the changed facts) and the subject changes
 * touch, against `parts` (the context after the fix).
 */
export function deriveDelta(
  base: BuildDerivation,
  parts: ContextParts,
  dirty: Iterable<string>,
): GraphDelta {
  const index = derivationIndex(base);
  const baseAnchors = base.deriver.anchors;
  /** Anchors run again (their outputs) or dropped (undefined). */
  const layer = new Map<string, AnchorOut | undefined>();
  const dirtyScopes = new Set<string>();
  const recomputedScopes = new Set<string>();
  const baseScope = (key: string): AnchorOut | undefined =>
    baseAnchors.get(`S|${key}`);
  const deriver = new Deriver(
    trackedParts(parts),
    base.rules,
    { addNode: () => true, hasNode: () => false, addEdge: () => undefined },
    key => {
      if (dirtyScopes.has(key) || layer.has(`S|${key}`)) {
        recomputedScopes.add(key);
        return undefined;
      }
      const known = baseScope(key);
      if (known?.resolvedSet === true) return { id: known.resolved };
      // A scope the base never asked for: its members (INCLUDES edges) are
      // new too, so it joins the layer like a recomputed one.
      recomputedScopes.add(key);
      return undefined;
    },
  );
  deriver.collectCreated = false;

  const queue: string[] = [];
  const queued = new Set<string>();
  const enqueue = (key: string): void => {
    if (queued.has(key)) return;
    queued.add(key);
    // The entity core runs first: the other entity parts ask it whether a
    // node exists, and it reads only facts of the input (marked up front).
    if (key === ENTITY_CORE) queue.unshift(key);
    else queue.push(key);
  };
  const seenKeys = new Set<string>();
  const askedBy = (key: string): readonly string[] =>
    index.readers.get(KEY.scope(key)) ?? [];
  /**
   * A scope whose members may change is computed again by one anchor that
   * asks for it running again (through the scopes that contain it); others
   * follow only if what it resolves to changes.
   */
  const markScopeDirty = (key: string): void => {
    if (dirtyScopes.has(key)) return;
    dirtyScopes.add(key);
    const askers = askedBy(key);
    const asker = askers.find(a => !a.startsWith('S|')) ?? askers[0];
    if (asker === undefined) return;
    if (asker.startsWith('S|')) markScopeDirty(asker.slice(2));
    else enqueue(asker);
  };
  const markDirty = (key: string): void => {
    if (seenKeys.has(key)) return;
    seenKeys.add(key);
    for (const reader of index.readers.get(key) ?? []) {
      if (reader.startsWith('S|')) markScopeDirty(reader.slice(2));
      else enqueue(reader);
    }
  };
  const dirtySet = new Set(dirty);
  for (const key of dirtySet) markDirty(key);

  // Subjects that appear or go: a workload or object does only when the
  // fix changes its key; identities only when the tables they come from
  // change.
  let workloadsAfter: Map<string, WorkloadInfo> | undefined;
  const workloadAfter = (id: string): WorkloadInfo | undefined =>
    (workloadsAfter ??= new Map(parts.index.workloads.map(w => [w.id, w]))).get(
      id,
    );
  const objectsAfter = new Map<string, KubeObject | undefined>();
  const objectAfter = (id: string): KubeObject | undefined =>
    objectsAfter.has(id) ? objectsAfter.get(id) : index.objects.get(id);
  let subjectsAfter: ReadonlyMap<string, IdentitySubject> = index.subjects;
  const appearsOrGoes = (key: string, after: boolean): void => {
    if (after !== baseAnchors.has(key)) enqueue(key);
  };
  for (const key of dirtySet) {
    if (key.startsWith(WORKLOAD_READ)) {
      const id = key.slice(WORKLOAD_READ.length);
      const after = workloadAfter(id) !== undefined;
      appearsOrGoes(`W|${id}`, after);
      appearsOrGoes(entityWorkloadKey(id), after);
    } else if (key.startsWith(OBJECT_READ)) {
      const [kind, namespace, name] = splitObjectKey(key);
      if (!index.objectKinds.has(kind)) continue;
      const object = parts.index.get(kind, namespace, name);
      const id = objectId(kind, name, namespace);
      objectsAfter.set(id, object);
      appearsOrGoes(`O|${id}`, object !== undefined);
    }
  }
  if (dirtySet.has(KEY.accounts) || dirtySet.has(KEY.identities('users'))) {
    subjectsAfter = new Map(identitySubjects(parts).map(s => [s.id, s]));
    for (const id of subjectsAfter.keys())
      if (!index.subjects.has(id)) enqueue(`I|${id}`);
    for (const id of index.subjects.keys())
      if (!subjectsAfter.has(id)) enqueue(`I|${id}`);
  }

  // Which live anchors add each node, after the fix.
  const layerCreators = new Map<string, Set<string>>();
  const nodeSpecs = new Map<string, NodeSpec>();
  const touchedNodes = new Set<string>();
  // A RoleInScope's own holder anchor adds the node it stands on: that
  // keeps nothing alive (in a fresh build the anchor runs only on a node
  // something else made).
  const creatorsAfter = (id: string): string[] => {
    const self = `G|${id}`;
    const out = (index.creators.get(id) ?? []).filter(
      a => a !== self && !layer.has(a),
    );
    for (const a of layerCreators.get(id) ?? []) if (a !== self) out.push(a);
    return out;
  };
  const exists = (id: string): boolean => creatorsAfter(id).length > 0;
  const madeByRule = (id: string): boolean => {
    const creators = creatorsAfter(id);
    return !creators.some(isEntityAnchor) && creators.some(ruleAnchor);
  };
  const nodeAttributes = (id: string): NodeAttributes | undefined => {
    if (base.graph.hasNode(id)) return base.graph.getNodeAttributes(id);
    const spec = nodeSpecs.get(id);
    if (spec === undefined) return undefined;
    const { id: _id, ...attributes } = spec;
    return attributes;
  };

  // Holders after the fix: the same object while their grants are the same.
  const holders = new Map<string, Holder>(base.holders);
  const holderUse = new Map(index.holderUse);
  const holderOf = (grants: Holder['grants'], user?: string): Holder => {
    let made = deriver.makeHolder(grants, user);
    const known = holders.get(made.id);
    // One role granted in one scope is one holder, whoever holds it: the
    // build keeps the grant of the first that asked for it, named after its
    // binding (build-graph.ts), and so does a what-if that changes the
    // role's rules.
    const first = known?.grants.length === 1 ? known.grants[0] : undefined;
    const only = made.grants.length === 1 ? made.grants[0] : undefined;
    if (
      first !== undefined &&
      only !== undefined &&
      first.binding !== only.binding
    )
      made = deriver.makeHolder([{ ...only, binding: first.binding }], user);
    const same = known !== undefined && sameGrants(known.grants, made.grants);
    const holder = same ? known : made;
    if (!same) {
      holders.set(made.id, made);
      if (known !== undefined) markDirty(KEY.holder(made.id));
    }
    deriver.addHolderNode(holder);
    return holder;
  };
  const holderRules = (id: string): void => {
    for (const rule of base.rules)
      if (rule.matchHolder !== undefined) enqueue(`H|${rule.kind}|${id}`);
  };
  const useHolder = (holder: Holder | undefined, by: number): void => {
    if (holder === undefined) return;
    const was = holderUse.get(holder.id) ?? 0;
    const now = was + by;
    holderUse.set(holder.id, now);
    if ((was === 0) !== (now === 0)) holderRules(holder.id);
  };

  const changedEdges = new Set<string>();
  /**
   * What an anchor run again changed: the nodes it adds on one side only
   * (their existence may change) and the edges whose ways differ. An anchor
   * that reads much (the entities, `E`) gives mostly what it gave before;
   * only the difference is settled and measured.
   */
  const note = (
    before: AnchorOut | undefined,
    after: AnchorOut | undefined,
  ): void => {
    const nodesBefore = before?.nodes ?? [];
    const nodesAfter = after?.nodes ?? [];
    for (const node of nodesBefore)
      if (!nodeSpecs.has(node.id)) nodeSpecs.set(node.id, node);
    for (const node of nodesAfter)
      if (!nodeSpecs.has(node.id)) nodeSpecs.set(node.id, node);
    // Mostly the same outputs in the same order: compare past the common
    // prefix only.
    const n = commonPrefix(nodesBefore, nodesAfter, (a, b) => a.id === b.id);
    const restBefore = new Set(nodesBefore.slice(n).map(node => node.id));
    const restAfter = new Set(nodesAfter.slice(n).map(node => node.id));
    for (const id of restBefore) if (!restAfter.has(id)) touchedNodes.add(id);
    for (const id of restAfter) if (!restBefore.has(id)) touchedNodes.add(id);

    const waysBefore = before?.ways ?? [];
    const waysAfter = after?.ways ?? [];
    const w = commonPrefix(waysBefore, waysAfter, sameWay);
    const edgesBefore = waysByEdge(waysBefore.slice(w));
    const edgesAfter = waysByEdge(waysAfter.slice(w));
    for (const [key, ways] of edgesBefore)
      if (!sameWays(ways, edgesAfter.get(key))) changedEdges.add(key);
    for (const key of edgesAfter.keys())
      if (!edgesBefore.has(key)) changedEdges.add(key);
  };
  const setLayer = (key: string, after: AnchorOut | undefined): void => {
    const before = layer.has(key) ? layer.get(key) : baseAnchors.get(key);
    for (const node of layer.get(key)?.nodes ?? [])
      layerCreators.get(node.id)?.delete(key);
    layer.set(key, after);
    for (const node of after?.nodes ?? []) {
      let set = layerCreators.get(node.id);
      if (set === undefined) layerCreators.set(node.id, (set = new Set()));
      set.add(key);
    }
    note(before, after);
    useHolder(before?.holder, -1);
    useHolder(after?.holder, 1);
  };

  /** The nodes the entity core makes after the fix, as far as it ran again. */
  let entityCore = index.entityCore;
  const inCore = (id: string): boolean => entityCore.has(id);

  const run = (key: string): void => {
    const sep = key.indexOf('|');
    const kind = sep === -1 ? key : key.slice(0, sep);
    const rest = key.slice(sep + 1);
    deriver.anchors.delete(key);
    let ran = false;
    switch (kind) {
      case 'E':
        if (key === ENTITY_CORE) {
          const made = deriveEntityCore(deriver);
          // The other parts asked the core whether these nodes exist.
          for (const id of made)
            if (!entityCore.has(id)) markDirty(KEY.entityNode(id));
          for (const id of entityCore)
            if (!made.has(id)) markDirty(KEY.entityNode(id));
          entityCore = made;
          ran = true;
        } else if (key === ENTITY_RBAC) {
          deriveRbacEntities(deriver, inCore);
          ran = true;
        } else {
          const workload = workloadAfter(rest.slice(2));
          if (workload !== undefined) {
            deriveWorkloadEntity(deriver, workload, inCore);
            ran = true;
          }
        }
        break;
      case 'W': {
        const workload = workloadAfter(rest);
        if (workload !== undefined) {
          deriver.workload(workload);
          ran = true;
        }
        break;
      }
      case 'O': {
        const object = objectAfter(rest);
        if (object !== undefined) {
          deriver.object(object, rest);
          ran = true;
        }
        break;
      }
      case 'I': {
        const subject = subjectsAfter.get(rest);
        if (subject !== undefined) {
          deriver.identity(subject);
          ran = true;
        }
        break;
      }
      case 'R': {
        const rule = base.rules.find(r => r.kind === rest);
        if (rule !== undefined) {
          deriver.global(rule);
          ran = true;
        }
        break;
      }
      case 'N': {
        const attributes = nodeAttributes(rest);
        if (attributes !== undefined && madeByRule(rest)) {
          deriver.createdNode({ id: rest, ...attributes });
          ran = true;
        }
        break;
      }
      case 'G': {
        const attributes = nodeAttributes(rest);
        if (
          attributes !== undefined &&
          exists(rest) &&
          (attributes.kind === 'RoleInScope' ||
            IDENTITY_KINDS.has(attributes.kind))
        ) {
          deriver.assign(rest, attributes, holderOf);
          ran = true;
        }
        // What it ran for: a node that comes back later (another fix's
        // anchor makes it again) runs it once more (settleNodes).
        holderState.set(rest, ran);
        break;
      }
      case 'H': {
        const at = rest.indexOf('|');
        const rule = base.rules.find(r => r.kind === rest.slice(0, at));
        const holder = holders.get(rest.slice(at + 1));
        if (
          rule !== undefined &&
          holder !== undefined &&
          (holderUse.get(holder.id) ?? 0) > 0
        ) {
          deriver.holderRule(rule, holder);
          ran = true;
        }
        break;
      }
      default:
        throw new Error(`engine: cannot derive anchor ${key} again`);
    }
    setLayer(key, ran ? deriver.anchors.get(key) : undefined);
    // Scopes this run computed again.
    for (const scope of [...recomputedScopes]) {
      const out = deriver.anchors.get(`S|${scope}`);
      if (out === undefined) continue;
      recomputedScopes.delete(scope);
      deriver.anchors.delete(`S|${scope}`);
      setLayer(`S|${scope}`, out);
      if (baseScope(scope)?.resolved !== out.resolved)
        markDirty(KEY.scope(scope));
    }
  };

  const addedNodes = new Map<string, NodeAttributes>();
  const removedNodes = new Set<string>();
  /** The existence each G anchor last ran for, where it differs from the base's. */
  const holderState = new Map<string, boolean>();
  const settleNodes = (): void => {
    for (const id of [...touchedNodes]) {
      touchedNodes.delete(id);
      const now = exists(id);
      const before = index.creators.has(id);
      const attributes = nodeAttributes(id);
      if (attributes === undefined) continue;
      if (now === before) {
        addedNodes.delete(id);
        removedNodes.delete(id);
      } else if (now) addedNodes.set(id, attributes);
      else removedNodes.add(id);
      // A node that came gets its holder and matchNode edges; one that went
      // loses them. Each anchor runs again once per change of what it
      // answers for, not each time the node is touched.
      const holderFor = holderState.get(id) ?? before;
      if (
        now !== holderFor &&
        (attributes.kind === 'RoleInScope' ||
          IDENTITY_KINDS.has(attributes.kind))
      ) {
        holderState.set(id, now);
        enqueue(`G|${id}`);
      }
      const nKey = `N|${id}`;
      const nodeRulesLive = layer.has(nKey)
        ? layer.get(nKey) !== undefined
        : baseAnchors.has(nKey);
      if (madeByRule(id) !== nodeRulesLive) enqueue(nKey);
    }
  };

  /** A dirty scope no asker computed again: ask the next, or drop it when none asks any more. */
  const settleScopes = (): void => {
    for (const key of dirtyScopes) {
      if (layer.has(`S|${key}`)) continue;
      const next = askedBy(key).find(a => !a.startsWith('S|') && !layer.has(a));
      if (next !== undefined) enqueue(next);
      else if (askedBy(key).every(a => layer.has(a))) {
        setLayer(`S|${key}`, undefined);
        markDirty(KEY.scope(key));
      }
    }
  };

  for (let rounds = 0; ; rounds++) {
    if (rounds > 1000) throw new Error('engine: a what-if did not settle');
    for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
      queued.delete(key);
      run(key);
    }
    settleNodes();
    if (queue.length === 0) settleScopes();
    if (queue.length === 0) break;
  }
  // Scopes no live anchor asks for any more are gone, as in a fresh build.
  // Only a scope some anchor of the layer asked for before can be one.
  for (let changed = true; changed;) {
    changed = false;
    const scopes = new Set<string>();
    const askedInLayer = new Set<string>();
    for (const [key, out] of layer) {
      for (const read of baseAnchors.get(key)?.reads ?? [])
        if (read.startsWith(SCOPE_READ)) scopes.add(read);
      for (const read of out?.reads ?? [])
        if (read.startsWith(SCOPE_READ)) askedInLayer.add(read);
    }
    for (const read of scopes) {
      const scope = read.slice(SCOPE_READ.length);
      const key = `S|${scope}`;
      if (
        !baseAnchors.has(key) ||
        (layer.get(key) === undefined && layer.has(key))
      )
        continue;
      const asked = askedBy(scope).some(
        a => !layer.has(a) || layer.get(a)?.reads.has(read) === true,
      );
      if (!asked && !askedInLayer.has(read)) {
        setLayer(key, undefined);
        changed = true;
      }
    }
    settleNodes();
  }

  const edges = new Map<string, WayOut[]>();
  for (const key of changedEdges) {
    const ways: WayOut[] = [];
    for (const anchorKey of index.edgeAnchors.get(key) ?? []) {
      if (layer.has(anchorKey)) continue;
      for (const way of baseAnchors.get(anchorKey)?.ways ?? [])
        if (edgeKey(way.from, way.kind, way.to) === key) ways.push(way);
    }
    edges.set(key, ways);
  }
  for (const out of layer.values()) {
    for (const way of out?.ways ?? []) {
      const key = edgeKey(way.from, way.kind, way.to);
      edges.get(key)?.push(way);
    }
  }

  const clusterAdmin = new Map<string, boolean>();
  for (const [key, out] of layer) {
    if (!key.startsWith('G|')) continue;
    const id = key.slice(2);
    const before = baseAnchors.get(key)?.holder?.clusterAdmin === true;
    const after = out?.holder?.clusterAdmin === true;
    if (before !== after) clusterAdmin.set(id, after);
  }
  return {
    anchors: layer,
    edges,
    addedNodes,
    removedNodes,
    clusterAdmin,
    parts,
  };
}

/** How many leading items of `a` and `b` are the same. */
function commonPrefix<T>(
  a: readonly T[],
  b: readonly T[],
  same: (x: T, y: T) => boolean,
): number {
  const length = Math.min(a.length, b.length);
  let n = 0;
  while (n < length && same(a[n] as T, b[n] as T)) n++;
  return n;
}

function waysByEdge(ways: readonly WayOut[]): Map<string, WayOut[]> {
  const out = new Map<string, WayOut[]>();
  for (const way of ways) {
    const key = edgeKey(way.from, way.kind, way.to);
    const list = out.get(key);
    if (list === undefined) out.set(key, [way]);
    else list.push(way);
  }
  return out;
}

function sameWay(a: WayOut | undefined, b: WayOut | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return (
    a.kind === b.kind &&
    a.from === b.from &&
    a.to === b.to &&
    a.confidence === b.confidence &&
    sameEvidence(a.evidence, b.evidence)
  );
}

/** Evidence is plain JSON data: equal when its JSON is. */
function sameEvidence(a: WayOut['evidence'], b: WayOut['evidence']): boolean {
  if (a === b) return true;
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  const keys = Object.keys(x);
  if (
    keys.length === Object.keys(y).length &&
    keys.every(key => {
      const v = x[key];
      return (typeof v !== 'object' || v === null) && v === y[key];
    })
  )
    return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameWays(
  a: readonly WayOut[],
  b: readonly WayOut[] | undefined,
): boolean {
  if (b === undefined) return false;
  return a.length === b.length && a.every((way, i) => sameWay(way, b[i]));
}

function sameGrants(a: Holder['grants'], b: Holder['grants']): boolean {
  return (
    a.length === b.length &&
    a.every((g, i) => {
      const h = b[i];
      return (
        h?.binding === g.binding &&
        g.role === h.role &&
        g.namespace === h.namespace &&
        g.assumedDefault === h.assumedDefault &&
        (g.rules === h.rules ||
          JSON.stringify(g.rules) === JSON.stringify(h.rules))
      );
    })
  );
}
