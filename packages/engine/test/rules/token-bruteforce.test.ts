import { describe, expect, it } from 'vitest';
import { tokenBruteforce } from '../../src/rules/token-bruteforce.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import {
  GET,
  grant,
  INVALID,
  OTHER_NS,
  terminatedDocs as docs,
  token,
} from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

ruleTester(tokenBruteforce, {
  valid: [
    {
      name: 'no token Secret: nothing to guess (KubeHound links every ServiceAccount, Users and Groups too)',
      manifests: docs(
        grant('guesser', 'default', `[${GET}]`),
        `apiVersion: v1
kind: ServiceAccount
metadata: { name: app, namespace: default }`,
      ),
    },
    {
      name: 'get restricted by resourceNames: the name is known, nothing is guessed',
      manifests: docs(
        grant(
          'guesser',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [app-token, other] }]`,
        ),
        token('app-token', 'default', 'app'),
      ),
    },
    {
      name: 'list as well: the names are listed, no guess needed (TOKEN_LIST)',
      manifests: docs(
        grant(
          'guesser',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [get, list] }]`,
        ),
        token('app-token', 'default', 'app'),
      ),
    },
    {
      name: 'the name is revealed by the ServiceAccount the holder can read (TOKEN_NAME_KNOWN)',
      manifests: docs(
        grant(
          'guesser',
          'default',
          `[${GET}, { apiGroups: [''], resources: [serviceaccounts], verbs: [list] }]`,
        ),
        `apiVersion: v1
kind: ServiceAccount
metadata: { name: app, namespace: default }
secrets: [{ name: app-token }]
---
apiVersion: v1
kind: Secret
type: kubernetes.io/service-account-token
metadata:
  name: app-token
  namespace: default
  annotations: { kubernetes.io/service-account.name: app }`,
      ),
    },
    {
      name: 'an invalidated token, no patch or update',
      manifests: docs(
        grant('guesser', 'default', `[${GET}]`),
        token('app-token', 'default', 'app', INVALID),
      ),
    },
    {
      name: 'a RoleBinding in another namespace',
      manifests: docs(
        OTHER_NS,
        grant('guesser', 'other', `[${GET}]`),
        token('app-token', 'default', 'app'),
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: get without names, token name not revealed (low)',
      manifests: docs(await fixture('TOKEN_BRUTEFORCE')),
      edges: [
        [
          'ServiceAccount:default/guesser-yes',
          'ServiceAccount:default/target-yes',
          'low',
        ],
      ],
    },
    {
      name: 'a ClusterRoleBinding: every namespace; revealed names are not guessed',
      manifests: docs(
        OTHER_NS,
        grant(
          'guesser',
          'default',
          `[${GET}, { apiGroups: [''], resources: [serviceaccounts], verbs: [get] }]`,
          'cluster',
        ),
        token('a-token', 'default', 'a'),
        token('b-token', 'other', 'b'),
        `apiVersion: v1
kind: ServiceAccount
metadata: { name: c, namespace: other }
secrets: [{ name: c-token }]
---
apiVersion: v1
kind: Secret
type: kubernetes.io/service-account-token
metadata:
  name: c-token
  namespace: other
  annotations: { kubernetes.io/service-account.name: c }`,
      ),
      edges: [
        ['ServiceAccount:default/guesser', 'ServiceAccount:default/a', 'low'],
        ['ServiceAccount:default/guesser', 'ServiceAccount:other/b', 'low'],
      ],
    },
    {
      name: 'a full reader of ServiceAccounts and specs guesses only the unrevealed tokens',
      manifests: docs(
        grant(
          'guesser',
          'default',
          `[{ apiGroups: ['', apps, batch], resources: ['*'], verbs: [get] }]`,
          'cluster',
        ),
        token('a-token', 'default', 'a'),
        `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  containers: [{ name: c, image: busybox, envFrom: [{ secretRef: { name: b-token } }] }]`,
        token('b-token', 'default', 'b'),
      ),
      edges: [
        ['ServiceAccount:default/guesser', 'ServiceAccount:default/a', 'low'],
      ],
    },
    {
      name: 'an invalidated token the holder can update is revived',
      manifests: docs(
        grant(
          'guesser',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [get, update] }]`,
        ),
        token('app-token', 'default', 'app', INVALID),
      ),
      edges: [
        ['ServiceAccount:default/guesser', 'ServiceAccount:default/app', 'low'],
      ],
    },
  ],
});

describe('TOKEN_BRUTEFORCE evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('TOKEN_BRUTEFORCE');
    expect(
      await evidenceOf(
        tokenBruteforce,
        { manifests },
        'ServiceAccount:default/guesser-yes',
        'ServiceAccount:default/target-yes',
      ),
    ).toEqual({
      reason:
        'Can get any Secret in namespace default; guessing the name target-yes-token-b8n3m yields a live legacy token of ServiceAccount target-yes.',
      permissions: [
        {
          verb: 'get',
          apiGroup: '',
          resource: 'secrets',
          namespace: 'default',
          binding: 'RoleBinding:default/guesser-yes',
          role: 'Role:default/get-secrets',
          rule: 0,
        },
      ],
      secret: 'Secret:default/target-yes-token-b8n3m',
      token: 'live legacy token',
    });
  });
});
