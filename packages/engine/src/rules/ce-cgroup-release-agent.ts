/**
 * CE_CGROUP_RELEASE_AGENT (catalog 3.3): with CAP_SYS_ADMIN, root mounts a
 * cgroup v1 hierarchy, sets `notify_on_release` and writes its
 * `release_agent`, which the host kernel then runs as root on the node
 * (CVE-2022-0492 class). On cgroup v2 a non-privileged container has its own
 * cgroup namespace, and the kernel creates new v1 hierarchies only in the
 * initial cgroup namespace (torvalds/linux `kernel/cgroup/cgroup-v1.c`).
 * AppArmor's `deny mount` or SELinux block it otherwise, not seccomp.
 *
 * Precondition: `SYS_ADMIN ∈ EffCaps(c)` ∧ `MacUnconfined(c)` ∧ node
 * `cgroupVersion = v1`. Confidence high; medium when the cgroup version
 * comes from the OS image table (and at most medium on a stand-in's
 * candidate node).
 *
 * Reference: https://unit42.paloaltonetworks.com/cve-2022-0492-cgroups/
 */

import type { Confidence } from '@chokepoint/model';
import { capabilityConfidence } from '../predicates/capabilities.ts';
import { defineRule } from './define-rule.ts';
import { NODE_READS, WORKLOAD_READS, readsOf } from './reads.ts';
import {
  capabilityField,
  confinementFields,
  fact,
  nodeEdge,
  rootFields,
} from './escape-utils/escape-evidence.ts';
import { escapeSubjectsOf } from './escape-utils/escape-subjects.ts';

export const ceCgroupReleaseAgent = defineRule({
  kind: 'CE_CGROUP_RELEASE_AGENT',
  reads: readsOf(WORKLOAD_READS, NODE_READS),
  *matchWorkload(ctx, workload) {
    for (const subject of escapeSubjectsOf(ctx, workload)) {
      if (!subject.linux) continue;
      const cgroup = subject.node.facts.cgroupVersion;
      if (cgroup.value !== 'v1') continue;
      const cap = capabilityConfidence(subject.caps, 'SYS_ADMIN');
      if (cap === undefined || !subject.mac.holds) continue;
      // v1 is never defaulted (the default is v2) nor derived from the
      // kubelet version (>= 1.35 means v2): derived v1 is the OS image table.
      const cgroupConfidence: Confidence =
        cgroup.source === 'given' ? 'high' : 'medium';
      const { facts } = subject.node;
      yield nodeEdge(subject, {
        reason:
          'A root container with SYS_ADMIN on a cgroup v1 node, without AppArmor or SELinux confinement, can set a cgroup release_agent the host runs as root.',
        fields: [
          capabilityField(subject),
          ...confinementFields(subject),
          ...rootFields(subject),
        ],
        confidence: [
          subject.root.confidence,
          cap,
          subject.mac.confidenceCap,
          cgroupConfidence,
        ],
        facts: [
          fact('cgroupVersion', cgroup),
          fact('appArmor', facts.appArmor),
          fact('selinuxEnforcing', facts.selinuxEnforcing),
        ],
        extra: { confinement: subject.mac.reason },
      });
    }
  },
});
