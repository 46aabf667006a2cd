/**
 * CE_SYS_PTRACE (catalog 3.3): in the host PID namespace, CAP_SYS_PTRACE
 * lets root attach to host processes (inject shellcode into a root daemon)
 * or read their files through `/proc/<pid>/root`. SYS_ADMIN is not needed:
 * CAP_SYS_PTRACE passes the kernel's UID and capability-subset checks. The
 * runtime default AppArmor profile confines ptrace to peers under the same
 * profile, and SELinux `container_t` forbids it.
 *
 * Precondition: pod `hostPID` ∧ `SYS_PTRACE ∈ EffCaps(c)` ∧
 * `MacUnconfined(c)`. Yama `ptrace_scope` 3 forbids attaching but not
 * reading `/proc/<pid>/root`: it changes the technique, not the edge (it is
 * recorded in the evidence). Confidence high (capped by the capability and
 * confinement confidences; at most medium on a stand-in's candidate node).
 *
 * Reference: https://man7.org/linux/man-pages/man2/ptrace.2.html
 */

import { capabilityConfidence } from '../predicates/capabilities.ts';
import { defineRule } from './define-rule.ts';
import { NODE_READS, WORKLOAD_READS, readsOf } from './reads.ts';
import {
  capabilityField,
  confinementFields,
  fact,
  nodeEdge,
  podField,
  rootFields,
} from './escape-utils/escape-evidence.ts';
import { escapeSubjectsOf } from './escape-utils/escape-subjects.ts';

export const ceSysPtrace = defineRule({
  kind: 'CE_SYS_PTRACE',
  reads: readsOf(WORKLOAD_READS, NODE_READS),
  *matchWorkload(ctx, workload) {
    for (const subject of escapeSubjectsOf(ctx, workload)) {
      if (!subject.linux || !subject.workload.spec.hostPID) continue;
      const cap = capabilityConfidence(subject.caps, 'SYS_PTRACE');
      if (cap === undefined || !subject.mac.holds) continue;
      const { facts } = subject.node;
      yield nodeEdge(subject, {
        reason:
          'A root container with SYS_PTRACE in the host PID namespace, without AppArmor or SELinux confinement, can trace host processes and read their files.',
        fields: [
          podField(subject.workload, 'hostPID'),
          capabilityField(subject),
          ...confinementFields(subject),
          ...rootFields(subject),
        ],
        confidence: [subject.root.confidence, cap, subject.mac.confidenceCap],
        facts: [
          fact('appArmor', facts.appArmor),
          fact('selinuxEnforcing', facts.selinuxEnforcing),
          fact('ptraceScope', facts.ptraceScope),
        ],
        extra: {
          confinement: subject.mac.reason,
          technique:
            facts.ptraceScope.value >= 3
              ? 'read /proc/<pid>/root of host processes (ptrace_scope 3 forbids attaching)'
              : 'attach to a host process and inject code, or read /proc/<pid>/root',
        },
      });
    }
  },
});
