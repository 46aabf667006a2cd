/**
 * Whether a fixed object is one the cluster accepts and runs (fixes issue,
 * point 4). A fix that yields an object the API server refuses cannot be
 * applied, and one whose pods the kubelet refuses to start "cuts" paths only
 * because nothing runs. The checks, each after its upstream source:
 *
 * - API server validation (`pkg/apis/core/validation/validation.go`):
 *   `allowPrivilegeEscalation: false` with `privileged: true` or with
 *   `CAP_SYS_ADMIN` added; a volume mount naming no volume; a Service field
 *   its type does not allow; a change to a Job's (immutable) pod template;
 *   Bidirectional mount propagation in a container that is not privileged
 *   (`validateMountPropagation`).
 * - The kubelet (`pkg/kubelet/kuberuntime/security_context_others.go`,
 *   `verifyRunAsNonRoot`): `runAsNonRoot: true` with UID 0, or with no UID at
 *   all (the image's user cannot be verified), never starts.
 * - Controllers that own the field: the rules of an aggregated ClusterRole
 *   are rewritten by the aggregation controller, and objects marked
 *   `rbac.authorization.kubernetes.io/autoupdate: "true"` are reconciled by
 *   the API server at its next start.
 *
 * The real API server is the oracle of the first group: the integration
 * test dry-runs every fix kind against it (test/it/k8s/fix-dry-run.test.ts).
 */

import type { KubeObject } from '@chokepoint/model';
import { containersOf } from '../predicates/containers.ts';
import { effectiveSecurity } from '../predicates/effective-security.ts';
import { asArray, asRecord, asString } from '../predicates/json.ts';
import { readPodSpec } from '../predicates/pod-spec.ts';
import { rawPodSpec } from './impact/pod-spec-losses.ts';

export interface AdmissionProblem {
  readonly by: 'api-server' | 'kubelet' | 'controller';
  readonly message: string;
}

const AUTOUPDATE = 'rbac.authorization.kubernetes.io/autoupdate';

function podSpecProblems(
  raw: Readonly<Record<string, unknown>>,
): AdmissionProblem[] {
  const out: AdmissionProblem[] = [];
  const pod = readPodSpec(raw);
  const volumes = new Set(pod.volumes.map(v => v.name));
  for (const view of containersOf(pod)) {
    const { spec, name } = view;
    const security = effectiveSecurity(pod, spec);
    const own = spec.securityContext;
    if (own?.allowPrivilegeEscalation === false) {
      if (own.privileged === true)
        out.push({
          by: 'api-server',
          message: `container ${name}: cannot set allowPrivilegeEscalation to false and privileged to true`,
        });
      if (
        (own.capabilities?.add ?? []).some(c =>
          ['SYS_ADMIN', 'CAP_SYS_ADMIN'].includes(c.toUpperCase()),
        )
      )
        out.push({
          by: 'api-server',
          message: `container ${name}: cannot set allowPrivilegeEscalation to false and capabilities.Add CAP_SYS_ADMIN`,
        });
    }
    for (const mount of spec.volumeMounts) {
      if (!volumes.has(mount.name))
        out.push({
          by: 'api-server',
          message: `container ${name}: volume mount ${mount.name} names no volume`,
        });
      if (
        mount.mountPropagation === 'Bidirectional' &&
        own?.privileged !== true
      )
        out.push({
          by: 'api-server',
          message: `container ${name}: Bidirectional mount propagation (${mount.mountPath}) is available only to privileged containers`,
        });
    }
    if (security.runAsNonRoot === true && view.kind !== 'ephemeral') {
      if (security.runAsUser === 0)
        out.push({
          by: 'kubelet',
          message: `container ${name}: runAsNonRoot with runAsUser 0 never starts`,
        });
      else if (security.runAsUser === undefined)
        out.push({
          by: 'kubelet',
          message: `container ${name}: runAsNonRoot without runAsUser starts only if the image’s user is numeric and not 0, which the spec cannot show`,
        });
    }
  }
  return out;
}

const LOAD_BALANCER_ONLY = [
  'loadBalancerSourceRanges',
  'loadBalancerIP',
  'loadBalancerClass',
];

function serviceProblems(service: KubeObject): AdmissionProblem[] {
  const spec = asRecord(service.spec) ?? {};
  const type = asString(spec.type) ?? 'ClusterIP';
  const out: AdmissionProblem[] = [];
  if (type !== 'LoadBalancer')
    for (const field of LOAD_BALANCER_ONLY)
      if (spec[field] !== undefined && spec[field] !== null)
        out.push({
          by: 'api-server',
          message: `spec.${field} may only be used when type is LoadBalancer`,
        });
  if (
    type === 'ClusterIP' &&
    asArray(spec.ports).some(
      p =>
        asRecord(p)?.nodePort !== undefined && asRecord(p)?.nodePort !== null,
    )
  )
    out.push({
      by: 'api-server',
      message: 'spec.ports[].nodePort may not be used when type is ClusterIP',
    });
  return out;
}

function objectProblems(object: KubeObject): AdmissionProblem[] {
  const spec = rawPodSpec(object);
  if (spec !== undefined) return podSpecProblems(spec);
  return object.kind === 'Service' ? serviceProblems(object) : [];
}

/** Why the object a fix leaves would be refused, or never run; empty when admissible. */
export function admissionProblems(
  before: KubeObject,
  after: KubeObject | undefined,
): AdmissionProblem[] {
  const out: AdmissionProblem[] = [];
  const autoupdate = before.metadata.annotations?.[AUTOUPDATE] === 'true';
  if (
    autoupdate &&
    (before.kind.endsWith('Role') || before.kind.endsWith('RoleBinding'))
  )
    out.push({
      by: 'controller',
      message: `${before.kind} ${before.metadata.name} is reconciled by the API server at its next start (${AUTOUPDATE}: "true")`,
    });
  if (after === undefined) return out;
  if (
    before.kind === 'ClusterRole' &&
    asArray(asRecord(before.aggregationRule)?.clusterRoleSelectors).length >
      0 &&
    JSON.stringify(before.rules ?? []) !== JSON.stringify(after.rules ?? [])
  )
    out.push({
      by: 'controller',
      message: `ClusterRole ${before.metadata.name} aggregates other ClusterRoles: the aggregation controller rewrites its rules; change the ClusterRoles it selects instead`,
    });
  if (
    before.kind === 'Job' &&
    JSON.stringify(asRecord(before.spec)?.template ?? null) !==
      JSON.stringify(asRecord(after.spec)?.template ?? null)
  )
    out.push({
      by: 'api-server',
      message: `Job ${before.metadata.name}: spec.template is immutable`,
    });
  // Only what the fix introduces: an object that runs today keeps running.
  const existing = new Set(objectProblems(before).map(p => p.message));
  out.push(...objectProblems(after).filter(p => !existing.has(p.message)));
  return out;
}
