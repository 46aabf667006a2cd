/**
 * Whether a pod runs (catalog 1.4) and whether it is a mirror pod (catalog
 * 3.5 POD_PATCH). Succeeded and Failed pods run nothing; a pod without status
 * (manifest input) counts as running. Mirror pods are the API shadows of
 * static pods: the kubelet sets `kubernetes.io/config.mirror`
 * (`pkg/kubelet/types/pod_update.go`) and ignores changes made through the API.
 */

import type { KubeObject } from '@chokepoint/model';
import { asString, pathOf } from './json.ts';
import { annotationOf } from './pod-spec.ts';

export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/** `status.phase`, when the input has one. */
export function podPhase(pod: KubeObject): string | undefined {
  return asString(pathOf(pod, 'status', 'phase'));
}

export function isRunning(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed';
}

export function isMirrorPod(pod: KubeObject): boolean {
  return annotationOf(pod, MIRROR_POD_ANNOTATION) !== undefined;
}
