import { authenticatesAs } from '../../src/rules/authenticates-as.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';

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
