/**
 * Findings about containers and pods, reported once per pod template
 * (catalog 6, 1.3). The pods of a controller share its template, so a
 * finding several of them have is one finding on the controller: a
 * container finding's primary object is the template's container
 * (`Container:<ns>/<ControllerKind>/<name>/<container>`, the id a stand-in
 * container has), a pod finding's primary object is the controller; the pods
 * and their containers follow in `objects`. A controller's finding therefore
 * keeps its id whether it has pods, one pod, or none (scaled to zero: the
 * stand-in). Pods without a controller report on themselves. Field paths
 * start at the object a fix edits: the Pod, or the controller's template
 * (`spec.template.spec.containers[0]...`), as in the edge evidence.
 *
 * Every container of a pod that runs counts, init containers included: they
 * ran with the same privileges, and a privileged init container that mounts
 * `/` has done its work by the time the pod runs (issue #17, point 7). Pods
 * that Succeeded or Failed and stand-ins whose pods cannot run (catalog 1.4,
 * entities/stand-in-state.ts) are skipped, as are containers that never
 * start (2.2). A DaemonSet's per-node stand-ins are one template: one finding.
 */

import { objectId, templateContainerId } from '@chokepoint/model';
import { podSpecPath, workloadObjectId } from '../../entities/spec-paths.ts';
import type { ContainerInfo, WorkloadInfo } from '../../snapshot-index.ts';
import { worse } from '../define-finding.ts';
import type {
  FindingContext,
  FindingRecord,
  Severity,
} from '../define-finding.ts';
import { containerFacts } from './container-facts.ts';

/** The text every record of one check shares. */
export interface FindingMeta {
  readonly check: string;
  readonly title: string;
  readonly severity: Severity;
  readonly remediation: string;
  readonly checklist?: readonly string[];
}

/** What one container or pod shows. */
export interface Hit {
  /** Completes "<subject> <problem>.", e.g. `runs privileged`. */
  readonly problem: string;
  /** Field paths in the pod (or stand-in controller), as escape-evidence.ts names them. */
  readonly fields?: readonly string[];
  /** Further objects concerned (a Secret, a ServiceAccount), after the workload's. */
  readonly objects?: readonly string[];
  /** Overrides the check's default severity. */
  readonly severity?: Severity;
}

interface Target {
  readonly primary: string;
  /** Objects that follow the primary: the controller, the stand-in. */
  readonly head: readonly string[];
  readonly subject: string;
  /** Pods of a controller: their fields are moved into the template. */
  readonly template?: WorkloadInfo;
}

interface Group {
  readonly target: Target;
  readonly members: { id: string; ids: string[]; hit: Hit }[];
}

function controllerOf(
  workload: WorkloadInfo,
): { id: string; kind: string; name: string } | undefined {
  const controller = workload.controller;
  if (controller === undefined) return undefined;
  return {
    id: objectId(controller.kind, controller.name, workload.namespace),
    kind: controller.kind,
    name: controller.name,
  };
}

function containerTarget(container: ContainerInfo): Target {
  const workload = container.workload;
  const controller = controllerOf(workload);
  const name = container.name;
  if (controller === undefined) {
    return {
      primary: container.id,
      head: [workload.id],
      subject: `Container ${name} of Pod ${workload.namespace}/${workload.name}`,
    };
  }
  // Pods of a controller and its stand-ins (one per node for a DaemonSet)
  // report on the template's container.
  return {
    primary: templateContainerId(
      workload.namespace,
      controller.kind,
      controller.name,
      name,
    ),
    head: [controller.id],
    subject: `Container ${name} of ${controller.kind} ${workload.namespace}/${controller.name}`,
    ...(workload.kind === 'Pod' ? { template: workload } : {}),
  };
}

function workloadTarget(workload: WorkloadInfo): Target {
  const controller = controllerOf(workload);
  if (controller === undefined) {
    return {
      primary: workload.id,
      head: [],
      subject: `Pod ${workload.namespace}/${workload.name}`,
    };
  }
  const subject = `${controller.kind} ${workload.namespace}/${controller.name}`;
  if (workload.kind === 'PodTemplate') {
    return {
      primary: workloadObjectId(workload),
      head: [workload.id],
      subject,
    };
  }
  return { primary: controller.id, head: [], subject, template: workload };
}

