/**
 * Entry points and critical assets (catalog section 5), with the policy
 * file's `entry`/`critical` lists and the command line's `--entry` and
 * `--critical` (which replace the defaults).
 *
 * Entry points: the Internet, the anonymous and authenticated groups, and
 * (assume breach) every running container. Critical assets: system:masters,
 * identities and RoleInScope nodes holding cluster-admin-equivalent power,
 * control-plane nodes, Secrets in kube-system, and anything labelled or
 * annotated `chokepoint.io/critical: "true"`.
 */

import { INTERNET_ID, SYSTEM_MASTERS_ID, objectId } from '@chokepoint/model';
import type { KubeObject, NodeAttributes } from '@chokepoint/model';
import {
  RUNTIME_SECRETS_ID,
  RUNTIME_SECRETS_MEANING,
} from '../entities/runtime-objects.ts';
import type { NodeSelector } from '../policy.ts';
import type { SnapshotIndex } from '../snapshot-index.ts';

export const CRITICAL_MARK = 'chokepoint.io/critical';

/**
 * The nodes targets are chosen from: the attack graph, or the graph as a
 * fix would leave it (analysis/measure.ts).
 */
export interface NodeSource {
  hasNode(id: string): boolean;
  nodes(): string[];
  forEachNode(callback: (id: string, attributes: NodeAttributes) => void): void;
  /**
   * The identity and RoleInScope nodes (those that may hold cluster-admin
   * power), in `forEachNode`'s order, when the source can give them
   * without visiting every node.
   */
  forEachIdentityOrScope?(
    callback: (id: string, attributes: NodeAttributes) => void,
  ): void;
}

export interface TargetOptions {
  /** Replace the default entry points (command line `--entry`). */
  readonly entry?: readonly string[];
  /** Replace the default critical assets (command line `--critical`). */
  readonly critical?: readonly string[];
}

export interface Targets {
  readonly entryPoints: readonly string[];
  readonly criticalAssets: readonly string[];
  /** Why each default critical asset is critical. */
  readonly reasons: ReadonlyMap<string, string>;
}

export class UnknownIdError extends Error {
  override readonly name = 'UnknownIdError';
  readonly ids: readonly string[];
  readonly option: string;
  /** Every id the graph has, for suggestions. */
  readonly known: readonly string[];

  constructor(
    option: string,
    ids: readonly string[],
    known: readonly string[],
  ) {
    super(
      `${option}: no node ${ids.map(id => `"${id}"`).join(', ')} in the attack graph`,
    );
    this.ids = ids;
    this.option = option;
    this.known = known;
  }
}

export const IDENTITY_OR_SCOPE: ReadonlySet<string> = new Set([
  'ServiceAccount',
  'User',
  'Group',
  'ImpersonatedUser',
  'RoleInScope',
]);

function marked(labels: unknown): boolean {
  return (
    typeof labels === 'object' &&
    labels !== null &&
    (labels as Record<string, unknown>)[CRITICAL_MARK] === 'true'
  );
}

function checkIds(
  graph: NodeSource,
  option: string,
  ids: readonly string[],
): void {
  const unknown = ids.filter(id => !graph.hasNode(id));
  if (unknown.length > 0)
    throw new UnknownIdError(option, unknown, graph.nodes());
}

/** The objects of a list marked critical, per list (a what-if shares every list its fixes keep). */
const markedObjects = new WeakMap<
  readonly KubeObject[],
  readonly KubeObject[]
>();

function markedIn(list: readonly KubeObject[]): readonly KubeObject[] {
  let found = markedObjects.get(list);
  if (found === undefined) {
    found = list.filter(
      object =>
        marked(object.metadata.labels) || marked(object.metadata.annotations),
    );
    markedObjects.set(list, found);
  }
  return found;
}

export function defaultCriticalAssets(
  graph: NodeSource,
  index: SnapshotIndex,
): Map<string, string> {
  const reasons = new Map<string, string>();
  reasons.set(
    SYSTEM_MASTERS_ID,
    'members of system:masters bypass authorization',
  );
  const holdsAdmin = (id: string, attributes: NodeAttributes): void => {
    if (
      IDENTITY_OR_SCOPE.has(attributes.kind) &&
      attributes.props?.clusterAdmin === true
    ) {
      reasons.set(
        id,
        'holds cluster-admin-equivalent power (* on * in every namespace)',
      );
    }
  };
  if (graph.forEachIdentityOrScope === undefined) graph.forEachNode(holdsAdmin);
  else graph.forEachIdentityOrScope(holdsAdmin);
  for (const node of index.nodes.values()) {
    if (node.facts.controlPlane) reasons.set(node.id, 'control-plane node');
  }
  for (const secret of index.inNamespace('Secret', 'kube-system')) {
    reasons.set(
      objectId('Secret', secret.metadata.name, 'kube-system'),
      'Secret in kube-system',
    );
  }
  if (graph.hasNode(RUNTIME_SECRETS_ID))
    reasons.set(RUNTIME_SECRETS_ID, `stands for ${RUNTIME_SECRETS_MEANING}`);
  for (const list of Object.values(index.snapshot.objects)) {
    for (const object of markedIn(list)) {
      const id = objectId(
        object.kind,
        object.metadata.name,
        object.metadata.namespace,
      );
      if (graph.hasNode(id)) reasons.set(id, `marked ${CRITICAL_MARK}`);
    }
  }
  return reasons;
}

