/**
 * F-NODE-KUBELET (catalog 6, 2.8): a node whose kubelet accepts anonymous
 * requests, authorizes everything (`AlwaysAllow`), or serves the
 * unauthenticated read-only port: anyone who reaches the node on the network
 * reads pod specs and environment, or execs into every pod (wave-2
 * KUBELET_UNAUTH, catalog 7.10). These node facts come from the policy file
 * (kubelet configuration is not in the API); defaulted facts (anonymous off,
 * Webhook, port 0) never report. Per node.
 *
 * Reference: https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
 */

import { defineFinding } from './define-finding.ts';
import type { FindingRecord } from './define-finding.ts';

export const nodeKubelet = defineFinding({
  id: 'F-NODE-KUBELET',
  title: 'Kubelet API open',
  severity: 'high',
  description:
    'The kubelet allows anonymous authentication, uses AlwaysAllow authorization, or opens the read-only port.',
  *check({ index }): Iterable<FindingRecord> {
    const names = [...index.nodes.keys()].sort();
    for (const name of names) {
      const node = index.nodes.get(name);
      if (node === undefined) continue;
      const { facts } = node;
      const problems: string[] = [];
      if (facts.kubeletAnonymousAuth.value) {
        problems.push(
          `anonymous authentication on (${facts.kubeletAnonymousAuth.source})`,
        );
      }
      if (facts.kubeletAuthorizationMode.value === 'AlwaysAllow') {
        problems.push(
          `authorization mode AlwaysAllow (${facts.kubeletAuthorizationMode.source})`,
        );
      }
      if (facts.kubeletReadOnlyPort.value !== 0) {
        problems.push(
          `read-only port ${facts.kubeletReadOnlyPort.value} open (${facts.kubeletReadOnlyPort.source})`,
        );
      }
      if (problems.length === 0) continue;
      yield {
        check: 'F-NODE-KUBELET',
        id: `F-NODE-KUBELET:${node.id}`,
        severity: 'high',
        title: 'Kubelet API open',
        message: `Node ${name} runs a kubelet with ${problems.join(', ')}.`,
        objects: [node.id],
        remediation:
          'Run the kubelet with authentication.anonymous.enabled: false, authorization.mode: Webhook and readOnlyPort: 0.',
        checklist: [
          'Secure access to Kubelets by enabling TLS authentication and encryption.',
          'Implement role-based access control for Kubelet API access.',
        ],
      };
    }
  },
});
