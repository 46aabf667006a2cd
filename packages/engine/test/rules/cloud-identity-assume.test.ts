import { describe, expect, it } from 'vitest';
import { cloudIdentityAssume } from '../../src/rules/cloud-identity-assume.ts';
import { buildAttackGraph } from '../../src/build-graph.ts';
import { BASE, fixture, snapshotOf } from '../manifests.ts';
import { edgesOfKind, graphFor, ruleTester } from '../rule-tester.ts';
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

/** Pods of s3-reader after the EKS webhook: each container uses the token its own way. */
const IRSA_WAYS = `apiVersion: v1
kind: Pod
metadata: { name: ways, namespace: default }
spec:
  nodeName: worker-1
  serviceAccountName: s3-reader
  containers:
  - name: env-only
    image: amazon/aws-cli
    env: [{ name: AWS_REGION, value: eu-west-1 }, { name: AWS_WEB_IDENTITY_TOKEN_FILE, value: /t/token }]
  - name: mount-only
    image: amazon/aws-cli
    volumeMounts: [{ name: aws-iam-token, mountPath: /t }]
  - name: api-token-only
    image: busybox
    volumeMounts: [{ name: kube-api-access-abcde, mountPath: /var/run/secrets/kubernetes.io/serviceaccount }]
  - name: azure-audience
    image: busybox
    volumeMounts: [{ name: azure-token, mountPath: /a }]
  - name: dangling-mount
    image: busybox
    volumeMounts: [{ name: not-a-volume, mountPath: /x }]
  initContainers:
  - name: proxy
    image: envoy
    restartPolicy: Always
    env: [{ name: AWS_WEB_IDENTITY_TOKEN_FILE, value: /t/token }]
  - name: setup
    image: amazon/aws-cli
    env: [{ name: AWS_WEB_IDENTITY_TOKEN_FILE, value: /t/token }]
  ephemeralContainers:
  - name: debugger
    image: amazon/aws-cli
    env: [{ name: AWS_WEB_IDENTITY_TOKEN_FILE, value: /t/token }]
  - name: shell
    image: busybox
  volumes:
  - name: aws-iam-token
    projected:
      sources:
      - configMap: { name: ca }
      - serviceAccountToken: { audience: sts.amazonaws.com, path: token }
  - name: kube-api-access-abcde
    projected:
      sources: [{ serviceAccountToken: { path: token } }]
  - name: azure-token
    projected:
      sources: [{ serviceAccountToken: { audience: api://AzureADTokenExchange, path: token } }]
`;

const AZURE_SA = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: blob-writer
  namespace: default
  annotations: { azure.workload.identity/client-id: 00000000-1111-2222-3333-444444444444 }
`;

const AZURE_INJECTED = `apiVersion: v1
kind: Pod
metadata:
  name: azure-injected
  namespace: default
  labels: { azure.workload.identity/use: 'true' }
