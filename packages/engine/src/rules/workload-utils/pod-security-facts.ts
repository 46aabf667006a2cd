/**
 * Evidence facts for the Pod Security answers the workload techniques rely
 * on (catalog 2.7, 3.0: each fact with its source).
 */

import { isGiven } from '../../policy.ts';
import type { Policy } from '../../policy.ts';
import type {
  AdmissionMayBlockResult,
  EnforceLevelResult,
} from '../../predicates/pod-security.ts';
import type { FactEvidence } from '../evidence.ts';

export function enforceFact(
  namespace: string,
  level: EnforceLevelResult,
  policy: Policy,
): FactEvidence {
  const source =
    level.source === 'label' || level.source === 'invalid label'
      ? 'derived'
      : level.source === 'default'
        ? isGiven(policy, 'podSecurity.defaults.enforce')
          ? 'given'
          : 'defaulted'
        : 'given';
  return {
    fact: `podSecurity.enforce(${namespace})`,
    value: `${level.level} (${level.source})`,
    source,
  };
}

export function admissionFact(
  namespace: string,
  result: AdmissionMayBlockResult,
): FactEvidence {
  return {
    fact: `admission.mayBlock(${namespace})`,
    value: result.mayBlock ? result.by : false,
    source: result.given ? 'given' : 'derived',
  };
}
