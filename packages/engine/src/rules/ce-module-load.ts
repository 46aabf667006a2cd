/**
 * CE_MODULE_LOAD (catalog 3.3): with CAP_SYS_MODULE, root loads a kernel
 * module (`insmod`), which runs in ring 0 with no container boundary at all.
 *
 * Precondition: `SYS_MODULE ∈ EffCaps(c)` (so `Root(c)`, 2.3) ∧
 * ¬`SELinuxConfined(c)` (`container_t` may not load modules) ∧ the node's
 * `moduleLoadingRestricted` is false (no module signature enforcement,
 * LoadPin or lockdown). Confidence high (low when SYS_MODULE comes only from
 * a CAP_-prefixed entry on an unknown runtime; at most medium on a stand-in's
 * candidate node).
 *
 * Reference: https://man7.org/linux/man-pages/man2/init_module.2.html
 */

import { capabilityConfidence } from '../predicates/capabilities.ts';
import { defineRule } from './define-rule.ts';
import { NODE_READS, WORKLOAD_READS, readsOf } from './reads.ts';
import {
  capabilityField,
  fact,
  nodeEdge,
  rootFields,
} from './escape-utils/escape-evidence.ts';
import { escapeSubjectsOf } from './escape-utils/escape-subjects.ts';

export const ceModuleLoad = defineRule({
  kind: 'CE_MODULE_LOAD',
  reads: readsOf(WORKLOAD_READS, NODE_READS),
  *matchWorkload(ctx, workload) {
    for (const subject of escapeSubjectsOf(ctx, workload)) {
      if (!subject.linux) continue;
      const cap = capabilityConfidence(subject.caps, 'SYS_MODULE');
      if (cap === undefined || subject.selinuxConfined) continue;
      const restricted = subject.node.facts.moduleLoadingRestricted;
      if (restricted.value) continue;
      yield nodeEdge(subject, {
        reason:
          'A root container with SYS_MODULE can load a kernel module into the node kernel.',
        fields: [capabilityField(subject), ...rootFields(subject)],
        confidence: [subject.root.confidence, cap],
        facts: [
          fact('moduleLoadingRestricted', restricted),
          fact('selinuxEnforcing', subject.node.facts.selinuxEnforcing),
        ],
        extra: { capabilities: subject.caps.reason },
      });
    }
  },
});
