/**
 * CE_NSENTER (catalog 3.3): in the host PID namespace, root enters the
 * namespaces of the host's PID 1 (`nsenter --target 1 --mount --uts --ipc
 * --net --pid -- bash`) and gets a shell on the node. `setns` into another
 * user's namespaces needs SYS_ADMIN, and opening `/proc/1/ns/*` needs
 * SYS_PTRACE; privileged containers hold both.
 *
 * Precondition: pod `hostPID` ∧ `Root(c)` ∧ (`privileged` ∨ (`SYS_ADMIN ∈
 * EffCaps` ∧ `SYS_PTRACE ∈ EffCaps` ∧ `MacUnconfined(c)`)). Confidence high
 * (the non-privileged variant is capped by the capability and confinement
 * confidences; at most medium on a stand-in's candidate node).
 *
 * Reference: https://man7.org/linux/man-pages/man1/nsenter.1.html
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
  privilegedField,
  rootFields,
} from './escape-utils/escape-evidence.ts';
import { escapeSubjectsOf } from './escape-utils/escape-subjects.ts';

export const ceNsenter = defineRule({
  kind: 'CE_NSENTER',
  reads: readsOf(WORKLOAD_READS, NODE_READS),
  *matchWorkload(ctx, workload) {
    for (const subject of escapeSubjectsOf(ctx, workload)) {
      if (!subject.linux || !subject.workload.spec.hostPID) continue;
      if (!subject.root.root) continue;
      const hostPid = podField(subject.workload, 'hostPID');
      if (subject.security.privileged) {
        yield nodeEdge(subject, {
          reason:
            'A privileged root container in the host PID namespace can nsenter into PID 1 and get a host shell.',
          fields: [
            hostPid,
            privilegedField(subject.container),
            ...rootFields(subject),
          ],
          confidence: [subject.root.confidence],
        });
        continue;
      }
      const sysAdmin = capabilityConfidence(subject.caps, 'SYS_ADMIN');
      const sysPtrace = capabilityConfidence(subject.caps, 'SYS_PTRACE');
      if (sysAdmin === undefined || sysPtrace === undefined) continue;
      if (!subject.mac.holds) continue;
      yield nodeEdge(subject, {
        reason:
          'A root container with SYS_ADMIN and SYS_PTRACE in the host PID namespace, without AppArmor or SELinux confinement, can nsenter into PID 1.',
        fields: [
          hostPid,
          capabilityField(subject),
          ...confinementFields(subject),
          ...rootFields(subject),
        ],
        confidence: [
          subject.root.confidence,
          sysAdmin,
          sysPtrace,
          subject.mac.confidenceCap,
        ],
        facts: [
          fact('appArmor', subject.node.facts.appArmor),
          fact('selinuxEnforcing', subject.node.facts.selinuxEnforcing),
        ],
        extra: { confinement: subject.mac.reason },
      });
    }
  },
});
