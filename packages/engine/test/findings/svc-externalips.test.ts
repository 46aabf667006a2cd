import { svcExternalips } from '../../src/findings/svc-externalips.ts';
import { findingTester } from './finding-tester.ts';

const service = `apiVersion: v1
kind: Service
metadata: { name: mitm, namespace: shop }
spec: { ports: [{ port: 80 }], externalIPs: [8.8.8.8] }`;

findingTester(svcExternalips, {
  valid: [
    {
      name: 'no externalIPs',
      manifests: `apiVersion: v1
kind: Service
metadata: { name: a, namespace: shop }
spec: { ports: [{ port: 80 }] }`,
    },
    {
      name: 'DenyServiceExternalIPs on',
      manifests: service,
      policy: { admission: { denyServiceExternalIPs: true } },
    },
  ],
  invalid: [
    {
      name: 'externalIPs with the plugin off (the default)',
      manifests: service,
      records: [
        {
          id: 'F-SVC-EXTERNALIPS:Service:shop/mitm',
          objects: ['Service:shop/mitm'],
          message: ['8.8.8.8', 'CVE-2020-8554'],
        },
      ],
    },
  ],
});
