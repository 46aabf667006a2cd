import { podSysctl } from '../../src/findings/pod-sysctl.ts';
import { findingTester } from './finding-tester.ts';
import { containers, pod } from './yaml.ts';

const withSysctls = (names: readonly string[], namespace = 'default') =>
  pod(
    'p',
    `securityContext:
  sysctls: [${names.map(n => `{ name: ${n}, value: '1' }`).join(', ')}]
${containers()}`,
    { namespace },
  );

findingTester(podSysctl, {
  valid: [
    {
      name: 'safe sysctls of the latest version',
      manifests: withSysctls([
        'kernel.shm_rmid_forced',
        'net.ipv4.tcp_keepalive_time',
        'net.ipv4.tcp_rmem',
      ]),
    },
  ],
  invalid: [
    {
      name: 'kernel.msgmax and kernel.sem are unsafe',
      manifests: withSysctls([
        'net.ipv4.ip_local_port_range',
        'kernel.msgmax',
        'kernel.sem',
      ]),
      records: [
        {
          id: 'F-POD-SYSCTL:Pod:default/p',
          objects: ['Pod:default/p'],
          fields: [
            'spec.securityContext.sysctls[1]',
            'spec.securityContext.sysctls[2]',
          ],
          message: ['kernel.msgmax, kernel.sem'],
        },
      ],
    },
    {
      name: 'tcp_rmem is unsafe for a namespace pinned to v1.31',
      manifests: `apiVersion: v1
kind: Namespace
metadata:
  name: old
  labels: { pod-security.kubernetes.io/enforce-version: v1.31 }
---
${withSysctls(['net.ipv4.tcp_rmem', 'net.ipv4.tcp_fin_timeout'], 'old')}`,
      records: [
        { id: 'F-POD-SYSCTL:Pod:old/p', message: ['net.ipv4.tcp_rmem'] },
      ],
    },
  ],
});
