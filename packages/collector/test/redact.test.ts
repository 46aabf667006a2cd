import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { read, tempTree } from './helpers.ts';

// Values a leak test can grep for: each must vanish from the whole snapshot.
const SECRET_VALUES = [
  'c3VwZXJzZWNyZXQ=',
  'hunter2-plaintext',
  'AKIAEXAMPLELEAK',
  'db-password-in-configmap',
];

const manifests = `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: payments
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"v1","kind":"Secret","data":{"password":"c3VwZXJzZWNyZXQ="},"stringData":{"token":"hunter2-plaintext"}}
    team: payments
type: Opaque
data:
  password: c3VwZXJzZWNyZXQ=
stringData:
  token: hunter2-plaintext
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
  namespace: payments
data:
  DATABASE_PASSWORD: db-password-in-configmap
binaryData:
  blob: QUtJQUVYQU1QTEVMRUFL
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/nodes
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:nodes]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: payments
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"env":"AKIAEXAMPLELEAK"}'
  managedFields:
  - manager: kubectl
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
      - name: api
        image: api:1
`;

describe('redaction', () => {
  it('removes every secret value and last-applied copy, keeping the metadata', async () => {
    const root = await tempTree({ 'in.yaml': manifests });
    const snapshot = await read([join(root, 'in.yaml')]);
    const text = JSON.stringify(snapshot);
    for (const value of SECRET_VALUES) expect(text).not.toContain(value);
    expect(text).not.toContain('last-applied-configuration');
    expect(text).not.toContain('managedFields');
    const secret = snapshot.objects.Secret?.[0];
    expect(secret?.metadata.annotations).toEqual({ team: 'payments' });
    expect(secret?.type).toBe('Opaque');
    expect(snapshot.collection.redacted).toEqual({
      secretValues: 2,
      lastAppliedAnnotations: 2,
      configMapValues: 2,
    });
  });

  it('keeps the aws-auth mappings the cloud rules read', async () => {
    const root = await tempTree({ 'in.yaml': manifests });
    const snapshot = await read([root]);
    const awsAuth = snapshot.objects.ConfigMap?.find(
      c => c.metadata.name === 'aws-auth',
    );
    expect(JSON.stringify(awsAuth?.data)).toContain(
      'arn:aws:iam::111122223333:role/nodes',
    );
  });

  it('redacts what arrives in a snapshot file or a List too', async () => {
    const list = {
      kind: 'List',
      apiVersion: 'v1',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'tok', namespace: 'web' },
          type: 'kubernetes.io/service-account-token',
          data: { token: 'c3VwZXJzZWNyZXQ=' },
        },
      ],
    };
    const unredactedSnapshot = {
      format: 'chokepoint.snapshot',
      schemaVersion: 1,
      cluster: { name: 'x' },
      collection: { method: 'offline', gaps: [] },
      objects: {
        Secret: [
          {
            ...list.items[0],
            metadata: { name: 'other', namespace: 'web' },
            stringData: { a: 'hunter2-plaintext' },
          },
        ],
      },
    };
    const root = await tempTree({
      'list.json': JSON.stringify(list),
      'old.snapshot.json': JSON.stringify(unredactedSnapshot),
    });
    const text = JSON.stringify(await read([root]));
    for (const value of SECRET_VALUES) expect(text).not.toContain(value);
  });
});
