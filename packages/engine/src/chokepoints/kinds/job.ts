/**
 * A Job's pod-spec fix (fixes issue, point 3). The API server refuses any
 * change to `spec.template` of an existing Job, so the one change a user can
 * make to the pods it runs is deleting it (and recreating it fixed if its
 * work must still be done). A finished Job runs no pod and offers no path,
 * so the Jobs this reaches are running or, in manifests, about to run: the
 * fix's impact says deleting one stops its work.
 */

import type { KubeObject } from '@chokepoint/model';
import type { Fix } from '../apply-fix.ts';

export function jobFix(job: KubeObject): Fix {
  const id = `Job:${job.metadata.namespace ?? 'default'}/${job.metadata.name}`;
  return {
    id: `delete:${id}`,
    action: 'delete',
    target: id,
    description: `delete ${id} (its pod template cannot be changed: recreate it fixed if its work must still run)`,
  };
}
