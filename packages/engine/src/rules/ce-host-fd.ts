/**
 * CE_HOST_FD (catalog 3.3): with CAP_DAC_READ_SEARCH, `open_by_handle_at`
 * opens any inode of the filesystem that backs one of the container's bind
 * mounts (`/etc/hosts`, `/etc/resolv.conf`), so root reads every file of
 * the host filesystem, and with DAC_OVERRIDE (a runtime default) writes it
 * too ("shocker").
 *
 * Precondition: `DAC_READ_SEARCH ∈ EffCaps(c)` (so `Root(c)`) ∧
 * ¬`SELinuxConfined(c)`. Confidence high (low when DAC_READ_SEARCH comes
 * only from a CAP_-prefixed entry on an unknown runtime; at most medium on a
 * stand-in's candidate node).
 *
 * Reference: https://man7.org/linux/man-pages/man2/open_by_handle_at.2.html
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

export const ceHostFd = defineRule({
  kind: 'CE_HOST_FD',
  reads: readsOf(WORKLOAD_READS, NODE_READS),
  *matchWorkload(ctx, workload) {
    for (const subject of escapeSubjectsOf(ctx, workload)) {
      if (!subject.linux) continue;
      const cap = capabilityConfidence(subject.caps, 'DAC_READ_SEARCH');
      if (cap === undefined || subject.selinuxConfined) continue;
      yield nodeEdge(subject, {
        reason:
          'A root container with DAC_READ_SEARCH can open any host file through open_by_handle_at.',
        fields: [capabilityField(subject), ...rootFields(subject)],
        confidence: [subject.root.confidence, cap],
        facts: [fact('selinuxEnforcing', subject.node.facts.selinuxEnforcing)],
        extra: {
          capabilities: subject.caps.reason,
          writes: subject.caps.caps.has('DAC_OVERRIDE'),
        },
      });
    }
  },
});
