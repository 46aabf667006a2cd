/**
 * F-POD-ENVSECRET (catalog 6): a container takes a Secret through its
 * environment (`env[].valueFrom.secretKeyRef`, `envFrom[].secretRef`)
 * instead of a volume. Environment variables leak into child processes,
 * crash dumps, `/proc/<pid>/environ` of anyone sharing the PID namespace,
 * and logs; they cannot be rotated without a restart. Per container; the
 * Secrets present in the input are listed in `objects`.
 *
 * Reference: https://kubernetes.io/docs/concepts/security/secrets-good-practices/
 */

import { objectId } from '@chokepoint/model';
import { asArray, asRecord, asString } from '../predicates/json.ts';
import { containerPath } from '../entities/spec-paths.ts';
import { defineFinding } from './define-finding.ts';
import { containerFindings } from './finding-utils/workload-findings.ts';

export const podEnvsecret = defineFinding({
  id: 'F-POD-ENVSECRET',
  title: 'Secret in environment variables',
  severity: 'low',
  description:
    'A Secret is passed through env secretKeyRef or envFrom secretRef instead of a volume.',
  check: ctx =>
    containerFindings(
      ctx,
      {
        check: 'F-POD-ENVSECRET',
        title: 'Secret in environment variables',
        severity: 'low',
        remediation:
          'Mount the Secret as a volume (read-only files) and have the application read it from there.',
        checklist: [
          'Secrets should be added to the container using the volumeMount mechanism or the secretKeyRef mechanism.',
        ],
      },
      container => {
        const raw = container.view.spec.raw;
        const path = containerPath(container);
        const names: string[] = [];
        const fields: string[] = [];
        const add = (name: string | undefined, field: string): void => {
          if (name === undefined || name === '') return;
          if (!names.includes(name)) names.push(name);
          fields.push(field);
        };
        asArray(raw.env).forEach((item, i) => {
          const ref = asRecord(
            asRecord(asRecord(item)?.valueFrom)?.secretKeyRef,
          );
          add(asString(ref?.name), `${path}.env[${i}].valueFrom.secretKeyRef`);
        });
        asArray(raw.envFrom).forEach((item, i) => {
          const ref = asRecord(asRecord(item)?.secretRef);
          add(asString(ref?.name), `${path}.envFrom[${i}].secretRef`);
        });
        if (names.length === 0) return undefined;
        const namespace = container.workload.namespace;
        return {
          problem: `reads Secret${names.length === 1 ? '' : 's'} ${names.join(', ')} from environment variables`,
          fields,
          objects: names
            .filter(n => ctx.index.get('Secret', namespace, n) !== undefined)
            .map(n => objectId('Secret', n, namespace)),
        };
      },
    ),
});
