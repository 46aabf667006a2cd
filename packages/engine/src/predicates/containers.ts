/**
 * The containers of a pod spec, each with its kind (catalog 1 "Container"
 * ids, 2.1 sidecars, 3.2 CONTAINER_ATTACH). A sidecar is an init container
 * with `restartPolicy: Always` (KEP-753, `SidecarContainers`): it keeps
 * running for the pod's lifetime, while ordinary init containers have exited
 * once the pod runs and take no further part in an attack.
 */

import type { ContainerSpec, PodSpec } from './pod-spec.ts';

export type ContainerKind = 'container' | 'init' | 'sidecar' | 'ephemeral';

export interface ContainerView {
  readonly name: string;
  readonly kind: ContainerKind;
  readonly spec: ContainerSpec;
}

/** Regular containers first, then init containers, then ephemeral ones. */
export function containersOf(pod: PodSpec): readonly ContainerView[] {
  const out: ContainerView[] = [];
  for (const spec of pod.containers) {
    out.push({ name: spec.name, kind: 'container', spec });
  }
  for (const spec of pod.initContainers) {
    const kind = spec.restartPolicy === 'Always' ? 'sidecar' : 'init';
    out.push({ name: spec.name, kind, spec });
  }
  for (const spec of pod.ephemeralContainers) {
    out.push({ name: spec.name, kind: 'ephemeral', spec });
  }
  return out;
}

/** The container of that name (names are unique across the three lists). */
export function findContainer(
  pod: PodSpec,
  name: string,
): ContainerView | undefined {
  return containersOf(pod).find(view => view.name === name);
}

/** Whether the container runs while the pod runs (not an exited init container). */
export function runs(view: Pick<ContainerView, 'kind'>): boolean {
  return view.kind !== 'init';
}
