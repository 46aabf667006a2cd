/**
 * SHARE_PS_NAMESPACE (catalog 3.2): containers of a pod with
 * `shareProcessNamespace: true` see each other's processes; a container
 * that may ptrace-read a sibling's processes reads its memory, environment
 * and files through `/proc/<pid>/root`, and so takes its mounts, token and
 * capabilities.
 *
 * Precondition: same pod with `shareProcessNamespace: true`, A ≠ B, both
 * running, and A may read B's processes: `SYS_PTRACE ∈ EffCaps(A)`, or
 * UID(A) = UID(B) (unset UIDs count as the image user, assumed equal; an
 * image user is assumed root unless `imageUsers` names it) and `EffCaps(B) ⊆
 * EffCaps(A)` (the kernel's ptrace access check); and not (A under the
 * runtime default AppArmor profile while B is AppArmor-unconfined).
 * Confidence medium.
 *
 * Reference: https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/
 */

import type { Confidence } from '@chokepoint/model';
import {
  defaultCapabilitiesFor,
  effectiveCapabilities,
} from '../predicates/capabilities.ts';
import {
  appArmorProfileOf,
  appArmorUnconfined,
} from '../predicates/confinement.ts';
import type { ConfinementVerdict } from '../predicates/confinement.ts';
import {
  effectiveSecurity,
  isWindowsContainer,
} from '../predicates/effective-security.ts';
import { nodeFactsOf } from '../predicates/node-facts.ts';
import type { NodeFacts } from '../predicates/node-facts.ts';
import { imageUser, rootOf } from '../predicates/root.ts';
import type { RuleContext } from '../rule-context.ts';
import type { ContainerInfo, WorkloadInfo } from '../snapshot-index.ts';
import { defineRule } from './define-rule.ts';
import { NODE_READS, WORKLOAD_READS, readsOf } from './reads.ts';
import { specEvidence } from './evidence.ts';
import { workloadObjectId } from '../entities/spec-paths.ts';
import { podField } from './escape-utils/escape-evidence.ts';

interface Member {
  readonly container: ContainerInfo;
  /** The UID, or `image` for the (unknown) image user. */
  readonly uid: number | 'image';
  readonly caps: ReadonlySet<string>;
  readonly apparmor: ConfinementVerdict;
  /** Under the runtime's default AppArmor profile. */
  readonly runtimeDefault: boolean;
}

function memberOf(
  ctx: RuleContext,
  container: ContainerInfo,
  facts: NodeFacts,
): Member | undefined {
  const { workload } = container;
  const pod = workload.spec;
  const spec = container.view.spec;
  const security = effectiveSecurity(pod, spec);
  // Windows pods cannot share a process namespace.
  if (facts.os.value === 'windows' || isWindowsContainer(pod, security)) {
    return undefined;
  }
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
    defaults: defaultCapabilitiesFor(runtime, facts.name, ctx.policy),
  }).caps;
  const profile = appArmorProfileOf(
    pod,
    spec,
    workload.kind === 'Pod' ? workload.object : undefined,
  );
  const apparmor = appArmorUnconfined({
    profile,
    privileged: security.privileged,
    nodeAppArmor: facts.appArmor,
  });
  return {
    container,
    uid:
      security.runAsUser ??
      imageUser(spec.image, ctx.policy.imageUsers) ??
      'image',
    caps,
    apparmor,
    runtimeDefault: !apparmor.holds && profile.type !== 'Localhost',
  };
}

function sameUid(a: Member['uid'], b: Member['uid']): boolean {
  if (a === 'image' || b === 'image') {
    // Image users are assumed equal to each other, and root otherwise (2.2).
    return (a === 'image' ? 0 : a) === (b === 'image' ? 0 : b);
  }
  return a === b;
}

function subset(
  small: ReadonlySet<string>,
  large: ReadonlySet<string>,
): boolean {
  for (const cap of small) if (!large.has(cap)) return false;
  return true;
}

/** How A reads B, or undefined when it cannot. */
function readsVia(a: Member, b: Member): string | undefined {
  if (a.runtimeDefault && b.apparmor.holds) return undefined;
  if (a.caps.has('SYS_PTRACE')) return 'SYS_PTRACE';
  if (sameUid(a.uid, b.uid) && subset(b.caps, a.caps)) {
    return 'same UID and a superset of its capabilities';
  }
  return undefined;
}

function nodeFactsFor(ctx: RuleContext, workload: WorkloadInfo): NodeFacts[] {
  const out: NodeFacts[] = [];
  for (const name of workload.nodes) {
    const node = ctx.index.nodes.get(name);
    if (node !== undefined) out.push(node.facts);
  }
  if (out.length === 0) {
    // Not scheduled: the default facts of an unknown Linux node.
    out.push(
      nodeFactsOf(
        undefined,
        { policy: ctx.policy, serverVersion: ctx.index.serverVersion },
        '',
      ),
    );
  }
  return out;
}

export const sharePsNamespace = defineRule({
  kind: 'SHARE_PS_NAMESPACE',
  reads: readsOf(WORKLOAD_READS, NODE_READS),
  *matchWorkload(ctx, workload) {
    if (!workload.running || !workload.spec.shareProcessNamespace) return;
    const running = workload.containers.filter(c => c.running);
    if (running.length < 2) return;
    const found = new Map<string, string>();
    for (const facts of nodeFactsFor(ctx, workload)) {
      const members = running
        .map(c => memberOf(ctx, c, facts))
        .filter((m): m is Member => m !== undefined);
      for (const a of members) {
        for (const b of members) {
          if (a === b) continue;
          const key = `${a.container.id}\n${b.container.id}`;
          if (found.has(key)) continue;
          const via = readsVia(a, b);
          if (via !== undefined) found.set(key, via);
        }
      }
    }
    const confidence: Confidence = 'medium';
    for (const [key, via] of found) {
      const [from = '', to = ''] = key.split('\n');
      yield {
        from,
        to,
        confidence,
        evidence: specEvidence(
          `The containers share the pod's process namespace and the first may read the second's processes (${via}).`,
          workloadObjectId(workload),
          [podField(workload, 'shareProcessNamespace')],
          { via },
        ),
      };
    }
  },
});
