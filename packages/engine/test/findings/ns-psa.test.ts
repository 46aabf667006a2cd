import { nsPsa } from '../../src/findings/ns-psa.ts';
import { findingTester } from './finding-tester.ts';
import { containers, pod } from './yaml.ts';

const ns = (name: string, labels: string) => `apiVersion: v1
kind: Namespace
metadata: { name: ${name}, labels: { ${labels} } }
---
${pod('p', containers(), { namespace: name })}`;

findingTester(nsPsa, {
  valid: [
    {
      name: 'a valid enforce label',
      manifests: ns('shop', 'pod-security.kubernetes.io/enforce: baseline'),
    },
    {
      name: 'a namespace exempted in the policy',
      manifests: ns('agents', 'team: x'),
      policy: { podSecurity: { exemptions: { namespaces: ['agents'] } } },
    },
    {
      name: 'Pod Security disabled',
      manifests: ns('shop', 'team: x'),
      policy: { podSecurity: { enabled: false } },
    },
  ],
  invalid: [
    {
      name: 'no label: the default level',
      manifests: ns('shop', 'team: x'),
      records: [
        {
          id: 'F-NS-PSA:Namespace:shop',
          objects: ['Namespace:shop'],
          message: ['default level privileged'],
        },
      ],
    },
    {
      name: 'the default level from the policy',
      manifests: ns('shop', 'team: x'),
      policy: { podSecurity: { defaults: { enforce: 'baseline' } } },
      records: [
        { id: 'F-NS-PSA:Namespace:shop', message: ['default level baseline'] },
      ],
    },
    {
      name: 'an invalid label is evaluated as restricted',
      manifests: ns('shop', 'pod-security.kubernetes.io/enforce: Baseline'),
      records: [
        {
          id: 'F-NS-PSA:Namespace:shop',
          message: ['invalid', "'Baseline'", 'restricted'],
        },
      ],
    },
  ],
});
