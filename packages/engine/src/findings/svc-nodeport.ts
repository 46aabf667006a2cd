/**
 * F-SVC-NODEPORT (issue #17 point 8; catalog 6, 3.1 EXPOSES): a Service of
 * type NodePort, or a LoadBalancer that allocates node ports (the default),
 * listens on a port of every node's addresses. Whoever reaches a node
 * reaches the pods behind it, around any Ingress, Gateway or load-balancer
 * source ranges; a node with a public address puts it on the Internet.
 * Severity medium when a node in the input has a public address, else low.
 * Per Service.
 *
 * Reference: https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
 */

import { objectId } from '@chokepoint/model';
import { asArray, asBoolean, asRecord, asString } from '../predicates/json.ts';
import { defineFinding } from './define-finding.ts';
import type { FindingRecord } from './define-finding.ts';

export const svcNodeport = defineFinding({
  id: 'F-SVC-NODEPORT',
  title: 'Service open on every node',
  severity: 'low',
  description:
    'A NodePort Service, or a LoadBalancer that allocates node ports, listens on every node.',
  *check({ index }): Iterable<FindingRecord> {
    const publicNode = [...index.nodes.values()].find(
      node => node.facts.publicIP.value,
    );
    for (const service of index.objects('Service')) {
      const spec = asRecord(service.spec);
      const type = asString(spec?.type);
      if (type !== 'NodePort' && type !== 'LoadBalancer') continue;
      if (
        type === 'LoadBalancer' &&
        asBoolean(spec?.allocateLoadBalancerNodePorts) === false
      )
        continue;
      const ports = asArray(spec?.ports)
        .map(asRecord)
        .map(port => {
          const number = port?.port;
          return (
            asString(port?.name) ??
            (typeof number === 'number' ? String(number) : '')
          );
        })
        .filter(port => port !== '');
      const namespace = service.metadata.namespace ?? 'default';
      const id = objectId('Service', service.metadata.name, namespace);
      yield {
        check: 'F-SVC-NODEPORT',
        id: `F-SVC-NODEPORT:${id}`,
        severity: publicNode === undefined ? 'low' : 'medium',
        title: 'Service open on every node',
        message: `Service ${namespace}/${service.metadata.name} (${type}) opens ${ports.length === 1 ? 'port' : 'ports'} ${ports.join(', ')} on every node${publicNode === undefined ? '' : `, node ${publicNode.name} among them with a public address`}.`,
        objects: [id],
        fields:
          type === 'NodePort'
            ? ['spec.type']
            : ['spec.allocateLoadBalancerNodePorts'],
        remediation:
          type === 'NodePort'
            ? 'Use a ClusterIP Service behind an Ingress or Gateway, or firewall the node port range (30000-32767) to the clients that need it.'
            : 'Set spec.allocateLoadBalancerNodePorts: false where the load balancer routes to pods directly, or firewall the node port range.',
        checklist: [
          'The interfaces of the cluster components and infrastructure tools should not be published on the Internet.',
        ],
      };
    }
  },
});
