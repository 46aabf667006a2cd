/**
 * The pod and container target sets of POD_EXEC, POD_ATTACH_API, POD_PATCH,
 * POD_DEBUG and NODE_PROXY_EXEC. Only real, running pods count: nothing can
 * exec into, attach to or patch a stand-in (catalog 1.3), and Succeeded or
 * Failed pods run nothing (1.4).
 */

import { objectId } from '@chokepoint/model';
import { checkPodSecurity } from '../../predicates/pod-security.ts';
import type { RuleContext } from '../../rule-context.ts';
import type { WorkloadInfo } from '../../snapshot-index.ts';
import { namespacedFamily } from './targets.ts';
import type { TargetFamily } from './targets.ts';
import { workloadTables } from './tables.ts';

function runningPods(ctx: RuleContext, namespace: string): WorkloadInfo[] {
  return ctx.index
    .workloadsInNamespace(namespace)
    .filter(w => w.kind === 'Pod' && w.running);
}

function podFamily(
  ctx: RuleContext,
  key: string,
  label: string,
  qualifies: (pod: WorkloadInfo) => boolean,
): TargetFamily {
  const tables = workloadTables(ctx);
  return namespacedFamily(ctx, {
    key,
    label,
    namespaces: () => tables.namespaces,
    members: namespace =>
      runningPods(ctx, namespace)
        .filter(qualifies)
        .map(pod => pod.id),
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

/** Every running pod (POD_EXEC). */
export function runningPodFamily(ctx: RuleContext): TargetFamily {
  return podFamily(ctx, 'pods:exec', 'running pods', () => true);
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
    members: namespace => runningPods(ctx, namespace).flatMap(containersOf),
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