/** A pod's field path moved into its controller's pod template. */
export function templateField(workload: WorkloadInfo, field: string): string {
  const spec = podSpecPath({ ...workload, kind: 'PodTemplate' });
  if (
    field === 'spec' ||
    field.startsWith('spec.') ||
    field.startsWith('spec[')
  )
    return spec + field.slice('spec'.length);
  if (field.startsWith('metadata')) {
    const metadata = `${spec.slice(0, -'.spec'.length)}.metadata`;
    return metadata + field.slice('metadata'.length);
  }
  return field;
}

function add(
  groups: Map<string, Group>,
  target: Target,
  memberId: string,
  memberIds: string[],
  hit: Hit,
): void {
  let group = groups.get(target.primary);
  if (group === undefined) {
    group = { target, members: [] };
    groups.set(target.primary, group);
  }
  group.members.push({ id: memberId, ids: memberIds, hit });
}

function records(
  meta: FindingMeta,
  groups: ReadonlyMap<string, Group>,
): FindingRecord[] {
  const out: FindingRecord[] = [];
  for (const { target, members } of groups.values()) {
    members.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const first = members[0];
    if (first === undefined) continue;
    let severity = meta.severity;
    const extra: string[] = [];
    const memberIds: string[] = [];
    for (const member of members) {
      if (member.hit.severity !== undefined)
        severity = worse(severity, member.hit.severity);
      extra.push(...(member.hit.objects ?? []));
      memberIds.push(...member.ids);
    }
    const pods =
      target.template === undefined
        ? ''
        : ` (${members.length} pod${members.length === 1 ? '' : 's'})`;
    const fields = (first.hit.fields ?? []).map(f =>
      target.template === undefined ? f : templateField(target.template, f),
    );
    out.push({
      check: meta.check,
      id: `${meta.check}:${target.primary}`,
      severity,
      title: meta.title,
      message: `${target.subject}${pods} ${first.hit.problem}.`,
      objects: [
        ...new Set([target.primary, ...target.head, ...extra, ...memberIds]),
      ],
      ...(fields.length === 0 ? {} : { fields: [...new Set(fields)] }),
      remediation: meta.remediation,
      ...(meta.checklist === undefined ? {} : { checklist: meta.checklist }),
    });
  }
  return out;
}

/** A running container that starts, with what its findings report on. */
interface Checked {
  readonly container: ContainerInfo;
  readonly target: Target;
  readonly ids: string[];
}

// Per context: every container check of one run asks about the same
// containers (ten checks over 100k containers), and the list goes with it.
const checkedCaches = new WeakMap<FindingContext, readonly Checked[]>();

function checkedContainers(ctx: FindingContext): readonly Checked[] {
  let checked = checkedCaches.get(ctx);
  if (checked !== undefined) return checked;
  const made: Checked[] = [];
  for (const container of ctx.index.containers) {
    if (!container.workload.running) continue;
    if (containerFacts(ctx, container).neverStarts) continue;
    const target = containerTarget(container);
    const ids =
      target.template === undefined && container.workload.kind === 'Pod'
        ? []
        : [container.id, container.workload.id];
    made.push({ container, target, ids });
  }
  checkedCaches.set(ctx, (checked = made));
  return checked;
}

/**
 * One record per container template with a hit: `hit` is asked about every
 * running container that starts, of pods and of stand-ins.
 */
export function containerFindings(
  ctx: FindingContext,
  meta: FindingMeta,
  hit: (container: ContainerInfo) => Hit | undefined,
): FindingRecord[] {
  const groups = new Map<string, Group>();
  for (const { container, target, ids } of checkedContainers(ctx)) {
    const found = hit(container);
    if (found === undefined) continue;
    add(groups, target, container.id, ids, found);
  }
  return records(meta, groups);
}

/** One record per pod template with a hit: `hit` is asked about every running workload. */
export function workloadFindings(
  ctx: FindingContext,
  meta: FindingMeta,
  hit: (workload: WorkloadInfo) => Hit | undefined,
): FindingRecord[] {
  const groups = new Map<string, Group>();
  for (const workload of ctx.index.workloads) {
    if (!workload.running) continue;
    const found = hit(workload);
    if (found === undefined) continue;
    const target = workloadTarget(workload);
    const ids =
      target.template === undefined && workload.kind === 'Pod'
        ? []
        : [workload.id];
    add(groups, target, workload.id, ids, found);
  }
  return records(meta, groups);
}
