/**
 * CE_PRIV_MOUNT (catalog 3.3): a privileged container sees every host
 * device, so root in it mounts the node's disk (`mount /dev/sda1 /mnt`) and
 * writes the host filesystem (cron, SSH keys, the kubelet's credentials).
 *
 * Precondition: `privileged` ∧ `Root(c)` (2.2). On a Windows node:
 * `windowsOptions.hostProcess: true` instead (a HostProcess container runs
 * directly on the host). Confidence high (at most medium on a stand-in's
 * candidate node, catalog 1.3).
 *
 * Reference: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */

import { defineRule } from './define-rule.ts';
import { NODE_READS, WORKLOAD_READS, readsOf } from './reads.ts';
import { containerPath } from '../entities/spec-paths.ts';
import {
  nodeEdge,
  podField,
  privilegedField,
  rootFields,
} from './escape-utils/escape-evidence.ts';
import { escapeSubjectsOf } from './escape-utils/escape-subjects.ts';

export const cePrivMount = defineRule({
  kind: 'CE_PRIV_MOUNT',
  reads: readsOf(WORKLOAD_READS, NODE_READS),
  *matchWorkload(ctx, workload) {
    for (const subject of escapeSubjectsOf(ctx, workload)) {
      if (subject.node.facts.os.value === 'windows') {
        if (subject.security.windowsOptions?.hostProcess !== true) continue;
        yield nodeEdge(subject, {
          reason:
            'A Windows HostProcess container runs directly on the host with its privileges.',
          fields: [
            subject.container.view.spec.securityContext?.windowsOptions
              ?.hostProcess === undefined
              ? podField(
                  subject.workload,
                  'securityContext.windowsOptions.hostProcess',
                )
              : `${containerPath(subject.container)}.securityContext.windowsOptions.hostProcess`,
          ],
          confidence: [],
        });
        continue;
      }
      if (!subject.linux) continue;
      if (!subject.security.privileged || !subject.root.root) continue;
      yield nodeEdge(subject, {
        reason:
          'A privileged root container sees every host device and can mount the node disk.',
        fields: [privilegedField(subject.container), ...rootFields(subject)],
        confidence: [subject.root.confidence],
      });
    }
  },
});
