/**
 * F-NODE-CGROUPV1 (catalog 6, 2.8): a Linux node on cgroup v1, where a
 * container with SYS_ADMIN and no MAC confinement escapes through the
 * `release_agent` (CE_CGROUP_RELEASE_AGENT, catalog 3.3), and which current
 * kubelets drop (1.35 refuses it, KEP-5573). The cgroup version comes from
 * the policy file, the kubelet version or the OS image table; the default
 * (v2) never reports. Per node.
 *
 * Reference: https://kubernetes.io/docs/concepts/architecture/cgroups/
 */

import { defineFinding } from './define-finding.ts';
import type { FindingRecord } from './define-finding.ts';

export const nodeCgroupv1 = defineFinding({
  id: 'F-NODE-CGROUPV1',
  title: 'Node on cgroup v1',
  severity: 'low',
  description: 'The node runs cgroup v1.',
  *check({ index }): Iterable<FindingRecord> {
    const names = [...index.nodes.keys()].sort();
    for (const name of names) {
      const node = index.nodes.get(name);
      if (node === undefined) continue;
      const { cgroupVersion, os } = node.facts;
      if (os.value !== 'linux' || cgroupVersion.value !== 'v1') continue;
      yield {
        check: 'F-NODE-CGROUPV1',
        id: `F-NODE-CGROUPV1:${node.id}`,
        severity: 'low',
        title: 'Node on cgroup v1',
        message: `Node ${name} runs cgroup v1 (${cgroupVersion.source}), which enables the release_agent escape and is no longer supported by current kubelets.`,
        objects: [node.id],
        remediation:
          'Move the node to an OS image with cgroup v2 (unified hierarchy).',
        checklist: [
          'It is recommended to regularly update the OS kernel version (CVEhound).',
        ],
      };
    }
  },
});
