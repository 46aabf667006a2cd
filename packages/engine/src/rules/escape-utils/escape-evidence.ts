/**
 * Evidence for the container edges of catalog 3.2 and 3.3 (3.0: the objects
 * and fields that make an edge true, and the node facts used with their
 * source). Field paths start at the object a fix edits: the Pod, or for a
 * stand-in the controller whose template it is
 * (`spec.template.spec.containers[0].securityContext.privileged`).
 */

import type {
  Confidence,
  EscapeEvidence,
  HostPathEvidence,
} from '@chokepoint/model';
import { lowest } from '../../predicates/confidence.ts';
import {
  APPARMOR_ANNOTATION_PREFIX,
  appArmorProfileOf,
} from '../../predicates/confinement.ts';
import type { HostPathHit } from '../../predicates/host-paths.ts';
import type { Fact } from '../../predicates/node-facts.ts';
import {
  containerPath,
  podSpecPath,
  workloadObjectId,
} from '../../entities/spec-paths.ts';
import type { ContainerInfo, WorkloadInfo } from '../../snapshot-index.ts';
import type { EdgeRecord } from '../define-rule.ts';
import { specEvidence } from '../evidence.ts';
import type { FactEvidence } from '../evidence.ts';
import type { EscapeSubject } from './escape-subjects.ts';

/** The fields that make Root(c) true (or that a fix sets to make it false). */
export function rootFields(subject: EscapeSubject): string[] {
  const c = `${containerPath(subject.container)}.securityContext`;
  const p = `${podSpecPath(subject.workload)}.securityContext`;
  const own = subject.container.view.spec.securityContext;
  const pod = subject.workload.spec.securityContext;
  const out: string[] = [];
  if (own?.runAsUser !== undefined) out.push(`${c}.runAsUser`);
  else if (pod?.runAsUser !== undefined) out.push(`${p}.runAsUser`);
  if (own?.runAsNonRoot !== undefined) out.push(`${c}.runAsNonRoot`);
  else if (pod?.runAsNonRoot !== undefined) out.push(`${p}.runAsNonRoot`);
  if (out.length === 0) out.push(`${c}.runAsNonRoot`);
  return out;
}

/** The field that grants a capability: `privileged`, or `capabilities.add`. */
export function capabilityField(subject: EscapeSubject): string {
  const c = `${containerPath(subject.container)}.securityContext`;
  return subject.security.privileged
    ? `${c}.privileged`
    : `${c}.capabilities.add`;
}

export function privilegedField(container: ContainerInfo): string {
  return `${containerPath(container)}.securityContext.privileged`;
}

export function podField(workload: WorkloadInfo, field: string): string {
  return `${podSpecPath(workload)}.${field}`;
}

/** The volumeMount and the volume's hostPath of a host-path hit. */
export function mountFields(
  subject: EscapeSubject,
  hit: HostPathHit,
): string[] {
  const { container, workload } = subject;
  const mountIndex = container.view.spec.volumeMounts.findIndex(
    m => m.name === hit.mount.volume && m.mountPath === hit.mount.mountPath,
  );
  const volumeIndex = workload.spec.volumes.findIndex(
    v => v.name === hit.mount.volume,
  );
  return [
    `${containerPath(container)}.volumeMounts[${mountIndex}]`,
    `${podSpecPath(workload)}.volumes[${volumeIndex}].hostPath.path`,
  ];
}

export function fact<T>(name: string, value: Fact<T>): FactEvidence {
  return { fact: name, value: value.value, source: value.source };
}

export interface NodeEdgeInput {
  readonly reason: string;
  readonly fields: readonly string[];
  /** Confidences of the parts; the edge takes the lowest, with placement. */
  readonly confidence: readonly Confidence[];
  readonly facts?: readonly FactEvidence[];
  readonly extra?: Pick<
    EscapeEvidence,
    | 'capabilities'
    | 'writes'
    | 'confinement'
    | 'technique'
    | 'hostPaths'
    | 'gid'
    | 'serviceAccount'
    | 'permissions'
  >;
}

/** A Container -> Node edge from one subject, with the shared evidence shape. */
export function nodeEdge(
  subject: EscapeSubject,
  input: NodeEdgeInput,
): EdgeRecord<EscapeEvidence> {
  const { container, workload, node } = subject;
  return {
    from: container.id,
    to: node.id,
    confidence: lowest(subject.placement, ...input.confidence),
    evidence: specEvidence(
      input.reason,
      workloadObjectId(workload),
      [...new Set(input.fields)],
      {
        container: container.name,
        node: node.name,
        ...(workload.kind === 'Pod' ? {} : { candidateNode: true as const }),
        root: subject.root.reason,
        ...(input.facts === undefined || input.facts.length === 0
          ? {}
          : { facts: input.facts }),
        ...input.extra,
      },
    ),
  };
}

/** The profile fields behind MacUnconfined(c), when the spec sets any. */
export function confinementFields(subject: EscapeSubject): string[] {
  const { container, workload } = subject;
  const c = `${containerPath(container)}.securityContext`;
  const p = `${podSpecPath(workload)}.securityContext`;
  const out: string[] = [];
  const profile = appArmorProfileOf(
    workload.spec,
    container.view.spec,
    workload.kind === 'Pod' ? workload.object : undefined,
  );
  if (profile.source === 'container field') out.push(`${c}.appArmorProfile`);
  else if (profile.source === 'pod field') out.push(`${p}.appArmorProfile`);
  else if (profile.source === 'annotation') {
    out.push(
      `metadata.annotations['${APPARMOR_ANNOTATION_PREFIX}${container.name}']`,
    );
  }
  if (container.view.spec.securityContext?.seLinuxOptions !== undefined) {
    out.push(`${c}.seLinuxOptions`);
  } else if (workload.spec.securityContext?.seLinuxOptions !== undefined) {
    out.push(`${p}.seLinuxOptions`);
  }
  return out;
}

/** Each way a host-path edge holds, for the evidence (bounded). */
export function hitEvidence(hits: readonly HostPathHit[]): HostPathEvidence[] {
  return hits.slice(0, 16).map(hit => ({
    location: hit.location,
    hostPath: hit.mount.path,
    mountPath: hit.mount.mountPath,
    readOnly: hit.mount.readOnly,
    confidence: hit.confidence,
    reason: hit.reason,
  }));
}
