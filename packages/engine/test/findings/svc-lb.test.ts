import { svcLb } from '../../src/findings/svc-lb.ts';
import { findingTester } from './finding-tester.ts';

const service = (
  name: string,
  spec: string,
  annotations = '',
) => `apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: shop${annotations === '' ? '' : `, annotations: { ${annotations} }`} }
spec: ${spec}`;

findingTester(svcLb, {
  valid: [
    {
      name: 'source ranges set',
      manifests: service(
        'a',
        "{ type: LoadBalancer, loadBalancerSourceRanges: ['203.0.113.0/24'], ports: [{ port: 80 }] }",
      ),
    },
    {
      name: 'the source-ranges annotation',
      manifests: service(
        'a',
        '{ type: LoadBalancer, ports: [{ port: 80 }] }',
        "service.beta.kubernetes.io/load-balancer-source-ranges: '10.0.0.0/8'",
      ),
    },
    {
      name: 'a NodePort',
      manifests: service('a', '{ type: NodePort, ports: [{ port: 80 }] }'),
    },
  ],
  invalid: [
    {
      name: 'a LoadBalancer without source ranges',
      manifests: service(
        'web',
        '{ type: LoadBalancer, ports: [{ port: 443 }] }',
      ),
      records: [
        {
          id: 'F-SVC-LB:Service:shop/web',
          objects: ['Service:shop/web'],
          fields: ['spec.loadBalancerSourceRanges'],
        },
      ],
    },
  ],
});
