/**
 * F-POD-HOSTNS (catalog 6): the pod shares a host namespace: `hostPID`
 * (host processes visible; with SYS_PTRACE or privileged an escape,
 * CE_NSENTER and CE_SYS_PTRACE), `hostIPC` (host shared memory) or
 * `hostNetwork` (host interfaces, node-local services, the kubelet). Not an
 * escape on its own (catalog 3.3), a finding. Per pod.
 *
 * Reference: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */

import { podField } from '../rules/escape-utils/escape-evidence.ts';
import { defineFinding } from './define-finding.ts';
import { workloadFindings } from './finding-utils/workload-findings.ts';

export const podHostns = defineFinding({
  id: 'F-POD-HOSTNS',
  title: 'Host namespace shared',
  severity: 'medium',
  description: 'The pod sets hostPID, hostIPC or hostNetwork.',
  check: ctx =>
    workloadFindings(
      ctx,
      {
        check: 'F-POD-HOSTNS',
        title: 'Host namespace shared',
        severity: 'medium',
        remediation:
          'Remove hostPID, hostIPC and hostNetwork from the pod spec unless the workload is a node agent that needs them.',
        checklist: [
          'Do not use hostPID and hostIPC.',
          'Do not use hostNetwork.',
        ],
      },
      workload => {
        const names = (['hostPID', 'hostIPC', 'hostNetwork'] as const).filter(
          name => workload.spec[name],
        );
        if (names.length === 0) return undefined;
        return {
          problem: `shares host namespaces (${names.join(', ')})`,
          fields: names.map(name => podField(workload, name)),
        };
      },
    ),
});
