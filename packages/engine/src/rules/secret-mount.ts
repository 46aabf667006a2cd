/**
 * SECRET_MOUNT (catalog 3.2): a container that mounts a Secret, or gets its
 * values in environment variables, hands them to whoever runs code in it.
 *
 * Precondition: a Secret in the input is mounted in container `c` as a
 * secret volume or a projected `secret` source, or referenced by
 * `env[].valueFrom.secretKeyRef` or `envFrom[].secretRef` of `c`. High. A
 * volume counts only when `c` mounts it (`volumeMounts`); containers that do
 * not run (exited init containers, pods Succeeded or Failed) have no edge.
 *
 * Reference: https://kubernetes.io/docs/concepts/configuration/secret/#using-a-secret
 */

import { objectId } from '@chokepoint/model';
import { asArray, asRecord, asString } from '../predicates/json.ts';
import { defineRule } from './define-rule.ts';
import { WORKLOAD_READS, readsOf } from './reads.ts';
import { specEvidence } from './evidence.ts';
import {
  containerPath,
  podSpecPath,
  workloadObjectId,
} from '../entities/spec-paths.ts';

export const secretMount = defineRule({
  kind: 'SECRET_MOUNT',
  reads: readsOf(WORKLOAD_READS, ['Secret']),
  *matchWorkload({ index }, workload) {
    for (const container of workload.containers) {
      if (!container.running) continue;
      const namespace = workload.namespace;
      const path = containerPath(container);
      const found = new Map<string, { fields: string[]; ways: string[] }>();
      const add = (
        secret: string | undefined,
        field: string,
        way: string,
      ): void => {
        if (
          secret === undefined ||
          secret === '' ||
          index.get('Secret', namespace, secret) === undefined
        )
          return;
        let entry = found.get(secret);
        if (entry === undefined)
          found.set(secret, (entry = { fields: [], ways: [] }));
        entry.fields.push(field);
        if (!entry.ways.includes(way)) entry.ways.push(way);
      };

      const mounted = new Map<string, number>();
      container.view.spec.volumeMounts.forEach((mount, i) => {
        if (!mounted.has(mount.name)) mounted.set(mount.name, i);
      });
      workload.spec.volumes.forEach((volume, v) => {
        const mount = mounted.get(volume.name);
        if (mount === undefined) return;
        const volumePath = `${podSpecPath(workload)}.volumes[${String(v)}]`;
        const mountField = `${path}.volumeMounts[${String(mount)}]`;
        add(
          volume.secretName,
          `${volumePath}.secret.secretName`,
          'secret volume',
        );
        volume.projectedSources.forEach((source, s) => {
          add(
            source.secretName,
            `${volumePath}.projected.sources[${String(s)}].secret.name`,
            'projected secret',
          );
        });
        for (const entry of found.values()) {
          if (
            entry.fields.some(f => f.startsWith(volumePath)) &&
            !entry.fields.includes(mountField)
          )
            entry.fields.push(mountField);
        }
      });

      const raw = container.view.spec.raw;
      asArray(raw.env).forEach((item, i) => {
        const ref = asRecord(asRecord(asRecord(item)?.valueFrom)?.secretKeyRef);
        add(
          asString(ref?.name),
          `${path}.env[${String(i)}].valueFrom.secretKeyRef.name`,
          'env secretKeyRef',
        );
      });
      asArray(raw.envFrom).forEach((item, i) => {
        const ref = asRecord(asRecord(item)?.secretRef);
        add(
          asString(ref?.name),
          `${path}.envFrom[${String(i)}].secretRef.name`,
          'envFrom secretRef',
        );
      });

      for (const [secret, { fields, ways }] of found) {
        yield {
          from: container.id,
          to: objectId('Secret', secret, namespace),
          confidence: 'high',
          evidence: specEvidence(
            ways.every(w => w.startsWith('env'))
              ? 'The container receives values of this Secret in its environment.'
              : ways.some(w => w.startsWith('env'))
                ? 'The container mounts this Secret as files and receives its values in its environment.'
                : 'The container mounts this Secret as files.',
            workloadObjectId(workload),
            fields,
            { ways },
          ),
        };
      }
    }
  },
});
