import { nsNetpol } from '../../src/findings/ns-netpol.ts';
import { findingTester } from './finding-tester.ts';
import { containers, pod } from './yaml.ts';

findingTester(nsNetpol, {
  valid: [
    {
      name: 'a namespace with a NetworkPolicy',
      manifests: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny, namespace: shop }
spec: { podSelector: {}, policyTypes: [Ingress] }
---
${pod('p', containers(), { namespace: 'shop' })}`,
    },
    {
      name: 'an empty namespace has nothing to isolate',
      manifests: `apiVersion: v1
kind: Namespace
metadata: { name: empty }`,
    },
  ],
  invalid: [
    {
      name: 'a namespace with a pod and no policy; a policy elsewhere does not count',
      manifests: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny, namespace: other }
spec: { podSelector: {} }
---
${pod('p', containers(), { namespace: 'shop' })}`,
      records: [
        {
          id: 'F-NS-NETPOL:Namespace:shop',
          objects: ['Namespace:shop'],
          message: ['Namespace shop'],
        },
      ],
    },
  ],
});