spec:
  nodeName: worker-1
  serviceAccountName: blob-writer
  containers:
  - name: app
    image: azure-cli
    env: [{ name: AZURE_FEDERATED_TOKEN_FILE, value: /a/token }, { name: AWS_WEB_IDENTITY_TOKEN_FILE, value: /t/token }]
    volumeMounts: [{ name: azure-identity-token, mountPath: /a }, { name: sts-token, mountPath: /t }]
  volumes:
  - name: azure-identity-token
    projected:
      sources: [{ serviceAccountToken: { audience: api://AzureADTokenExchange, path: azure-identity-token } }]
  - name: sts-token
    projected:
      sources: [{ serviceAccountToken: { audience: sts.amazonaws.com, path: token } }]
`;

const GKE_SA = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: gcs-admin
  namespace: default
  annotations: { iam.gke.io/gcp-service-account: gcs-admin@proj.iam.gserviceaccount.com }
`;

const GKE_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: uploader, namespace: default }
spec:
  selector: { matchLabels: { app: uploader } }
  template:
    metadata: { labels: { app: uploader } }
    spec:
      serviceAccountName: gcs-admin
      containers: [{ name: app, image: google/cloud-sdk }]
`;

/** The rule's edges and evidence on the input as a live collection reads it (the webhooks have run). */
async function liveEdges(manifests: string) {
  const read = await snapshotOf(`${BASE}---\n${manifests}`);
  const snapshot = {
    ...read,
    collection: { ...read.collection, method: 'live' as const },
  };
  const { graph } = buildAttackGraph(snapshot, {
    CLOUD_IDENTITY_ASSUME: cloudIdentityAssume,
  });
  return edgesOfKind(graph, 'CLOUD_IDENTITY_ASSUME');
}

describe('CLOUD_IDENTITY_ASSUME: the injected token, container by container', () => {
  it('a container holds the token by the env variable or by mounting the volume with the STS audience', async () => {
    const manifests = docs(IRSA_SA, IRSA_WAYS);
    const graph = await graphFor(cloudIdentityAssume, { name: '', manifests });
    expect(edgesOfKind(graph, 'CLOUD_IDENTITY_ASSUME')).toEqual([
      // from manifests, a container without the token may still get it at admission
      ['Container:default/ways/api-token-only', AWS, 'medium'],
      ['Container:default/ways/azure-audience', AWS, 'medium'],
      ['Container:default/ways/dangling-mount', AWS, 'medium'],
      ['Container:default/ways/debugger', AWS, 'high'],
      ['Container:default/ways/env-only', AWS, 'high'],
      ['Container:default/ways/mount-only', AWS, 'high'],
      ['Container:default/ways/proxy', AWS, 'high'],
      // not: `setup` (an init container, exited) nor `shell` (an ephemeral
      // container is added to a running pod: no webhook injects into it)
    ]);
    const fieldsOf = async (container: string) =>
      (
        (await evidenceOf(
          cloudIdentityAssume,
          { manifests },
          `Container:default/ways/${container}`,
          AWS,
        )) as { fields: unknown }
      ).fields;
    expect(await fieldsOf('env-only')).toEqual([
      'spec.containers[env-only].env[1]',
    ]);
    expect(await fieldsOf('mount-only')).toEqual([
      'spec.volumes[aws-iam-token].projected',
    ]);
    expect(await fieldsOf('proxy')).toEqual([
      'spec.initContainers[proxy].env[0]',
    ]);
    expect(await fieldsOf('debugger')).toEqual([
      'spec.ephemeralContainers[debugger].env[0]',
    ]);
    expect(await fieldsOf('api-token-only')).toEqual([]);
    expect(await fieldsOf('azure-audience')).toEqual([]);
  });

  it('Azure: the token file variable and the volume with the Azure audience, then the use label', async () => {
    const manifests = docs(AZURE_SA, AZURE_INJECTED);
    expect(
      await evidenceOf(
        cloudIdentityAssume,
        { manifests },
        'Container:default/azure-injected/app',
        AZURE,
      ),
    ).toEqual({
      reason:
        "The pod's ServiceAccount default/blob-writer is federated with azure identity 00000000-1111-2222-3333-444444444444, which the container can use.",
      object: 'Pod:default/azure-injected',
      fields: [
        'spec.containers[app].env[0]',
        'spec.volumes[azure-identity-token].projected',
        'metadata.labels[azure.workload.identity/use]',
      ],
      serviceAccount: 'ServiceAccount:default/blob-writer',
      annotation: 'azure.workload.identity/client-id',
    });
    const graph = await graphFor(cloudIdentityAssume, { name: '', manifests });
    expect(edgesOfKind(graph, 'CLOUD_IDENTITY_ASSUME')).toEqual([
      ['Container:default/azure-injected/app', AZURE, 'high'],
    ]);
  });

  it('the cloud identity node carries its cloud and the trimmed identity; a blank annotation federates nothing', async () => {
    const manifests = docs(
      `apiVersion: v1
kind: ServiceAccount
metadata:
  name: s3-reader
  namespace: default
  annotations:
    eks.amazonaws.com/role-arn: '  arn:aws:iam::111122223333:role/s3-reader  '
    azure.workload.identity/client-id: '   '
`,
      `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default, labels: { azure.workload.identity/use: 'true' } }
spec:
  nodeName: worker-1
  serviceAccountName: s3-reader
  containers: [{ name: app, image: amazon/aws-cli }]
`,
    );
    const graph = await graphFor(cloudIdentityAssume, { name: '', manifests });
    expect(edgesOfKind(graph, 'CLOUD_IDENTITY_ASSUME')).toEqual([
      ['Container:default/p/app', AWS, 'medium'],
    ]);
    expect(graph.getNodeAttributes(AWS)).toMatchObject({
      kind: 'CloudIdentity',
      name: 'arn:aws:iam::111122223333:role/s3-reader',
      props: { cloud: 'aws' },
    });
  });

  it('GKE: the evidence points at the serviceAccountName of the pod or of the template', async () => {
    const manifests = docs(
      GKE_SA,
      GKE_DEPLOYMENT,
      pod('gke-pod', 'default', '  serviceAccountName: gcs-admin\n'),
    );
    const graph = await graphFor(cloudIdentityAssume, { name: '', manifests });
    expect(edgesOfKind(graph, 'CLOUD_IDENTITY_ASSUME')).toEqual([
      ['Container:default/Deployment/uploader/app', GCP, 'medium'],
      ['Container:default/gke-pod/app', GCP, 'medium'],
    ]);
    expect(
      await evidenceOf(
        cloudIdentityAssume,
        { manifests },
        'Container:default/Deployment/uploader/app',
        GCP,
      ),
    ).toMatchObject({
      object: 'Deployment:default/uploader',
      fields: ['spec.template.spec.serviceAccountName'],
    });
    expect(
      await evidenceOf(
        cloudIdentityAssume,
        { manifests },
        'Container:default/gke-pod/app',
        GCP,
      ),
    ).toMatchObject({
      object: 'Pod:default/gke-pod',
      fields: ['spec.serviceAccountName'],
    });
  });

  it('live: a pod the webhook did not inject gets no AWS edge, GKE is high, a stand-in stays medium', async () => {
    expect(
      await liveEdges(
        docs(
          IRSA_SA,
          INJECTED,
          GKE_SA,
          GKE_DEPLOYMENT,
          pod('gke-pod', 'default', '  serviceAccountName: gcs-admin\n'),
        ),
      ),
    ).toEqual([
      ['Container:default/Deployment/uploader/app', GCP, 'medium'],
      ['Container:default/gke-pod/app', GCP, 'high'],
      ['Container:default/injected/app', AWS, 'high'],
    ]);
  });

  it('a finished pod uses no cloud identity', async () => {
    const graph = await graphFor(cloudIdentityAssume, {
      name: '',
      manifests: docs(
        IRSA_SA,
        `${INJECTED}status: { phase: Succeeded }
`,
      ),
    });
    expect(edgesOfKind(graph, 'CLOUD_IDENTITY_ASSUME')).toEqual([]);
  });

  it('a pod creator: the reason says how it runs the pod, via POD_CREATE_WITH_SA', async () => {
    const evidence = (await evidenceOf(
      cloudIdentityAssume,
      {
        manifests: docs(
          IRSA_SA,
          grant(
            'sa',
            'default',
            `[{ apiGroups: [apps], resources: [deployments], verbs: [create] }]`,
          ),
        ),
      },
      'ServiceAccount:default/sa',
      AWS,
    )) as Record<string, unknown>;
    expect(evidence).toMatchObject({
      via: 'POD_CREATE_WITH_SA',
      serviceAccount: 'ServiceAccount:default/s3-reader',
      annotation: 'eks.amazonaws.com/role-arn',
    });
    expect(evidence.reason).toMatch(
      / A pod running as ServiceAccount default\/s3-reader receives its cloud token\.$/,
    );
    expect(evidence.reason).not.toMatch(/^ /);
  });
});
