/**
 * F-POD-SYSCTL (catalog 6): the pod sets a sysctl outside the Pod Security
 * baseline allowed set of its namespace's enforce version
 * (`check_sysctls.go`: the namespaced, isolated sysctls; the list grew in
 * 1.27, 1.29 and 1.32). Other sysctls can reach shared kernel state or need
 * the kubelet's `--allowed-unsafe-sysctls`. Per pod.
 *
 * Reference: https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/
 */

import { enforceLevel, safeSysctls } from '../predicates/pod-security.ts';
import { podField } from '../rules/escape-utils/escape-evidence.ts';
import { defineFinding } from './define-finding.ts';
import { workloadFindings } from './finding-utils/workload-findings.ts';

export const podSysctl = defineFinding({
  id: 'F-POD-SYSCTL',
  title: 'Unsafe sysctl',
  severity: 'medium',
  description:
    'A pod sysctl is outside the Pod Security baseline allowed list of its namespace version.',
  check: ctx => {
    const minors = new Map<string, number>();
    const minorOf = (namespace: string): number => {
      let minor = minors.get(namespace);
      if (minor === undefined) {
        minor = enforceLevel(
          ctx.index.namespaces.get(namespace),
          namespace,
          ctx.policy,
        ).version.minor;
        minors.set(namespace, minor);
      }
      return minor;
    };
    return workloadFindings(
      ctx,
      {
        check: 'F-POD-SYSCTL',
        title: 'Unsafe sysctl',
        severity: 'medium',
        remediation:
          'Remove the sysctl from securityContext.sysctls, or set it on the node instead of the pod.',
        checklist: [
          'Do not use unsafe system calls (sysctl): kernel.shm *, kernel.msg *, kernel.sem, fs.mqueue. *',
        ],
      },
      workload => {
        const sysctls = workload.spec.securityContext?.sysctls ?? [];
        if (sysctls.length === 0) return undefined;
        const safe = safeSysctls(minorOf(workload.namespace));
        const names: string[] = [];
        const fields: string[] = [];
        sysctls.forEach((sysctl, i) => {
          if (safe.has(sysctl.name)) return;
          names.push(sysctl.name);
          fields.push(podField(workload, `securityContext.sysctls[${i}]`));
        });
        if (names.length === 0) return undefined;
        return { problem: `sets unsafe sysctls ${names.join(', ')}`, fields };
      },
    );
  },
});
