/**
 * Controllers whose pod template sits at `spec.template` and may be patched
 * there (a Job's is immutable; a CronJob's is at `spec.jobTemplate`).
 */
export const TEMPLATE_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'ReplicaSet',
]);
