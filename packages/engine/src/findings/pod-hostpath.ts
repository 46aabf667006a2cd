/**
 * F-POD-HOSTPATH (catalog 6): a container mounts a hostPath volume. High when
 * a mount is writable, or touches a location of catalog 2.5's lists (UMH,
 * WRITE, READ, SOCKETS, KUBELET_PODS) read-only or not, since those are the
 * host-path escapes of catalog 3.3; medium otherwise (a read-only mount of a
 * harmless directory still exposes host data). Per container that mounts it.
 *
 * Reference: https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
 */

import {
  READ_LOCATIONS,
  SOCKET_LOCATIONS,
  UMH_LOCATIONS,
  WRITE_LOCATIONS,
  covers,
  hostPathMountsOf,
  kubeletPodsLocation,
  touches,
  writable,
} from '../predicates/host-paths.ts';
import type { HostPathMount } from '../predicates/host-paths.ts';
import type { NodeFacts } from '../predicates/node-facts.ts';
import { recursiveReadOnlyHonoured } from '../predicates/versions.ts';
import { containerPath, podSpecPath } from '../entities/spec-paths.ts';
import { defineFinding } from './define-finding.ts';
import { containerFacts } from './finding-utils/container-facts.ts';
import { containerFindings } from './finding-utils/workload-findings.ts';

/** The first listed location the mount touches on a node, if any. */
function listedLocation(
  mount: HostPathMount,
  node: NodeFacts,
): string | undefined {
  const extra = node.extraLocations;
  const coverLists = [
    ...UMH_LOCATIONS,
    ...(extra.umh ?? []),
    ...SOCKET_LOCATIONS,
    ...(extra.sockets ?? []),
    kubeletPodsLocation(node.kubeletRootDir.value),
  ];
  for (const location of coverLists)
    if (covers(mount.segments, location)) return location;
  const touchLists = [
    ...WRITE_LOCATIONS,
    ...(extra.write ?? []),
    ...READ_LOCATIONS,
    ...(extra.read ?? []),
  ];
  for (const location of touchLists)
    if (touches(mount.segments, location)) return location;
  return undefined;
}

export const podHostpath = defineFinding({
  id: 'F-POD-HOSTPATH',
  title: 'hostPath volume',
  severity: 'medium',
  description:
    'The container mounts a hostPath volume; high when writable or on a location of catalog 2.5.',
  check: ctx => {
    const rroHonoured = recursiveReadOnlyHonoured(
      ctx.index.serverVersion,
      ctx.policy.featureGates,
    );
    return containerFindings(
      ctx,
      {
        check: 'F-POD-HOSTPATH',
        title: 'hostPath volume',
        severity: 'medium',
        remediation:
          'Replace the hostPath volume with an emptyDir, a ConfigMap, a PersistentVolumeClaim or a CSI driver; if a node agent needs it, mount the narrowest path read-only with recursiveReadOnly: Enabled.',
        checklist: ['Do not use hostPath.'],
      },
      container => {
        const { workload } = container;
        const podObject = workload.kind === 'Pod' ? workload.object : undefined;
        const mounts = hostPathMountsOf(
          workload.spec,
          container.view.spec,
          podObject,
        );
        if (mounts.length === 0) return undefined;
        const facts = containerFacts(ctx, container);
        const notes: string[] = [];
        const fields: string[] = [];
        let high = false;
        for (const mount of mounts) {
          const notesOfMount: string[] = [];
          for (const node of facts.nodes) {
            const location = listedLocation(mount, node);
            const w = writable(mount, location ?? mount.path, {
              node,
              rroHonoured,
            });
            if (w.writable)
              notesOfMount.push(
                w.submount === undefined
                  ? 'writable'
                  : `writable below, through the separate mount ${w.submount}`,
              );
            if (location !== undefined)
              notesOfMount.push(`on listed location ${location}`);
          }
          const unique = [...new Set(notesOfMount)];
          if (unique.length > 0) high = true;
          notes.push(
            `${mount.path} at ${mount.mountPath}${unique.length === 0 ? ' (read-only)' : ` (${unique.join(', ')})`}`,
          );
          const m = container.view.spec.volumeMounts.findIndex(
            v => v.name === mount.volume && v.mountPath === mount.mountPath,
          );
          const v = workload.spec.volumes.findIndex(
            x => x.name === mount.volume,
          );
          fields.push(
            `${containerPath(container)}.volumeMounts[${m}]`,
            `${podSpecPath(workload)}.volumes[${v}].hostPath.path`,
          );
        }
        return {
          problem: `mounts host paths ${notes.join('; ')}`,
          fields,
          severity: high ? 'high' : 'medium',
        };
      },
    );
  },
});