/** Sorted default entry points per container list (a what-if that keeps every pod shares it). */
const sortedDefaults = new WeakMap<object, readonly string[]>();

function sortedDefaultEntryPoints(index: SnapshotIndex): readonly string[] {
  let sorted = sortedDefaults.get(index.containers);
  if (sorted === undefined) {
    sorted = [...new Set(defaultEntryPoints(index))].sort();
    sortedDefaults.set(index.containers, sorted);
  }
  return sorted;
}

export function defaultEntryPoints(index: SnapshotIndex): string[] {
  const entries = [
    INTERNET_ID,
    'Group:system:unauthenticated',
    'Group:system:authenticated',
  ];
  for (const container of index.containers)
    if (container.running) entries.push(container.id);
  return entries;
}

function globMatches(pattern: string, text: string): boolean {
  if (!pattern.includes('*')) return pattern === text;
  const parts = pattern
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`).test(text);
}

/** Graph nodes (auxiliary ones excepted) matching any selector of the policy file. */
export function selectNodes(
  graph: NodeSource,
  index: SnapshotIndex,
  selectors: readonly NodeSelector[],
): string[] {
  if (selectors.length === 0) return [];
  const containers = new Map(index.containers.map(c => [c.id, c]));
  const labelsOf = (
    id: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): Readonly<Record<string, string>> => {
    const container = containers.get(id);
    if (container !== undefined) return container.workload.labels;
    const labels = index.get(kind, namespace ?? '', name)?.metadata.labels;
    return labels ?? {};
  };
  const out: string[] = [];
  graph.forEachNode((id, attributes) => {
    if (attributes.kind === 'Scope' || attributes.kind === 'PermissionSet')
      return;
    const hit = selectors.some(selector => {
      if (selector.kind !== undefined && selector.kind !== attributes.kind)
        return false;
      if (
        selector.namespace !== undefined &&
        selector.namespace !== attributes.namespace
      )
        return false;
      if (
        selector.name !== undefined &&
        !globMatches(selector.name, attributes.name)
      )
        return false;
      if (selector.labels !== undefined) {
        const labels = labelsOf(
          id,
          attributes.kind,
          attributes.namespace,
          attributes.name,
        );
        if (
          !Object.entries(selector.labels).every(
            ([key, value]) => labels[key] === value,
          )
        )
          return false;
      }
      return true;
    });
    if (hit) out.push(id);
  });
  return out;
}

export function resolveTargets(
  graph: NodeSource,
  index: SnapshotIndex,
  options: TargetOptions = {},
): Targets {
  const { policy } = index;
  let entryPoints: readonly string[];
  if (options.entry !== undefined && options.entry.length > 0) {
    checkIds(graph, '--entry', options.entry);
    entryPoints = [...new Set(options.entry)].sort();
  } else {
    checkIds(graph, 'policy entry', policy.entry.ids);
    const chosen = [
      ...policy.entry.ids,
      ...selectNodes(graph, index, policy.entry.selectors),
    ];
    entryPoints = policy.entry.replace
      ? [...new Set(chosen)].sort()
      : chosen.length === 0
        ? sortedDefaultEntryPoints(index)
        : [...new Set([...defaultEntryPoints(index), ...chosen])].sort();
  }
  const reasons = defaultCriticalAssets(graph, index);
  let critical: string[];
  if (options.critical !== undefined && options.critical.length > 0) {
    checkIds(graph, '--critical', options.critical);
    critical = [...options.critical];
  } else {
    checkIds(graph, 'policy critical', policy.critical.ids);
    const chosen = [
      ...policy.critical.ids,
      ...selectNodes(graph, index, policy.critical.selectors),
    ];
    critical = policy.critical.replace
      ? chosen
      : [...reasons.keys(), ...chosen];
  }
  for (const id of critical)
    if (!reasons.has(id))
      reasons.set(id, 'named critical by the policy or the command line');
  return {
    entryPoints,
    criticalAssets: [...new Set(critical)].sort(),
    reasons,
  };
}
