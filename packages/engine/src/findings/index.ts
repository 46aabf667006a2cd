/**
 * The registry of finding checks (catalog section 6; architecture.md section
 * 4: "Findings use the same pattern" as the rule registry): every check
 * imported by hand, in alphabetical order, into one object keyed by finding
 * id. `satisfies Record<FindingId, FindingCheck>` makes the compiler reject a
 * catalog id without a check and a check for an unknown id; there are no
 * side-effect imports and no globbing. `runFindings` runs them all over one
 * snapshot, deterministically ordered.
 */

import { compareSeverity } from './define-finding.ts';
import type {
  FindingCheck,
  FindingContext,
  FindingId,
  FindingRecord,
} from './define-finding.ts';
import { nodeCgroupv1 } from './node-cgroupv1.ts';
import { nodeKubelet } from './node-kubelet.ts';
import { nsNetpol } from './ns-netpol.ts';
import { nsPsa } from './ns-psa.ts';
import { podApparmor } from './pod-apparmor.ts';
import { podCapname } from './pod-capname.ts';
import { podCaps } from './pod-caps.ts';
import { podDefaultns } from './pod-defaultns.ts';
import { podEnvsecret } from './pod-envsecret.ts';
import { podHostns } from './pod-hostns.ts';
import { podHostpath } from './pod-hostpath.ts';
import { podHostport } from './pod-hostport.ts';
import { podImagetag } from './pod-imagetag.ts';
import { podLimits } from './pod-limits.ts';
import { podNetraw } from './pod-netraw.ts';
import { podPrivesc } from './pod-privesc.ts';
import { podPrivileged } from './pod-privileged.ts';
import { podProcmount } from './pod-procmount.ts';
import { podRofs } from './pod-rofs.ts';
import { podRoot } from './pod-root.ts';
import { podSeccomp } from './pod-seccomp.ts';
import { podSysctl } from './pod-sysctl.ts';
import { podToken } from './pod-token.ts';
import { rbacAnon } from './rbac-anon.ts';
import { rbacEscalate } from './rbac-escalate.ts';
import { rbacImpersonate } from './rbac-impersonate.ts';
import { rbacInert } from './rbac-inert.ts';
import { rbacMissingrole } from './rbac-missingrole.ts';
import { rbacMissingsa } from './rbac-missingsa.ts';
import { rbacNodeproxy } from './rbac-nodeproxy.ts';
import { rbacSecrets } from './rbac-secrets.ts';
import { rbacWildcard } from './rbac-wildcard.ts';
import { secretLegacytoken } from './secret-legacytoken.ts';
import { svcExternalips } from './svc-externalips.ts';
import { svcLb } from './svc-lb.ts';
import { svcNodeport } from './svc-nodeport.ts';

export const findingChecks = {
  'F-NODE-CGROUPV1': nodeCgroupv1,
  'F-NODE-KUBELET': nodeKubelet,
  'F-NS-NETPOL': nsNetpol,
  'F-NS-PSA': nsPsa,
  'F-POD-APPARMOR': podApparmor,
  'F-POD-CAPNAME': podCapname,
  'F-POD-CAPS': podCaps,
  'F-POD-DEFAULTNS': podDefaultns,
  'F-POD-ENVSECRET': podEnvsecret,
  'F-POD-HOSTNS': podHostns,
  'F-POD-HOSTPATH': podHostpath,
  'F-POD-HOSTPORT': podHostport,
  'F-POD-IMAGETAG': podImagetag,
  'F-POD-LIMITS': podLimits,
  'F-POD-NETRAW': podNetraw,
  'F-POD-PRIVESC': podPrivesc,
  'F-POD-PRIVILEGED': podPrivileged,
  'F-POD-PROCMOUNT': podProcmount,
  'F-POD-ROFS': podRofs,
  'F-POD-ROOT': podRoot,
  'F-POD-SECCOMP': podSeccomp,
  'F-POD-SYSCTL': podSysctl,
  'F-POD-TOKEN': podToken,
  'F-RBAC-ANON': rbacAnon,
  'F-RBAC-ESCALATE': rbacEscalate,
  'F-RBAC-IMPERSONATE': rbacImpersonate,
  'F-RBAC-INERT': rbacInert,
  'F-RBAC-MISSINGROLE': rbacMissingrole,
  'F-RBAC-MISSINGSA': rbacMissingsa,
  'F-RBAC-NODEPROXY': rbacNodeproxy,
  'F-RBAC-SECRETS': rbacSecrets,
  'F-RBAC-WILDCARD': rbacWildcard,
  'F-SECRET-LEGACYTOKEN': secretLegacytoken,
  'F-SVC-EXTERNALIPS': svcExternalips,
  'F-SVC-LB': svcLb,
  'F-SVC-NODEPORT': svcNodeport,
} as const satisfies Record<FindingId, FindingCheck>;

export type {
  FindingCheck,
  FindingContext,
  FindingId,
  FindingRecord,
  Severity,
} from './define-finding.ts';
export { FINDING_IDS, defineFinding } from './define-finding.ts';

/** Every check's records, sorted by severity (most severe first), check id, then record id. */
export function runFindings(
  ctx: FindingContext,
  checks: Readonly<Partial<Record<FindingId, FindingCheck>>> = findingChecks,
): FindingRecord[] {
  const out: FindingRecord[] = [];
  for (const check of Object.values(checks)) out.push(...check.check(ctx));
  return out.sort(
    (a, b) =>
      compareSeverity(a.severity, b.severity) ||
      compare(a.check, b.check) ||
      compare(a.id, b.id),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
