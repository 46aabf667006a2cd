/**
 * A read-only, indexed view of a snapshot, built once per analysis: the
 * workloads (pods and the stand-ins of controllers without pods, catalog
 * 1.3) with their containers and placement, nodes with their facts,
 * namespaces, ServiceAccounts and the objects rules look up by kind and
 * namespace. Rules read this; none of them scans the raw snapshot again.
 */

import {
  containerId,
  objectId,
  podTemplateId,
  templateContainerId,
} from '@chokepoint/model';
import type { Confidence, KubeObject, Snapshot } from '@chokepoint/model';
import type { Policy } from './policy.ts';
import { containersOf, runs } from './predicates/containers.ts';
import type { ContainerView } from './predicates/containers.ts';
import { asRecord, asStringRecord } from './predicates/json.ts';
import type { JsonRecord } from './predicates/json.ts';
import { nodeFactsOf } from './predicates/node-facts.ts';
import type { NodeFacts } from './predicates/node-facts.ts';
import { isMirrorPod, isRunning } from './predicates/pod-phase.ts';
import { labelsOf, readPodSpec } from './predicates/pod-spec.ts';
import type { PodSpec } from './predicates/pod-spec.ts';
import { parseKubernetesVersion } from './predicates/versions.ts';
import type { KubernetesVersion } from './predicates/versions.ts';
import { CONTROLLER_KINDS, topController } from './entities/owners.ts';
import type { ControllerRef } from './entities/owners.ts';
import { nodePool } from './entities/node-pool.ts';
import type { NodePool, PoolNode } from './entities/node-pool.ts';
import { candidateNodes } from './entities/placement.ts';
import type { PlacementNode } from './entities/placement.ts';
import {
  assumesRuntimeSecrets,
  RUNTIME_SECRETS_NAMESPACE,
} from './entities/runtime-objects.ts';
import { standInState } from './entities/stand-in-state.ts';

export interface ContainerInfo {
  readonly id: string;
  readonly name: string;
  readonly view: ContainerView;
  readonly workload: WorkloadInfo;
  /** The container runs now: its pod runs and it is not an exited init container. */
  readonly running: boolean;
}

/** A pod, or the stand-in for the pods of a controller that has none. */
export interface WorkloadInfo {
  readonly id: string;
  readonly kind: 'Pod' | 'PodTemplate';
  readonly namespace: string;
  readonly name: string;
  /** The Pod, or the controller whose template this is. */
  readonly object: KubeObject;
  readonly spec: PodSpec;
  readonly labels: Readonly<Record<string, string>>;
  readonly running: boolean;
  readonly mirror: boolean;
  /**
   * Node names: the pod's `spec.nodeName`, or a stand-in's one node (a
   * controller whose pods may run on several nodes has a stand-in per node,
   * named `Kind/name@node`; a DaemonSet always does).
   */
  readonly nodes: readonly string[];
  /**
   * Why a stand-in runs nothing: its pods would be refused by Pod Security
   * admission, or its Job has finished (`running` is then false).
   */
  readonly notRunning?: string;
  /** `high` for a scheduled pod, `medium` for a stand-in's candidate nodes. */
  readonly placement: Confidence;
  readonly serviceAccount: string;
  /** The topmost controller: the pod's owner chain, or the stand-in's controller. */
  readonly controller?: ControllerRef;
  readonly containers: readonly ContainerInfo[];
}

/** A node of the pool (entities/node-pool.ts) with its id and facts. */
export interface NodeInfo extends Omit<PoolNode, 'controlPlane'> {
  readonly id: string;
  readonly facts: NodeFacts;
}

