/**
 * CE_UMH_CORE_PATTERN (catalog 3.3): the kernel runs user-mode helpers as
 * root on the host: `core_pattern` with a leading `|` on every crash,
 * `modprobe` for an unknown binary format, `uevent_helper` on device
 * events. A root container that can write one of them through a hostPath
 * mount points it at a script and triggers it. The runtime AppArmor
 * profile's `/proc/sys` rules match the container's own `/proc`, not a host
 * `/proc` mounted elsewhere.
 *
 * Precondition: `Root(c)` ∧ ¬`SELinuxConfined(c)` ∧ a hostPath mount `m`
 * and a UMH location `L` with `covers(P, L)` and `Writable(m, L)` (2.5).
 * Confidence high; medium when writable only through a non-recursive
 * read-only mount, when `L` is `uevent_helper`, or with `subPathExpr` (and
 * at most medium on a stand-in's candidate node).
 *
 * Reference: https://man7.org/linux/man-pages/man5/core.5.html
 */

import { bestHit, umhHits } from '../predicates/host-paths.ts';
import { defineRule } from './define-rule.ts';
import { NODE_READS, WORKLOAD_READS, readsOf } from './reads.ts';
import {
  fact,
  hitEvidence,
  mountFields,
  nodeEdge,
  rootFields,
} from './escape-utils/escape-evidence.ts';
import { escapeSubjectsOf } from './escape-utils/escape-subjects.ts';

export const ceUmhCorePattern = defineRule({
  kind: 'CE_UMH_CORE_PATTERN',
  reads: readsOf(WORKLOAD_READS, NODE_READS),
  *matchWorkload(ctx, workload) {
    for (const subject of escapeSubjectsOf(ctx, workload)) {
      if (!subject.linux || subject.mounts.length === 0) continue;
      if (!subject.root.root || subject.selinuxConfined) continue;
      const hits = umhHits(subject.mounts, subject.hostPaths);
      const best = bestHit(hits);
      if (best === undefined) continue;
      yield nodeEdge(subject, {
        reason: `A root container can write the kernel user-mode helper ${best.location} through a hostPath mount; the host kernel runs it as root.`,
        fields: [...mountFields(subject, best), ...rootFields(subject)],
        confidence: [subject.root.confidence, best.confidence],
        facts: [fact('selinuxEnforcing', subject.node.facts.selinuxEnforcing)],
        extra: { hostPaths: hitEvidence(hits) },
      });
    }
  },
});
