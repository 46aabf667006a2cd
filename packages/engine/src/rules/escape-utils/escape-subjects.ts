/**
 * The Container -> Node edges of catalog 3.3 all ask the same questions of
 * one running container on one node: its effective security settings (2.1),
 * Root (2.2), effective capabilities on that node's runtime (2.3),
 * confinement (2.4) and hostPath mounts (2.5). This module answers them once
 * per (container, node) and per snapshot, so fourteen rules cost one pass.
 *
 * A pod's container is placed on its `spec.nodeName` (high); a stand-in's
 * container on each candidate node (medium, catalog 1.3). Containers that
 * never start (`runAsUser: 0` with `runAsNonRoot: true`) yield nothing.
 */

import type { Confidence } from '@chokepoint/model';
import type { RuleContext } from '../../rule-context.ts';
import type {
  ContainerInfo,
  NodeInfo,
  WorkloadInfo,
} from '../../snapshot-index.ts';
import {
  defaultCapabilitiesFor,
  effectiveCapabilities,
} from '../../predicates/capabilities.ts';
import type { EffectiveCapabilities } from '../../predicates/capabilities.ts';
import {
  macUnconfined,
  selinuxConfined,
} from '../../predicates/confinement.ts';
import type { ConfinementVerdict } from '../../predicates/confinement.ts';
import {
  effectiveSecurity,
  isWindowsContainer,
} from '../../predicates/effective-security.ts';
import type { EffectiveSecurity } from '../../predicates/effective-security.ts';
import { hostPathMountsOf } from '../../predicates/host-paths.ts';
import type {
  HostPathContext,
  HostPathMount,
} from '../../predicates/host-paths.ts';
import { rootOf } from '../../predicates/root.ts';
import type { RootResult } from '../../predicates/root.ts';
import { recursiveReadOnlyHonoured } from '../../predicates/versions.ts';
import { memoPer } from '../../provenance/track.ts';

export interface EscapeSubject {
  readonly container: ContainerInfo;
  readonly workload: WorkloadInfo;
  readonly node: NodeInfo;
  /** `high` on a pod's node, `medium` on a stand-in's candidate node. */
  readonly placement: Confidence;
  /** A Linux node and a Linux container: the Linux escapes may apply. */
  readonly linux: boolean;
  readonly security: EffectiveSecurity;
  readonly root: RootResult;
  readonly caps: EffectiveCapabilities;
  /** MacUnconfined(c) on this node (2.4), with its confidence cap. */
  readonly mac: ConfinementVerdict;
  /** SELinuxConfined(c) on this node (2.4). */
  readonly selinuxConfined: boolean;
  readonly mounts: readonly HostPathMount[];
  /** What Writable(m, L) needs to know about the node and the server (2.5). */
  readonly hostPaths: HostPathContext;
}

const LINUX_DEFAULTS = {
  os: { value: 'linux', source: 'defaulted' },
  userNamespaces: { value: false, source: 'defaulted' },
} as const;

/**
 * A container whose spec says `runAsUser: 0` (or an image user 0) together
 * with `runAsNonRoot: true`: the kubelet refuses to start it (catalog 2.2),
 * so no edge may leave it, whatever the node.
 */
export function neverStarts(
  ctx: Pick<RuleContext, 'policy'>,
  container: ContainerInfo,
): boolean {
  return rootOf({
    pod: container.workload.spec,
    container: container.view.spec,
    node: LINUX_DEFAULTS,
    policy: ctx.policy,
  }).neverStarts;
}

function subjectOf(
  ctx: RuleContext,
  container: ContainerInfo,
  node: NodeInfo,
  rroHonoured: HostPathContext['rroHonoured'],
): EscapeSubject | undefined {
  const { workload } = container;
  const pod = workload.spec;
  const spec = container.view.spec;
  const facts = node.facts;
  const security = effectiveSecurity(pod, spec);
  const root = rootOf({
    pod,
    container: spec,
    security,
    node: facts,
    policy: ctx.policy,
  });
  if (root.neverStarts) return undefined;
  const runtime = facts.runtime.value;
  const caps = effectiveCapabilities({
    root: root.root,
    security,
    runtime,
    defaults: defaultCapabilitiesFor(runtime, node.name, ctx.policy),
  });
  const podObject = workload.kind === 'Pod' ? workload.object : undefined;
  return {
    container,
    workload,
    node,
    placement: workload.placement,
    linux: facts.os.value === 'linux' && !isWindowsContainer(pod, security),
    security,
    root,
    caps,
    mac: macUnconfined({
      pod,
      container: spec,
      ...(podObject === undefined ? {} : { podObject }),
      security,
      node: facts,
    }),
    selinuxConfined: selinuxConfined({
      security,
      nodeSelinuxEnforcing: facts.selinuxEnforcing,
    }),
    mounts: hostPathMountsOf(pod, spec, podObject),
    hostPaths: { node: facts, rroHonoured },
  };
}

const memo = memoPer<readonly EscapeSubject[]>();

/**
 * Every running container of a workload on every node it runs (or may run)
 * on, computed once per workload and snapshot. Unscheduled pods are on no
 * node and yield nothing.
 */
export function escapeSubjectsOf(
  ctx: RuleContext,
  workload: WorkloadInfo,
): readonly EscapeSubject[] {
  return memo(ctx.index).get(workload.id, () => {
    const rroHonoured = recursiveReadOnlyHonoured(
      ctx.index.serverVersion,
      ctx.policy.featureGates,
    );
    const out: EscapeSubject[] = [];
    for (const container of workload.containers) {
      if (!container.running) continue;
      for (const name of workload.nodes) {
        const node = ctx.index.nodes.get(name);
        if (node === undefined) continue;
        const subject = subjectOf(ctx, container, node, rroHonoured);
        if (subject !== undefined) out.push(subject);
      }
    }
    return out;
  });
}
