import { secretLegacytoken } from '../../src/findings/secret-legacytoken.ts';
import { findingTester } from './finding-tester.ts';

const token = (name: string, sa: string, extra = '') => `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  namespace: ops
  annotations: { kubernetes.io/service-account.name: ${sa} }
${extra}type: kubernetes.io/service-account-token`;

const bot = `apiVersion: v1
kind: ServiceAccount
metadata: { name: bot, namespace: ops }`;

findingTester(secretLegacytoken, {
  valid: [
    {
      name: 'an Opaque Secret',
      manifests: `apiVersion: v1
kind: Secret
metadata: { name: s, namespace: ops }
type: Opaque`,
    },
    {
      name: 'the token of a ServiceAccount that does not exist is dead',
      manifests: `${bot}\n---\n${token('gone-token', 'gone')}`,
    },
  ],
  invalid: [
    {
      name: 'a live token, and an invalidated one that can be revived',
      manifests: `${bot}
---
${token('bot-token', 'bot')}
---
${token('bot-old', 'bot', '  labels: { kubernetes.io/legacy-token-invalid-since: 2025-01-01 }\n')}`,
      records: [
        {
          id: 'F-SECRET-LEGACYTOKEN:Secret:ops/bot-old',
          message: ['invalidated', 'revives'],
        },
        {
          id: 'F-SECRET-LEGACYTOKEN:Secret:ops/bot-token',
          severity: 'medium',
          objects: ['Secret:ops/bot-token', 'ServiceAccount:ops/bot'],
          message: ['non-expiring token of ServiceAccount ops/bot'],
        },
      ],
    },
  ],
});