export interface SnapshotIndex {
  readonly snapshot: Snapshot;
  readonly policy: Policy;
  /** `policy.kubernetesVersion`, else the snapshot's server version. */
  readonly serverVersion?: string;
  readonly version?: KubernetesVersion;
  /** A live collection, whose lists (ServiceAccounts) are complete. */
  readonly live: boolean;
  /** Whether `Secret:kube-system/*` stands for the runtime Secrets (entities/runtime-objects.ts). */
  readonly runtimeSecrets: boolean;
  readonly workloads: readonly WorkloadInfo[];
  readonly containers: readonly ContainerInfo[];
  readonly nodes: ReadonlyMap<string, NodeInfo>;
  /** Where the nodes come from: the input, the policy file, or an assumed pool. */
  readonly nodePool: Omit<NodePool, 'nodes'>;
  /** Every namespace named by an object or a reference; the object when present. */
  readonly namespaces: ReadonlyMap<string, KubeObject | undefined>;
  /** Objects of a kind (empty when absent). */
  objects(kind: string): readonly KubeObject[];
  /** Objects of a kind in one namespace. */
  inNamespace(kind: string, namespace: string): readonly KubeObject[];
  /** One object by kind, namespace ('' for cluster-scoped) and name. */
  get(kind: string, namespace: string, name: string): KubeObject | undefined;
  workloadsInNamespace(namespace: string): readonly WorkloadInfo[];
  workloadsOnNode(node: string): readonly WorkloadInfo[];
}

const EMPTY: readonly never[] = [];

/** An empty string is unset for the API server (it fills in the default). */
function nonEmpty(text: string | undefined): string | undefined {
  return text === '' ? undefined : text;
}

function podTemplateOf(controller: KubeObject): JsonRecord | undefined {
  const spec = asRecord(controller.spec);
  if (controller.kind === 'CronJob') {
    return asRecord(
      asRecord(asRecord(asRecord(spec?.jobTemplate)?.spec)?.template),
    );
  }
  return asRecord(spec?.template);
}

function placementNodes(nodes: ReadonlyMap<string, NodeInfo>): PlacementNode[] {
  const out: PlacementNode[] = [];
  for (const node of nodes.values()) {
    out.push({
      name: node.name,
      labels: node.labels,
      taints: node.taints,
      schedulable: node.facts.os.value === 'linux' && !node.facts.virtual.value,
      ...(node.knownLabels === undefined
        ? {}
        : { knownLabels: node.knownLabels }),
      ...(node.assumed ? { assumed: true } : {}),
    });
  }
  return out;
}

interface KindTable {
  readonly byNamespace: ReadonlyMap<string, KubeObject[]>;
  /** By `namespace|name` ('' namespace when cluster-scoped); the last one wins. */
  readonly byName: ReadonlyMap<string, KubeObject>;
  /** The namespaces the objects name, in order of first appearance. */
  readonly namespaces: readonly string[];
}

// Per list of objects: a fix shares the lists of the kinds it does not
// touch (chokepoints/apply-fix.ts), so a what-if's index builds only those
// of the kinds it changes.
const kindTables = new WeakMap<readonly KubeObject[], KindTable>();

function kindTable(list: readonly KubeObject[]): KindTable {
  const known = kindTables.get(list);
  if (known !== undefined) return known;
  const byNamespace = new Map<string, KubeObject[]>();
  const byName = new Map<string, KubeObject>();
  const namespaces = new Set<string>();
  for (const object of list) {
    const namespace = object.metadata.namespace ?? '';
    let bucket = byNamespace.get(namespace);
    if (bucket === undefined) byNamespace.set(namespace, (bucket = []));
    bucket.push(object);
    byName.set(`${namespace}|${object.metadata.name}`, object);
    if (object.metadata.namespace !== undefined)
      namespaces.add(object.metadata.namespace);
  }
  const table = { byNamespace, byName, namespaces: [...namespaces] };
  kindTables.set(list, table);
  return table;
}

const podWorkloads = new WeakMap<KubeObject, WorkloadInfo>();

