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

/** Namespaces the cluster runs for itself: no input says what runs there. */
const SYSTEM_NAMESPACES = new Set([
  'kube-system',
  'kube-public',
  'kube-node-lease',
]);

/**
 * The Namespace a label fix changes: the input's object, or, when the
 * input's objects are put in a namespace it does not hold (manifests applied
 * with `kubectl apply -n`), the Namespace as the cluster has it and as the
 * patch creates it in the analysed input. A namespace the cluster runs for
 * itself is left out: no input says what runs there.
 */
export function labelledNamespace(
  index: SnapshotIndex,
  name: string,
): { readonly object: KubeObject; readonly inInput: boolean } | undefined {
  const object = index.get('Namespace', '', name);
  if (object !== undefined) return { object, inInput: true };
  if (SYSTEM_NAMESPACES.has(name) || !index.namespaces.has(name))
    return undefined;
  if (
    !Object.values(index.snapshot.objects).some(list =>
      list.some(o => o.metadata.namespace === name),
    )
  )
    return undefined;
  return {
    object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    inInput: false,
  };
}

/** The label fix for a namespace the analysis found admitting privileged pods. */
export function podSecurityLabelFix(
  index: SnapshotIndex,
  namespace: KubeObject,
  inInput = true,
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
    description: `label namespace ${name} ${ENFORCE_LABEL}=${enforce} (new privileged pods are refused there)${inInput ? '' : `; the input does not hold Namespace ${name}: label it where it is created`}`,
  };
}
