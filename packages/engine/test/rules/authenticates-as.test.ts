import { describe, expect, it } from 'vitest';
import { authenticatesAs } from '../../src/rules/authenticates-as.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { evidenceOf } from './evidence-of.ts';

ruleTester(authenticatesAs, {
  valid: [
    {
      name: 'the API server is not public',
      manifests: '',
      policy: { apiServer: { publicEndpoint: false } },
    },
    {
      name: 'anonymous authentication is off',
      manifests: '',
      policy: { apiServer: { anonymousAuth: false, publicEndpoint: true } },
    },
    {
      name: 'GKE, but the policy says authenticated identities are not public',
      manifests: await fixture('AUTHENTICATES_AS'),
      policy: {
        apiServer: { publicEndpoint: false },
        authenticatedIsPublic: false,
      },
    },
  ],
  invalid: [
    {
      name: 'defaults: public and anonymous, assumed (medium)',
      manifests: '',
      edges: [['Internet', 'Group:system:unauthenticated', 'medium']],
    },
    {
      name: 'only one of the two facts given: still medium',
      manifests: '',
      policy: { apiServer: { anonymousAuth: true } },
      edges: [['Internet', 'Group:system:unauthenticated', 'medium']],
    },
    {
      name: 'both facts given: high',
      manifests: '',
      policy: { apiServer: { publicEndpoint: true, anonymousAuth: true } },
      edges: [['Internet', 'Group:system:unauthenticated', 'high']],
    },
    {
      name: 'the fixture: a GKE node makes system:authenticated public',
      manifests: await fixture('AUTHENTICATES_AS'),
      edges: [
        ['Internet', 'Group:system:authenticated', 'high'],
        ['Internet', 'Group:system:unauthenticated', 'medium'],
      ],
    },
    {
      name: 'authenticatedIsPublic given for another provider',
      manifests: '',
      policy: {
        authenticatedIsPublic: true,
        apiServer: { publicEndpoint: false },
      },
      edges: [['Internet', 'Group:system:authenticated', 'high']],
    },
    {
      name: 'provider gke given in the policy',
      manifests: '',
      policy: { provider: 'gke', apiServer: { anonymousAuth: false } },
      edges: [['Internet', 'Group:system:authenticated', 'high']],
    },
  ],
});

describe('AUTHENTICATES_AS evidence', () => {
  const UNAUTHENTICATED =
    'The API server is reachable from the Internet and accepts anonymous requests, which run as system:anonymous in group system:unauthenticated.';
  const anonymous = (apiServer: object) =>
    evidenceOf(
      authenticatesAs,
      { manifests: '', policy: { apiServer } },
      'Internet',
      'Group:system:unauthenticated',
    );
  const authenticated = (testCase: { manifests: string; policy?: unknown }) =>
    evidenceOf(
      authenticatesAs,
      testCase,
      'Internet',
      'Group:system:authenticated',
    );

  it('anonymous access: each of the two facts given or defaulted', async () => {
    expect(await anonymous({ anonymousAuth: true })).toEqual({
      reason: UNAUTHENTICATED,
      facts: [
        { fact: 'apiServer.publicEndpoint', value: true, source: 'defaulted' },
        { fact: 'apiServer.anonymousAuth', value: true, source: 'given' },
      ],
    });
    expect(await anonymous({ publicEndpoint: true })).toEqual({
      reason: UNAUTHENTICATED,
      facts: [
        { fact: 'apiServer.publicEndpoint', value: true, source: 'given' },
        { fact: 'apiServer.anonymousAuth', value: true, source: 'defaulted' },
      ],
    });
  });

  it('authenticated identities: GKE (derived from the nodes or given), or the policy says so', async () => {
    const GKE =
      'On GKE any Google account authenticates to the API server and is placed in group system:authenticated.';
    expect(
      await authenticated({ manifests: await fixture('AUTHENTICATES_AS') }),
    ).toEqual({
      reason: GKE,
      facts: [
        { fact: 'authenticatedIsPublic', value: true, source: 'derived' },
        { fact: 'provider', value: 'gke', source: 'derived' },
      ],
    });
    expect(
      await authenticated({ manifests: '', policy: { provider: 'gke' } }),
    ).toEqual({
      reason: GKE,
      facts: [
        { fact: 'authenticatedIsPublic', value: true, source: 'derived' },
        { fact: 'provider', value: 'gke', source: 'given' },
      ],
    });
    expect(
      await authenticated({
        manifests: '',
        policy: { authenticatedIsPublic: true },
      }),
    ).toEqual({
      reason:
        'The policy states that anyone on the Internet can obtain an authenticated identity (group system:authenticated).',
      facts: [{ fact: 'authenticatedIsPublic', value: true, source: 'given' }],
    });
  });
});