/** Lists with `items` appended under their keys; the lists given (another index's) are left alone. */
function appended<T>(
  lists: ReadonlyMap<string, readonly T[]>,
  items: readonly T[],
  keysOf: (item: T) => readonly string[],
): Map<string, readonly T[]> {
  const added = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keysOf(item)) {
      const list = added.get(key);
      if (list === undefined) added.set(key, [item]);
      else list.push(item);
    }
  }
  const out = new Map(lists);
  for (const [key, list] of added)
    out.set(key, [...(lists.get(key) ?? EMPTY), ...list]);
  return out;
}

/** Adds a workload and its containers to `out`. */
function workloadAdder(
  out: WorkloadInfo[],
): (
  base: Omit<WorkloadInfo, 'containers'>,
  containerIdOf: (name: string) => string,
) => WorkloadInfo {
  return (base, containerIdOf) => {
    const list: ContainerInfo[] = [];
    const workload: WorkloadInfo = { ...base, containers: list };
    for (const view of containersOf(base.spec)) {
      list.push({
        id: containerIdOf(view.name),
        name: view.name,
        view,
        workload,
        running: base.running && runs(view),
      });
    }
    out.push(workload);
    return workload;
  };
}

/**
 * The pods' part of an index: it follows from the Pod list and the
 * controller lists alone, so a what-if whose fix touches neither (a binding,
 * a role, a namespace label) shares it whole with the index it comes from.
 */
interface PodPart {
  readonly controllers: readonly (readonly KubeObject[])[];
  /** The nodes pods name, sorted. */
  readonly nodeNames: readonly string[];
  readonly workloads: readonly WorkloadInfo[];
  readonly containers: readonly ContainerInfo[];
  /** `namespace/Kind/name` of the controllers pods have. */
  readonly owned: ReadonlySet<string>;
  readonly byNamespace: ReadonlyMap<string, readonly WorkloadInfo[]>;
  readonly byNode: ReadonlyMap<string, readonly WorkloadInfo[]>;
  /** The node table last built with these pods. */
  nodes?: NodesOf & {
    readonly list: readonly KubeObject[];
    readonly policy: Policy;
    readonly serverVersion: string | undefined;
  };
}

const podParts = new WeakMap<readonly KubeObject[], PodPart>();

function podPart(
  pods: readonly KubeObject[],
  controllers: readonly (readonly KubeObject[])[],
  controllerTable: (namespace: string) => ReadonlyMap<string, KubeObject>,
): PodPart {
  const known = podParts.get(pods);
  if (known?.controllers.every((list, i) => list === controllers[i]) === true)
    return known;
  const nodeNames = new Set<string>();
  const workloads: WorkloadInfo[] = [];
  const owned = new Set<string>();
  const addWorkload = workloadAdder(workloads);
  for (const pod of pods) {
    const namespace = pod.metadata.namespace ?? 'default';
    const name = pod.metadata.name;
    const spec = readPodSpec(pod.spec);
    if (spec.nodeName !== undefined && spec.nodeName !== '')
      nodeNames.add(spec.nodeName);
    const controller = topController(pod, controllerTable(namespace));
    if (controller !== undefined)
      owned.add(`${namespace}/${controller.kind}/${controller.name}`);
    // A pod's info follows from the pod object and its controller alone:
    // the index of a snapshot that keeps the pod (a what-if's) shares it.
    const cached = podWorkloads.get(pod);
    if (
      cached !== undefined &&
      cached.controller?.kind === controller?.kind &&
      cached.controller?.name === controller?.name
    ) {
      workloads.push(cached);
      continue;
    }
    const made = addWorkload(
      {
        id: objectId('Pod', name, namespace),
        kind: 'Pod',
        namespace,
        name,
        object: pod,
        spec,
        labels: labelsOf(pod),
        running: isRunning(pod),
        mirror: isMirrorPod(pod),
        nodes: spec.nodeName ? [spec.nodeName] : [],
        placement: 'high',
        serviceAccount:
          nonEmpty(spec.serviceAccountName) ??
          nonEmpty(spec.serviceAccount) ??
          'default',
        ...(controller === undefined ? {} : { controller }),
      },
      container => containerId(namespace, name, container),
    );
    podWorkloads.set(pod, made);
  }
  const byNamespace = new Map<string, WorkloadInfo[]>();
  const byNode = new Map<string, WorkloadInfo[]>();
  for (const workload of workloads) {
    let bucket = byNamespace.get(workload.namespace);
    if (bucket === undefined)
      byNamespace.set(workload.namespace, (bucket = []));
    bucket.push(workload);
    for (const node of workload.nodes) {
      let onNode = byNode.get(node);
      if (onNode === undefined) byNode.set(node, (onNode = []));
      onNode.push(workload);
    }
  }
  const part: PodPart = {
    controllers,
    nodeNames: [...nodeNames].sort(),
    workloads,
    containers: workloads.flatMap(w => w.containers),
    owned,
    byNamespace,
    byNode,
  };
  podParts.set(pods, part);
  return part;
}

