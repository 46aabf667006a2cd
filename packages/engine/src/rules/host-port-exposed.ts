/**
 * HOST_PORT_EXPOSED (catalog 3.1): a container port bound on the node's own
 * addresses, reachable from the Internet when the node has a public IP,
 * bypassing Services, load balancers and often NetworkPolicies.
 *
 * Precondition: a running container declares a `hostPort`, or the pod has
 * `hostNetwork: true` and the container declares a `containerPort`; and a
 * node the pod runs on (a stand-in: a candidate node) has a public IP (node
 * fact `publicIP`, 2.8). Policy `exposure.hostPorts`: `externalIP` (default)
 * as stated, `all` drops the public-IP condition, `none` disables the edge.
 * Medium (network reachability is assumed).
 *
 * Reference: https://kubernetes.io/docs/concepts/configuration/overview/#services
 */

import { INTERNET_ID } from '@chokepoint/model';
import { isGiven } from '../policy.ts';
import { defineRule } from './define-rule.ts';
import { NODE_READS, WORKLOAD_READS, readsOf } from './reads.ts';
import { specEvidence } from './evidence.ts';
import type { FactEvidence } from './evidence.ts';
import {
  containerPath,
  podSpecPath,
  workloadObjectId,
} from '../entities/spec-paths.ts';

export const hostPortExposed = defineRule({
  kind: 'HOST_PORT_EXPOSED',
  reads: readsOf(WORKLOAD_READS, NODE_READS),
  *matchWorkload({ index, policy }, workload) {
    const mode = policy.exposure.hostPorts;
    if (mode === 'none') return;
    const modeFact: FactEvidence = {
      fact: 'exposure.hostPorts',
      value: mode,
      source: isGiven(policy, 'exposure.hostPorts') ? 'given' : 'defaulted',
    };
    if (!workload.running) return;
    const publicNodes = workload.nodes.filter(
      name => index.nodes.get(name)?.facts.publicIP.value === true,
    );
    if (mode === 'externalIP' && publicNodes.length === 0) return;
    const hostNetwork = workload.spec.hostNetwork;
    for (const container of workload.containers) {
      if (!container.running) continue;
      const fields: string[] = [];
      const ports: number[] = [];
      container.view.spec.ports.forEach((port, i) => {
        const path = `${containerPath(container)}.ports[${String(i)}]`;
        if (port.hostPort !== undefined && port.hostPort > 0) {
          fields.push(`${path}.hostPort`);
          ports.push(port.hostPort);
        } else if (hostNetwork && port.containerPort !== undefined) {
          fields.push(`${path}.containerPort`);
          ports.push(port.containerPort);
        }
      });
      if (ports.length === 0) continue;
      if (hostNetwork && fields.some(f => f.endsWith('.containerPort')))
        fields.push(`${podSpecPath(workload)}.hostNetwork`);
      const facts: FactEvidence[] = [modeFact];
      for (const name of mode === 'all' ? workload.nodes : publicNodes) {
        const fact = index.nodes.get(name)?.facts.publicIP;
        if (fact !== undefined)
          facts.push({
            fact: `Node:${name}.publicIP`,
            value: fact.value,
            source: fact.source,
          });
      }
      yield {
        from: INTERNET_ID,
        to: container.id,
        confidence: 'medium',
        evidence: specEvidence(
          mode === 'all'
            ? `The container listens on node port ${ports.join(', ')}, and the policy treats every node as reachable from the Internet.`
            : `The container listens on port ${ports.join(', ')} of a node with a public address.`,
          workloadObjectId(workload),
          fields,
          { ports, facts },
        ),
      };
    }
  },
});
