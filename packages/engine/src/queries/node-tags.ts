/**
 * Properties to search nodes by, beside name and kind: what the checklist
 * findings say of an object (`privileged`, `hostpath`, `wildcard`... from
 * the check id, so a new finding is searchable without a change here), the
 * engine's facts (`cluster-admin` for holders of cluster-admin power,
 * `control-plane` nodes), and its place in the analysis (`entry-point`,
 * `exposed`, `critical`).
 */

import type { AttackGraph } from '@chokepoint/model';

export interface TaggedFinding {
  readonly check: string;
  readonly objects: readonly string[];
}

export interface TagSources {
  readonly findings: readonly TaggedFinding[];
  readonly entryPoints: readonly string[];
  readonly exposed: readonly string[];
  readonly criticalAssets: readonly string[];
}

/** `F-POD-HOSTPATH` -> `hostpath`. */
export function tagOfCheck(check: string): string {
  return check.replace(/^F-[A-Z0-9]+-/, '').toLowerCase();
}

export function nodeTags(
  graph: AttackGraph,
  sources: TagSources,
): Map<string, string[]> {
  const tags = new Map<string, Set<string>>();
  const add = (id: string, tag: string): void => {
    if (!graph.hasNode(id)) return;
    let set = tags.get(id);
    if (set === undefined) tags.set(id, (set = new Set()));
    set.add(tag);
  };
  for (const finding of sources.findings)
    for (const id of finding.objects) add(id, tagOfCheck(finding.check));
  graph.forEachNode((id, a) => {
    if (a.props?.clusterAdmin === true) add(id, 'cluster-admin');
    if (a.props?.controlPlane === true) add(id, 'control-plane');
  });
  for (const id of sources.entryPoints) add(id, 'entry-point');
  for (const id of sources.exposed) add(id, 'exposed');
  for (const id of sources.criticalAssets) add(id, 'critical');
  return new Map([...tags].map(([id, set]) => [id, [...set].sort()]));
}
