import { describe, expect, it } from 'vitest';
import { csrClientCert } from '../../src/rules/csr-client-cert.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { grant, terminatedDocs as docs } from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

const CERTS = 'certificates.k8s.io';
const issuer = (
  signers: string,
  scope: 'namespace' | 'cluster' = 'cluster',
): string =>
  grant(
    'c',
    'default',
    `[{ apiGroups: [${CERTS}], resources: [certificatesigningrequests], verbs: [create, list] }, { apiGroups: [${CERTS}], resources: [certificatesigningrequests/approval], verbs: [patch] }, { apiGroups: [${CERTS}], resources: [signers], verbs: [approve], resourceNames: ${signers} }]`,
    scope,
  );
const SUBJECTS = (
  from: string,
  confidence: 'high' | 'medium',
  masters = false,
): [string, string, 'high' | 'medium'][] => [
  [from, 'Group:system:authenticated', confidence],
  ...(masters
    ? [
        [from, 'Group:system:masters', confidence] as [
          string,
          string,
          'high' | 'medium',
        ],
      ]
    : []),
  [from, 'Group:system:unauthenticated', confidence],
  [from, 'ServiceAccount:default/c', confidence],
  [from, 'ServiceAccount:default/default', confidence],
  [from, 'User:system:node:worker-1', confidence],
];

ruleTester(csrClientCert, {
  valid: [
    {
      name: 'a resourceNames entry * is literal: it names no signer',
      manifests: docs(issuer(`['*']`)),
    },
    {
      name: 'approve on another signer (kubelet serving)',
      manifests: docs(
        issuer(
          `[kubernetes.io/kubelet-serving, kubernetes.io/kube-apiserver-client-kubelet]`,
        ),
      ),
    },
    {
      name: 'a RoleBinding cannot grant cluster-scoped CSR requests',
      manifests: docs(
        issuer(`[kubernetes.io/kube-apiserver-client]`, 'namespace'),
      ),
    },
    {
      name: 'no read of the issued certificate',
      manifests: docs(
        grant(
          'c',
          'default',
          `[{ apiGroups: [${CERTS}], resources: [certificatesigningrequests], verbs: [create] }, { apiGroups: [${CERTS}], resources: [certificatesigningrequests/approval], verbs: [update] }, { apiGroups: [${CERTS}], resources: [signers], verbs: [approve] }]`,
          'cluster',
        ),
      ),
    },
    {
      name: 'on EKS the kube-apiserver-client signer is off by default',
      policy: { provider: 'eks' },
      manifests: docs(issuer(`[kubernetes.io/kube-apiserver-client]`)),
    },
  ],
  invalid: [
    {
      name: 'the fixture: every User, Group but system:masters and ServiceAccount, high (provider other)',
      manifests: docs(await fixture('CSR_CLIENT_CERT')),
      edges: [
        [
          'ServiceAccount:default/csr-yes',
          'ServiceAccount:default/default',
          'high',
        ],
        [
          'ServiceAccount:default/csr-yes',
          'Group:system:authenticated',
          'high',
        ],
        [
          'ServiceAccount:default/csr-yes',
          'Group:system:unauthenticated',
          'high',
        ],
        [
          'ServiceAccount:default/csr-yes',
          'ServiceAccount:default/csr-yes',
          'high',
        ],
        [
          'ServiceAccount:default/csr-yes',
          'ServiceAccount:default/kubelet-approver-no',
          'high',
        ],
        ['ServiceAccount:default/csr-yes', 'User:system:node:worker-1', 'high'],
      ],
    },
    {
      name: 'the signer domain wildcard kubernetes.io/*; medium when the signer is defaulted on GKE',
      policy: { provider: 'gke' },
      manifests: docs(issuer(`[kubernetes.io/*]`)),
      edges: SUBJECTS('ServiceAccount:default/c', 'medium'),
    },
    {
      name: 'EKS with the signer given; CertificateSubjectRestriction off adds system:masters',
      policy: {
        provider: 'eks',
        csr: { kubeApiserverClientSigner: true },
        admission: { certificateSubjectRestriction: false },
      },
      manifests: docs(issuer(`[kubernetes.io/kube-apiserver-client]`)),
      edges: SUBJECTS('ServiceAccount:default/c', 'high', true),
    },
  ],
});

describe('CSR_CLIENT_CERT evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('CSR_CLIENT_CERT');
    expect(
      await evidenceOf(
        csrClientCert,
        { manifests },
        'ServiceAccount:default/csr-yes',
        'Scope:identity:csr-subjects@cluster',
      ),
    ).toEqual({
      reason:
        'Can create, approve (signer kubernetes.io/kube-apiserver-client) and read a CertificateSigningRequest, obtaining a client certificate for any name and groups except system:masters.',
      permissions: [
        {
          verb: 'create',
          apiGroup: 'certificates.k8s.io',
          resource: 'certificatesigningrequests',
          binding: 'ClusterRoleBinding:csr-yes',
          role: 'ClusterRole:csr-issuer',
          rule: 0,
        },
        {
          verb: 'update',
          apiGroup: 'certificates.k8s.io',
          resource: 'certificatesigningrequests/approval',
          binding: 'ClusterRoleBinding:csr-yes',
          role: 'ClusterRole:csr-issuer',
          rule: 1,
        },
        {
          verb: 'approve',
          apiGroup: 'certificates.k8s.io',
          resource: 'signers',
          name: 'kubernetes.io/kube-apiserver-client',
          binding: 'ClusterRoleBinding:csr-yes',
          role: 'ClusterRole:csr-issuer',
          rule: 2,
        },
        {
          verb: 'get',
          apiGroup: 'certificates.k8s.io',
          resource: 'certificatesigningrequests',
          binding: 'ClusterRoleBinding:csr-yes',
          role: 'ClusterRole:csr-issuer',
          rule: 0,
        },
      ],
      facts: [
        {
          fact: 'csr.kubeApiserverClientSigner',
          value: true,
          source: 'defaulted',
        },
        { fact: 'provider', value: 'other', source: 'derived' },
        {
          fact: 'admission.certificateSubjectRestriction',
          value: true,
          source: 'defaulted',
        },
      ],
    });
  });
});