interface NodesOf {
  readonly nodes: ReadonlyMap<string, NodeInfo>;
  readonly poolSource: Omit<NodePool, 'nodes'>;
}

/** The node pool with each node's facts (shared while its inputs are). */
function nodesOf(
  pods: PodPart,
  list: readonly KubeObject[],
  policy: Policy,
  serverVersion: string | undefined,
): NodesOf {
  const known = pods.nodes;
  if (
    known?.list === list &&
    known.policy === policy &&
    known.serverVersion === serverVersion
  )
    return known;
  const { nodes: poolNodes, ...poolSource } = nodePool(
    list,
    pods.nodeNames,
    policy,
    serverVersion,
  );
  const factsContext = { policy, serverVersion };
  const nodes = new Map<string, NodeInfo>();
  for (const { controlPlane, ...node } of poolNodes) {
    if (nodes.has(node.name)) continue;
    const facts = nodeFactsOf(node.object, factsContext, node.name);
    nodes.set(node.name, {
      ...node,
      id: objectId('Node', node.name),
      facts: { ...facts, controlPlane },
    });
  }
  pods.nodes = { list, policy, serverVersion, nodes, poolSource };
  return pods.nodes;
}

export function buildSnapshotIndex(
  snapshot: Snapshot,
  policy: Policy,
): SnapshotIndex {
  const objects = (kind: string): readonly KubeObject[] =>
    snapshot.objects[kind] ?? EMPTY;
  const byKind = new Map<string, KindTable>();
  for (const [kind, list] of Object.entries(snapshot.objects))
    byKind.set(kind, kindTable(list));
  const inNamespace = (
    kind: string,
    namespace: string,
  ): readonly KubeObject[] =>
    byKind.get(kind)?.byNamespace.get(namespace) ?? EMPTY;
  const get = (
    kind: string,
    namespace: string,
    name: string,
  ): KubeObject | undefined =>
    byKind.get(kind)?.byName.get(`${namespace}|${name}`);

  const serverVersion =
    policy.kubernetesVersion ?? snapshot.cluster.serverVersion;

  const controllerLists = CONTROLLER_KINDS.map(kind => objects(kind));
  const controllerTables = new Map<string, Map<string, KubeObject>>();
  const controllerTable = (namespace: string): Map<string, KubeObject> => {
    let table = controllerTables.get(namespace);
    if (table === undefined) {
      table = new Map();
      controllerTables.set(namespace, table);
      for (const kind of CONTROLLER_KINDS) {
        for (const object of inNamespace(kind, namespace))
          table.set(`${kind}/${object.metadata.name}`, object);
      }
    }
    return table;
  };
  const pods = podPart(objects('Pod'), controllerLists, controllerTable);
  const { nodes, poolSource } = nodesOf(
    pods,
    objects('Node'),
    policy,
    serverVersion,
  );
  const namespaces = new Map<string, KubeObject | undefined>();
  for (const namespace of objects('Namespace'))
    namespaces.set(namespace.metadata.name, namespace);
  for (const table of byKind.values()) {
    for (const namespace of table.namespaces)
      if (!namespaces.has(namespace)) namespaces.set(namespace, undefined);
  }
  // Every cluster has kube-system; its runtime Secrets stand in the graph.
  const live = snapshot.collection.method === 'live';
  const runtimeSecrets = assumesRuntimeSecrets({ live, snapshot });
  if (runtimeSecrets && !namespaces.has(RUNTIME_SECRETS_NAMESPACE))
    namespaces.set(RUNTIME_SECRETS_NAMESPACE, undefined);

  const standIns: WorkloadInfo[] = [];
  const addWorkload = workloadAdder(standIns);
  let placement: PlacementNode[] | undefined;
  for (const kind of CONTROLLER_KINDS) {
    for (const controller of objects(kind)) {
      const namespace = controller.metadata.namespace ?? 'default';
      const name = controller.metadata.name;
      // Only the topmost controller gets a stand-in, and only when no pod of it is in the input.
      if (topController(controller, controllerTable(namespace)) !== undefined)
        continue;
      if (pods.owned.has(`${namespace}/${kind}/${name}`)) continue;
      const template = podTemplateOf(controller);
      if (template === undefined) continue;
      const spec = readPodSpec(template.spec);
      const rawSpec = asRecord(template.spec) ?? {};
      const candidates = candidateNodes(
        rawSpec,
        (placement ??= placementNodes(nodes)),
      );
      const state = standInState(
        controller,
        spec,
        asRecord(template.metadata),
        namespaces.get(namespace),
        policy,
      );
      const base = {
        kind: 'PodTemplate' as const,
        namespace,
        object: controller,
        spec,
        labels: asStringRecord(asRecord(template.metadata)?.labels),
        running: state.running,
        ...(state.reason === undefined ? {} : { notRunning: state.reason }),
        mirror: false,
        placement: 'medium' as const,
        serviceAccount:
          nonEmpty(spec.serviceAccountName) ??
          nonEmpty(spec.serviceAccount) ??
          'default',
        controller: { kind, name },
      };
      if (kind === 'DaemonSet' || candidates.length > 1) {
        // One stand-in per node it may run on (a DaemonSet's pod on every
        // node; another controller's pods on some of them): root on one node
        // reaches the pod there, never the escapes of a pod on another node.
        for (const node of candidates) {
          const perNode = `${name}@${node}`;
          addWorkload(
            {
              ...base,
              id: podTemplateId(namespace, kind, perNode),
              name: `${kind}/${perNode}`,
              nodes: [node],
            },
            container =>
              templateContainerId(namespace, kind, perNode, container),
          );
        }
        continue;
      }
      addWorkload(
        {
          ...base,
          id: podTemplateId(namespace, kind, name),
          name: `${kind}/${name}`,
          nodes: candidates,
        },
        container => templateContainerId(namespace, kind, name, container),
      );
    }
  }

  // The pods' lists as they are when no controller has a stand-in.
  let { workloads, containers, byNamespace, byNode } = pods;
  if (standIns.length > 0) {
    workloads = [...workloads, ...standIns];
    containers = [...containers, ...standIns.flatMap(w => w.containers)];
    byNamespace = appended(byNamespace, standIns, w => [w.namespace]);
    byNode = appended(byNode, standIns, w => w.nodes);
  }

  const version = parseKubernetesVersion(serverVersion);
  return {
    snapshot,
    policy,
    ...(serverVersion === undefined ? {} : { serverVersion }),
    ...(version === undefined ? {} : { version }),
    live,
    runtimeSecrets,
    workloads,
    containers,
    nodes,
    nodePool: poolSource,
    namespaces,
    objects,
    inNamespace,
    get,
    workloadsInNamespace: namespace => byNamespace.get(namespace) ?? EMPTY,
    workloadsOnNode: node => byNode.get(node) ?? EMPTY,
  };
}
