/**
 * The shape of a finding check (catalog section 6), mirroring
 * `rules/define-rule.ts`: a plain object made by an identity function that
 * exists only for type inference, like typescript-eslint's `createRule`. A
 * check reads the indexed snapshot, the policy and the RBAC model and yields
 * finding records; it never touches the attack graph. Findings are the seed
 * checklist items that cluster data can show (docs/checklist.md maps each
 * item); their rank comes later, from whether their objects lie on an attack
 * path (catalog 6).
 */

import type { FindingRecord, Severity } from '@chokepoint/model';

export type { FindingRecord, Severity };
import type { Policy } from '../policy.ts';
import type { RbacModel } from '../rbac/index.ts';
import type { SnapshotIndex } from '../snapshot-index.ts';

/** Every finding id of the catalog 6 table, in table order, and those issue #17 adds (F-RBAC-SECRETS, F-SVC-NODEPORT). */
export const FINDING_IDS = [
  'F-POD-ROOT',
  'F-POD-PRIVESC',
  'F-POD-PRIVILEGED',
  'F-POD-ROFS',
  'F-POD-HOSTNS',
  'F-POD-HOSTPATH',
  'F-POD-HOSTPORT',
  'F-POD-SYSCTL',
  'F-POD-CAPS',
  'F-POD-CAPNAME',
  'F-POD-NETRAW',
  'F-POD-PROCMOUNT',
  'F-POD-SECCOMP',
  'F-POD-APPARMOR',
  'F-POD-LIMITS',
  'F-POD-DEFAULTNS',
  'F-POD-TOKEN',
  'F-POD-ENVSECRET',
  'F-POD-IMAGETAG',
  'F-NS-NETPOL',
  'F-NS-PSA',
  'F-RBAC-ANON',
  'F-RBAC-IMPERSONATE',
  'F-RBAC-WILDCARD',
  'F-RBAC-INERT',
  'F-RBAC-MISSINGROLE',
  'F-RBAC-MISSINGSA',
  'F-RBAC-NODEPROXY',
  'F-RBAC-ESCALATE',
  'F-RBAC-SECRETS',
  'F-SECRET-LEGACYTOKEN',
  'F-SVC-LB',
  'F-SVC-EXTERNALIPS',
  'F-SVC-NODEPORT',
  'F-NODE-KUBELET',
  'F-NODE-CGROUPV1',
] as const;

export type FindingId = (typeof FINDING_IDS)[number];

export interface FindingContext {
  readonly index: SnapshotIndex;
  readonly policy: Policy;
  readonly rbac: RbacModel;
}

export interface FindingCheck<I extends string = string> {
  readonly id: I;
  readonly title: string;
  /** Default severity (catalog 6); a record may be higher (F-POD-HOSTPATH). */
  readonly severity: Severity;
  readonly description: string;
  readonly check: (ctx: FindingContext) => Iterable<FindingRecord>;
}

export function defineFinding<I extends FindingId>(
  check: FindingCheck<I>,
): FindingCheck<I> {
  return check;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
  info: 4,
};

/** Most severe first. */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

/** The more severe of two severities. */
export function worse(a: Severity, b: Severity): Severity {
  return compareSeverity(a, b) <= 0 ? a : b;
}
