/**
 * F-NS-PSA (catalog 6, 2.7): a namespace with running workloads and no
 * `pod-security.kubernetes.io/enforce` label, so the cluster default applies
 * (`privileged` unless the AdmissionConfiguration says otherwise: every
 * escape of catalog 3.3 is admitted), or with an invalid value, which Pod
 * Security evaluates as `restricted` and `latest` (`PolicyToEvaluate`),
 * probably not what was meant. Namespaces exempted in the policy file and
 * clusters where Pod Security is disabled are not reported. Per namespace.
 *
 * Reference: https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */

import { objectId } from '@chokepoint/model';
import { ENFORCE_LABEL, enforceLevel } from '../predicates/pod-security.ts';
import { defineFinding } from './define-finding.ts';
import type { FindingRecord } from './define-finding.ts';
import { namespacesWithWorkloads } from './finding-utils/namespaces.ts';

export const nsPsa = defineFinding({
  id: 'F-NS-PSA',
  title: 'Namespace without a Pod Security enforce label',
  severity: 'medium',
  description:
    'A namespace has no pod-security.kubernetes.io/enforce label (the cluster default applies) or an invalid one (evaluated as restricted).',
  *check({ index, policy }): Iterable<FindingRecord> {
    for (const namespace of namespacesWithWorkloads(index)) {
      const level = enforceLevel(
        index.namespaces.get(namespace),
        namespace,
        policy,
      );
      let message: string;
      if (level.source === 'default') {
        message = `Namespace ${namespace} has no ${ENFORCE_LABEL} label: the cluster default level ${level.level} applies.`;
      } else if (level.source === 'invalid label') {
        message = `Namespace ${namespace} has an invalid ${ENFORCE_LABEL} label '${level.label ?? ''}', evaluated as restricted.`;
      } else {
        continue;
      }
      const id = objectId('Namespace', namespace);
      yield {
        check: 'F-NS-PSA',
        id: `F-NS-PSA:${id}`,
        severity: 'medium',
        title: 'Namespace without a Pod Security enforce label',
        message,
        objects: [id],
        fields: [`metadata.labels['${ENFORCE_LABEL}']`],
        remediation: `Label the namespace ${ENFORCE_LABEL}=restricted (or baseline where the workloads need it), with a valid value.`,
        checklist: ['Use Policy engine (OPA, Kyverno).'],
      };
    }
  },
});
