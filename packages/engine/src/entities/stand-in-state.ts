/**
 * Whether a controller's stand-in (catalog 1.3) runs anything (issue #17,
 * point 6). A stand-in stands for pods the controller creates; it runs
 * nothing when those pods cannot exist:
 *
 * - Pod Security admission refuses them: the template breaks its namespace's
 *   enforce level (2.7), and neither the creating controller's username nor
 *   the template's RuntimeClass is exempt. The controller, not the user,
 *   creates the pods, so the check is on the template itself;
 * - the Job has finished (condition Complete or Failed, or a completion
 *   time) or is suspended: its pods ran, or will not.
 */

import type { KubeObject } from '@chokepoint/model';
import type { Policy } from '../policy.ts';
import {
  asArray,
  asRecord,
  asString,
  asStringRecord,
} from '../predicates/json.ts';
import type { JsonRecord } from '../predicates/json.ts';
import type { PodSpec } from '../predicates/pod-spec.ts';
import { checkPodSecurity, enforceLevel } from '../predicates/pod-security.ts';

/** The identity that creates a controller's pods (kube-controller-manager's controllers). */
export const POD_CREATOR: Readonly<Record<string, string>> = {
  CronJob: 'system:serviceaccount:kube-system:job-controller',
  DaemonSet: 'system:serviceaccount:kube-system:daemon-set-controller',
  Deployment: 'system:serviceaccount:kube-system:replicaset-controller',
  Job: 'system:serviceaccount:kube-system:job-controller',
  ReplicaSet: 'system:serviceaccount:kube-system:replicaset-controller',
  ReplicationController:
    'system:serviceaccount:kube-system:replication-controller',
  StatefulSet: 'system:serviceaccount:kube-system:statefulset-controller',
};

export interface StandInState {
  readonly running: boolean;
  readonly reason?: string;
}

function jobFinished(job: KubeObject): string | undefined {
  const spec = asRecord(job.spec);
  if (spec?.suspend === true) return 'the Job is suspended';
  const status = asRecord(job.status);
  for (const condition of asArray(status?.conditions).map(asRecord)) {
    const type = asString(condition?.type);
    if (
      (type === 'Complete' || type === 'Failed') &&
      asString(condition?.status) === 'True'
    )
      return `the Job has finished (condition ${type})`;
  }
  if (asString(status?.completionTime) !== undefined)
    return 'the Job has finished (completionTime)';
  return undefined;
}

export function standInState(
  controller: KubeObject,
  spec: PodSpec,
  templateMetadata: JsonRecord | undefined,
  namespace: KubeObject | undefined,
  policy: Policy,
): StandInState {
  if (controller.kind === 'Job') {
    const finished = jobFinished(controller);
    if (finished !== undefined) return { running: false, reason: finished };
  }
  const name = controller.metadata.namespace ?? 'default';
  const level = enforceLevel(namespace, name, policy);
  if (level.level === 'privileged') return { running: true };
  const exemptions = policy.podSecurity.exemptions;
  const creator = POD_CREATOR[controller.kind];
  if (creator !== undefined && exemptions.usernames.includes(creator))
    return { running: true };
  const runtimeClass = spec.runtimeClassName;
  if (
    runtimeClass !== undefined &&
    exemptions.runtimeClasses.includes(runtimeClass)
  )
    return { running: true };
  const result = checkPodSecurity({
    pod: spec,
    annotations: asStringRecord(templateMetadata?.annotations),
    level: level.level,
    version: level.version,
  });
  if (result.satisfied) return { running: true };
  const checks = [...new Set(result.violations.map(v => v.check))];
  return {
    running: false,
    reason: `Pod Security admission refuses its pods: namespace ${name} enforces ${level.level} (${level.source}), which the template breaks (${checks.join(', ')})`,
  };
}
