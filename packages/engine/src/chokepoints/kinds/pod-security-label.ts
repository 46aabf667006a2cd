/**
 * A Pod Security `enforce` label on a namespace whose evidence says it
 * admits privileged pods (fixes issue, point 3): the strictest level every
 * workload already in it passes (`restricted`, else `baseline`), so the label
 * refuses the privileged pod an attacker would create there. Admission only
 * judges new pods: what runs keeps running, and a workload that violates the
 * level has its next pod refused, which the fix's impact says.
 */

import type { KubeObject } from '@chokepoint/model';
import {
  checkPodSecurity,
  ENFORCE_LABEL,
} from '../../predicates/pod-security.ts';
import type { SnapshotIndex } from '../../snapshot-index.ts';
import type { Fix } from '../apply-fix.ts';

function level(
  index: SnapshotIndex,
  namespace: string,
): 'restricted' | 'baseline' {
  const passes = index.workloadsInNamespace(namespace).every(
    w =>
      checkPodSecurity({
        pod: w.spec,
        ...(w.kind === 'Pod' ? { podObject: w.object } : {}),
        level: 'restricted',
      }).satisfied,
  );
  return passes ? 'restricted' : 'baseline';
}

/** The label fix for a namespace the analysis found admitting privileged pods. */
export function podSecurityLabelFix(
  index: SnapshotIndex,
  namespace: KubeObject,
): Fix | undefined {
  const current = namespace.metadata.labels?.[ENFORCE_LABEL];
  if (current === 'baseline' || current === 'restricted') return undefined;
  const name = namespace.metadata.name;
  const enforce = level(index, name);
  return {
    id: `patch:Namespace:${name}#pod-security-enforce-${enforce}`,
    action: 'patch',
    target: `Namespace:${name}`,
    patch: { metadata: { labels: { [ENFORCE_LABEL]: enforce } } },
    description: `label namespace ${name} ${ENFORCE_LABEL}=${enforce} (new privileged pods are refused there)`,
  };
}
