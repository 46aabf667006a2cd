/**
 * What a change to a pod spec takes away from the containers that run it:
 * the privileges, host namespaces, host paths, host ports, root and the
 * token the old spec had and the new one lacks. The impact of a workload
 * fix is judged loss by loss (impact-of.ts), whatever code produced the fix.
 */

import { containersOf } from '../../predicates/containers.ts';
import { effectiveSecurity } from '../../predicates/effective-security.ts';
import { asRecord } from '../../predicates/json.ts';
import type { JsonRecord } from '../../predicates/json.ts';
import { readPodSpec } from '../../predicates/pod-spec.ts';
import type { ContainerSpec, PodSpec } from '../../predicates/pod-spec.ts';

export type Loss =
  | { readonly kind: 'privileged'; readonly container: string }
  | {
      readonly kind: 'capability';
      readonly container: string;
      readonly capability: string;
    }
  | { readonly kind: 'hostNetwork' | 'hostPID' | 'hostIPC' }
  | {
      readonly kind: 'hostPath';
      readonly path: string;
      /** Containers that mounted it, with where. */
      readonly mounts: readonly { container: string; mountPath: string }[];
    }
  | {
      readonly kind: 'hostPort';
      readonly container: string;
      readonly port: number;
    }
  | { readonly kind: 'root'; readonly container: string }
  | { readonly kind: 'privilegeEscalation'; readonly container: string }
  | {
      readonly kind: 'token';
      /** The containers that lose it, when others keep it mounted. */
      readonly containers?: readonly string[];
    }
  | { readonly kind: 'placement' };

/** The pod spec of a Pod or of a controller's pod template, raw. */
export function rawPodSpec(object: {
  kind: string;
  spec?: unknown;
}): JsonRecord | undefined {
  const spec = asRecord(object.spec);
  if (object.kind === 'Pod') return spec;
  if (object.kind === 'CronJob') {
    const job = asRecord(asRecord(spec?.jobTemplate)?.spec);
    return asRecord(asRecord(job?.template)?.spec);
  }
  return asRecord(asRecord(spec?.template)?.spec);
}

function canonicalCap(entry: string): string {
  const upper = entry.toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

function runsAsRoot(pod: PodSpec, container: ContainerSpec): boolean {
  const security = effectiveSecurity(pod, container);
  if (security.runAsUser !== undefined) return security.runAsUser === 0;
  return security.runAsNonRoot !== true;
}

function hostPorts(container: ContainerSpec): number[] {
  return container.ports
    .map(p => p.hostPort)
    .filter((p): p is number => p !== undefined && p !== 0);
}

/** The token is mounted unless the pod, or its ServiceAccount, says no. */
export function mountsToken(
  pod: PodSpec,
  serviceAccountAutomount: boolean | undefined,
): boolean {
  return (
    (pod.automountServiceAccountToken ?? serviceAccountAutomount) !== false
  );
}

/** Containers holding a token: every one when it is automounted, else those mounting a projected one. */
function tokenHolders(
  pod: PodSpec,
  serviceAccountAutomount: boolean | undefined,
): Set<string> {
  const all = [...pod.initContainers, ...pod.containers];
  if (mountsToken(pod, serviceAccountAutomount))
    return new Set(all.map(c => c.name));
  const projected = new Set(
    pod.volumes
      .filter(v => v.projectedSources.some(s => s.serviceAccountToken))
      .map(v => v.name),
  );
  return new Set(
    all
      .filter(c => c.volumeMounts.some(m => projected.has(m.name)))
      .map(c => c.name),
  );
}

function placementOf(raw: JsonRecord): string {
  return JSON.stringify([
    raw.nodeSelector,
    raw.affinity,
    raw.tolerations,
    raw.nodeName,
  ]);
}

export function podSpecLosses(
  beforeRaw: JsonRecord,
  afterRaw: JsonRecord,
  serviceAccountAutomount?: boolean,
): Loss[] {
  const before = readPodSpec(beforeRaw);
  const after = readPodSpec(afterRaw);
  const out: Loss[] = [];
  for (const flag of ['hostNetwork', 'hostPID', 'hostIPC'] as const)
    if (before[flag] && !after[flag]) out.push({ kind: flag });
  const afterContainers = new Map(
    containersOf(after).map(view => [view.name, view.spec]),
  );
  for (const view of containersOf(before)) {
    const old = view.spec;
    const now = afterContainers.get(view.name);
    if (now === undefined) continue;
    const was = effectiveSecurity(before, old);
    const is = effectiveSecurity(after, now);
    if (was.privileged && !is.privileged)
      out.push({ kind: 'privileged', container: view.name });
    const kept = new Set(is.capabilities.add.map(canonicalCap));
    for (const cap of was.capabilities.add.map(canonicalCap))
      if (!kept.has(cap))
        out.push({ kind: 'capability', container: view.name, capability: cap });
    if (runsAsRoot(before, old) && !runsAsRoot(after, now))
      out.push({ kind: 'root', container: view.name });
    if (
      was.allowPrivilegeEscalation !== false &&
      is.allowPrivilegeEscalation === false
    )
      out.push({ kind: 'privilegeEscalation', container: view.name });
    const ports = new Set(hostPorts(now));
    for (const port of hostPorts(old))
      if (!ports.has(port))
        out.push({ kind: 'hostPort', container: view.name, port });
  }
  const remaining = new Set(
    after.volumes.flatMap(v => (v.hostPath ? [v.hostPath.path] : [])),
  );
  for (const volume of before.volumes) {
    const path = volume.hostPath?.path;
    if (path === undefined || remaining.has(path)) continue;
    const mounts = containersOf(before).flatMap(view =>
      view.spec.volumeMounts
        .filter(m => m.name === volume.name)
        .map(m => ({ container: view.name, mountPath: m.mountPath })),
    );
    out.push({ kind: 'hostPath', path, mounts });
  }
  const had = tokenHolders(before, serviceAccountAutomount);
  const has = tokenHolders(after, serviceAccountAutomount);
  const lost = [...had].filter(name => !has.has(name));
  if (lost.length > 0)
    out.push(
      has.size === 0 ? { kind: 'token' } : { kind: 'token', containers: lost },
    );
  if (placementOf(beforeRaw) !== placementOf(afterRaw))
    out.push({ kind: 'placement' });
  return out;
}
