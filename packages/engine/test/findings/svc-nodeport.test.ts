import { svcNodeport } from '../../src/findings/svc-nodeport.ts';
import { findingTester } from './finding-tester.ts';

const service = (name: string, spec: string) => `apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: shop }
spec: ${spec}`;

findingTester(svcNodeport, {
  valid: [
    {
      name: 'ClusterIP, headless and ExternalName Services',
      manifests: [
        service('a', '{ ports: [{ port: 80 }] }'),
        service('b', '{ clusterIP: None, ports: [{ port: 80 }] }'),
        service('c', '{ type: ExternalName, externalName: db.example.com }'),
      ].join('\n---\n'),
    },
    {
      name: 'a LoadBalancer that allocates no node ports',
      manifests: service(
        'lb',
        '{ type: LoadBalancer, allocateLoadBalancerNodePorts: false, ports: [{ port: 443 }] }',
      ),
    },
  ],
  invalid: [
    {
      name: 'a NodePort and a LoadBalancer (which allocates node ports by default)',
      manifests: [
        service('np', '{ type: NodePort, ports: [{ name: http, port: 80 }] }'),
        service('lb', '{ type: LoadBalancer, ports: [{ port: 443 }] }'),
      ].join('\n---\n'),
      records: [
        {
          id: 'F-SVC-NODEPORT:Service:shop/lb',
          severity: 'low',
          fields: ['spec.allocateLoadBalancerNodePorts'],
          message: [
            'Service shop/lb (LoadBalancer) opens port 443 on every node.',
          ],
        },
        {
          id: 'F-SVC-NODEPORT:Service:shop/np',
          severity: 'low',
          objects: ['Service:shop/np'],
          fields: ['spec.type'],
        },
      ],
    },
    {
      name: 'medium when a node has a public address',
      manifests: `apiVersion: v1
kind: Node
metadata: { name: edge-1 }
status: { addresses: [{ type: ExternalIP, address: 203.0.113.7 }] }
---
${service('np', '{ type: NodePort, ports: [{ port: 80 }] }')}`,
      records: [
        {
          id: 'F-SVC-NODEPORT:Service:shop/np',
          severity: 'medium',
          message: ['node edge-1 among them with a public address'],
        },
      ],
    },
  ],
});
