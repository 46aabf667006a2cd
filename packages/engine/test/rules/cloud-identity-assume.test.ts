import { describe, expect, it } from 'vitest';
import { cloudIdentityAssume } from '../../src/rules/cloud-identity-assume.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { docs, grant, pod } from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

const AWS = 'CloudIdentity:aws:arn:aws:iam::111122223333:role/s3-reader';
const AZURE = 'CloudIdentity:azure:00000000-1111-2222-3333-444444444444';
const GCP = 'CloudIdentity:gcp:gcs-admin@proj.iam.gserviceaccount.com';
const IRSA_SA = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: s3-reader
  namespace: default
  annotations: { eks.amazonaws.com/role-arn: 'arn:aws:iam::111122223333:role/s3-reader' }
`;
/** A pod as the EKS pod identity webhook leaves it: the projected token with the STS audience. */
const INJECTED = `apiVersion: v1
kind: Pod
metadata: { name: injected, namespace: default }
spec:
  nodeName: worker-1
  serviceAccountName: s3-reader
  containers:
  - name: app
    image: amazon/aws-cli
    env: [{ name: AWS_WEB_IDENTITY_TOKEN_FILE, value: /var/run/secrets/eks.amazonaws.com/serviceaccount/token }]
    volumeMounts: [{ name: aws-iam-token, mountPath: /var/run/secrets/eks.amazonaws.com/serviceaccount }]
  - name: no-token
    image: busybox
  volumes:
  - name: aws-iam-token
    projected:
      sources: [{ serviceAccountToken: { audience: sts.amazonaws.com, expirationSeconds: 86400, path: token } }]
  - name: kube-api-access-abcde
    projected:
      sources: [{ serviceAccountToken: { path: token } }]
`;

ruleTester(cloudIdentityAssume, {
  valid: [
    {
      name: 'a ServiceAccount without a cloud annotation; a token for another ServiceAccount',
      manifests: docs(
        IRSA_SA,
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [serviceaccounts/token], verbs: [create], resourceNames: [other] }, { apiGroups: [''], resources: [serviceaccounts], verbs: [get, list, impersonate] }]`,
        ),
        pod('plain'),
      ),
    },
    {
      name: 'GKE with hostNetwork (the metadata server does not answer it); Azure without the use label',
      manifests: docs(
        `apiVersion: v1
kind: ServiceAccount
metadata:
  name: gcs-admin
  namespace: default
  annotations: { iam.gke.io/gcp-service-account: gcs-admin@proj.iam.gserviceaccount.com, azure.workload.identity/client-id: '0000' }
`,
        pod(
          'host',
          'default',
          '  hostNetwork: true\n  serviceAccountName: gcs-admin\n',
        ),
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: containers from manifests (medium), GKE not hostNetwork, Azure only with the label, a token minter',
      manifests: docs(await fixture('CLOUD_IDENTITY_ASSUME')),
      edges: [
        ['Container:default/azure-yes/app', AZURE, 'medium'],
        ['Container:default/irsa-yes/app', AWS, 'medium'],
        ['ServiceAccount:default/token-minter-yes', AWS, 'medium'],
      ],
    },
    {
      name: 'the injected token is high, for the containers that mount it',
      manifests: docs(IRSA_SA, INJECTED),
      edges: [
        ['Container:default/injected/app', AWS, 'high'],
        ['Container:default/injected/no-token', AWS, 'medium'],
      ],
    },
    {
      name: 'a pod creator of the namespace reaches every federated ServiceAccount of it',
      manifests: docs(
        IRSA_SA,
        `apiVersion: v1
kind: ServiceAccount
metadata:
  name: gcs-admin
  namespace: default
  annotations: { iam.gke.io/gcp-service-account: gcs-admin@proj.iam.gserviceaccount.com }
`,
        grant(
          'sa',
          'default',
          `[{ apiGroups: [apps], resources: [deployments], verbs: [create] }]`,
        ),
      ),
      edges: [
        ['ServiceAccount:default/sa', AWS, 'medium'],
        ['ServiceAccount:default/sa', GCP, 'medium'],
      ],
    },
  ],
});

describe('CLOUD_IDENTITY_ASSUME evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('CLOUD_IDENTITY_ASSUME');
    expect(
      await evidenceOf(
        cloudIdentityAssume,
        { manifests },
        'Container:default/azure-yes/app',
        'CloudIdentity:azure:00000000-1111-2222-3333-444444444444',
      ),
    ).toEqual({
      reason:
        "The pod's ServiceAccount default/blob-writer is federated with azure identity 00000000-1111-2222-3333-444444444444, which the container can use.",
      object: 'Pod:default/azure-yes',
      fields: ['metadata.labels[azure.workload.identity/use]'],
      serviceAccount: 'ServiceAccount:default/blob-writer',
      annotation: 'azure.workload.identity/client-id',
    });
    expect(
      await evidenceOf(
        cloudIdentityAssume,
        { manifests },
        'Container:default/irsa-yes/app',
        'CloudIdentity:aws:arn:aws:iam::111122223333:role/s3-reader',
      ),
    ).toEqual({
      reason:
        "The pod's ServiceAccount default/s3-reader is federated with aws identity arn:aws:iam::111122223333:role/s3-reader, which the container can use.",
      object: 'Pod:default/irsa-yes',
      fields: [],
      serviceAccount: 'ServiceAccount:default/s3-reader',
      annotation: 'eks.amazonaws.com/role-arn',
    });
    expect(
      await evidenceOf(
        cloudIdentityAssume,
        { manifests },
        'ServiceAccount:default/token-minter-yes',
        'CloudIdentity:aws:arn:aws:iam::111122223333:role/s3-reader',
      ),
    ).toEqual({
      reason:
        'The holder can request a token for ServiceAccount default/s3-reader with the cloud audience.',
      permissions: [
        {
          verb: 'create',
          apiGroup: '',
          resource: 'serviceaccounts/token',
          namespace: 'default',
          name: 's3-reader',
          binding: 'RoleBinding:default/token-minter-yes',
          role: 'Role:default/mint-s3-reader',
          rule: 0,
        },
      ],
      via: 'TOKEN_REQUEST',
      serviceAccount: 'ServiceAccount:default/s3-reader',
      annotation: 'eks.amazonaws.com/role-arn',
    });
  });
});
