/**
 * The pod and container target sets of POD_EXEC, POD_ATTACH_API, POD_PATCH,
 * POD_DEBUG and NODE_PROXY_EXEC. Running pods count, and Succeeded or Failed
 * pods run nothing (1.4). A stand-in (catalog 1.3) stands for pods the
 * controller runs, so a grant on every pod of a namespace (no resourceNames:
 * their names are generated) reaches it for exec and attach, at medium
 * confidence (issue #17, point 7: on manifests a cluster-wide exec grant was
 * invisible); patching and debugging act on one named pod object, so they
 * reach real pods only.
 */

import { objectId } from '@chokepoint/model';
import { asRecord } from '../../predicates/json.ts';
import { checkPodSecurity } from '../../predicates/pod-security.ts';
import type { RuleContext, ScopeMember } from '../../rule-context.ts';
import type { WorkloadInfo } from '../../snapshot-index.ts';
import { namespacedFamily } from './targets.ts';
import type { TargetFamily } from './targets.ts';
import { workloadTables } from './tables.ts';

function runningPods(ctx: RuleContext, namespace: string): WorkloadInfo[] {
  return ctx.index
    .workloadsInNamespace(namespace)
    .filter(w => w.kind === 'Pod' && w.running);
}

const REPLICATED = new Set([
  'Deployment',
  'ReplicaSet',
  'ReplicationController',
  'StatefulSet',
]);

/** A controller scaled to zero (`replicas: 0`) or a suspended CronJob runs no pod to exec into. */
function runsPods(workload: WorkloadInfo): boolean {
  const { kind, spec } = workload.object;
  const record = asRecord(spec);
  if (kind === 'CronJob') return record?.suspend !== true;
  return !(REPLICATED.has(kind) && record?.replicas === 0);
}

/** Running stand-ins of a namespace whose controller runs pods. */
function standIns(ctx: RuleContext, namespace: string): WorkloadInfo[] {
  return ctx.index
    .workloadsInNamespace(namespace)
    .filter(w => w.kind === 'PodTemplate' && w.running && runsPods(w));
}

const asMedium = (id: string): ScopeMember => ({ id, confidence: 'medium' });

function podFamily(
  ctx: RuleContext,
  key: string,
  label: string,
  qualifies: (pod: WorkloadInfo) => boolean,
  withStandIns = false,
): TargetFamily {
  const tables = workloadTables(ctx);
  return namespacedFamily(ctx, {
    key,
    label,
    namespaces: () => tables.namespaces,
    members: namespace => [
      ...runningPods(ctx, namespace)
        .filter(qualifies)
        .map(pod => pod.id),
      ...(withStandIns
        ? standIns(ctx, namespace).map(w => asMedium(w.id))
        : []),
    ],
    named: (namespace, name) => {
      const pods =
        namespace === ''
          ? tables.podsNamed(name)
          : [tables.pod(namespace, name)];
      return pods
        .filter(
          (pod): pod is WorkloadInfo =>
            pod !== undefined && pod.running && qualifies(pod),
        )
        .map(pod => ({ id: pod.id, namespace: pod.namespace, name: pod.name }));
    },
  });
}

/** Every running pod, and the stand-ins of controllers without pods (POD_EXEC). */
export function runningPodFamily(ctx: RuleContext): TargetFamily {
  return podFamily(
    ctx,
    'pods:exec',
    'running pods and controller stand-ins',
    () => true,
    true,
  );
}

/**
 * Running pods that are not mirror pods (POD_DEBUG; POD_PATCH for a holder
 * exempt from Pod Security). Static pods take no ephemeral containers and
 * the kubelet ignores API changes to their mirrors.
 */
export function apiManagedPodFamily(ctx: RuleContext): TargetFamily {
  return podFamily(
    ctx,
    'pods:api-managed',
    'running pods that are not mirror pods',
    pod => !pod.mirror,
  );
}

/** Whether a pod satisfies its namespace's current enforce level, or is exempt by RuntimeClass. */
export function satisfiesEnforceLevel(
  ctx: RuleContext,
  pod: WorkloadInfo,
): boolean {
  const tables = workloadTables(ctx);
  const level = tables.enforce(pod.namespace);
  if (level.level === 'privileged') return true;
  const runtimeClass = pod.spec.runtimeClassName;
  if (
    runtimeClass !== undefined &&
    ctx.policy.podSecurity.exemptions.runtimeClasses.includes(runtimeClass)
  ) {
    return true;
  }
  return checkPodSecurity({
    pod: pod.spec,
    podObject: pod.object,
    level: level.level,
    version: level.version,
  }).satisfied;
}

/** Running, not mirror pods that satisfy their namespace's enforce level (POD_PATCH). */
export function patchablePodFamily(ctx: RuleContext): TargetFamily {
  return podFamily(
    ctx,
    'pods:patchable',
    'running pods admitted again after an image change',
    pod => !pod.mirror && satisfiesEnforceLevel(ctx, pod),
  );
}

/** Running containers with `stdin: true` of running pods (POD_ATTACH_API). */
export function stdinContainerFamily(ctx: RuleContext): TargetFamily {
  const tables = workloadTables(ctx);
  const containersOf = (pod: WorkloadInfo | undefined): string[] =>
    pod?.running !== true
      ? []
      : pod.containers
          .filter(c => c.running && c.view.spec.stdin === true)
          .map(c => c.id);
  return namespacedFamily(ctx, {
    key: 'containers:stdin',
    label: 'running containers with stdin',
    namespaces: () => tables.namespaces,
    members: namespace => [
      ...runningPods(ctx, namespace).flatMap(containersOf),
      ...standIns(ctx, namespace).flatMap(containersOf).map(asMedium),
    ],
    named: (namespace, name) => {
      const pods =
        namespace === ''
          ? tables.podsNamed(name)
          : [tables.pod(namespace, name)];
      return pods.flatMap(pod =>
        containersOf(pod).map(id => ({
          id,
          namespace: pod?.namespace ?? namespace,
          name,
        })),
      );
    },
  });
}

/** The running pods of each node, and of every node (NODE_PROXY_EXEC; cluster-scoped requests). */
export function podsOnNodeFamily(ctx: RuleContext): TargetFamily {
  const nodeScope = (node: string): string | undefined =>
    ctx.scope(
      `pods:exec@${objectId('Node', node)}`,
      `running pods on node ${node}`,
      () =>
        ctx.index
          .workloadsOnNode(node)
          .filter(w => w.kind === 'Pod' && w.running)
          .map(w => w.id),
    );
  return {
    cluster: () =>
      ctx.scope('pods:exec@nodes', 'running pods on every node', function* () {
        for (const node of [...ctx.index.nodes.keys()].sort()) {
          const id = nodeScope(node);
          if (id !== undefined) yield id;
        }
      }),
    // A RoleBinding never grants a cluster-scoped request (catalog 4.3).
    namespace: () => undefined,
    named: (namespace, name) => {
      if (namespace !== '' || !ctx.index.nodes.has(name)) return [];
      const id = nodeScope(name);
      return id === undefined ? [] : [{ id, namespace: '', name }];
    },
  };
}
