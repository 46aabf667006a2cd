import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@chokepoint/model';
import { analyze, mergePatch } from '../../src/index.ts';
import { compareEveryCandidate } from './differential.ts';
import { BASE, snapshotOf } from '../manifests.ts';

/**
 * Pods as a live cluster returns them: the ServiceAccount admission plugin
 * wrote the token volume (`kube-api-access-*`) and its mount into each one.
 */
const injected = (suffix: string) => `
  volumes:
  - name: kube-api-access-${suffix}
    projected:
      sources:
      - serviceAccountToken: {expirationSeconds: 3607, path: token}
      - configMap: {name: kube-root-ca.crt, items: [{key: ca.crt, path: ca.crt}]}
      - downwardAPI: {items: [{path: namespace, fieldRef: {apiVersion: v1, fieldPath: metadata.namespace}}]}`;
const mount = (suffix: string) =>
  `volumeMounts: [{name: kube-api-access-${suffix}, mountPath: /var/run/secrets/kubernetes.io/serviceaccount, readOnly: true}]`;

const LIVE = `${BASE}---
apiVersion: v1
kind: ServiceAccount
metadata: {name: deployer, namespace: default}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: deployer-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: deployer, namespace: default}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: default}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      serviceAccountName: deployer
      containers: [{name: app, image: registry.k8s.io/pause:3.10}]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: api-5d9c7b8f4
  namespace: default
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: api, uid: d1, controller: true}]
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      serviceAccountName: deployer
      containers: [{name: app, image: registry.k8s.io/pause:3.10}]
---
apiVersion: v1
kind: Pod
metadata:
  name: api-5d9c7b8f4-abcde
  namespace: default
  labels: {app: api}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: api-5d9c7b8f4, uid: r1, controller: true}]
spec:
  serviceAccountName: deployer
  nodeName: worker-1
  containers: [{name: app, image: registry.k8s.io/pause:3.10, ${mount('abcde')}}]
${injected('abcde')}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: default}
spec:
  serviceAccountName: deployer
  nodeName: worker-1
  containers: [{name: app, image: registry.k8s.io/pause:3.10, ${mount('fghij')}}]
${injected('fghij')}
`;

const API = 'Container:default/api-5d9c7b8f4-abcde/app';
const WEB = 'Container:default/web/app';

describe('automountServiceAccountToken fixes on pods the API server admitted', () => {
  it('each cuts the pods it re-creates, and the oracle (the input edited as a user does) agrees', async () => {
    const snapshot = await snapshotOf(LIVE);
    const { result } = analyze(snapshot);
    expect(result.paths.map(p => p.from).sort()).toEqual([API, WEB]);
    const cut = new Map(result.chokepoints.map(c => [c.fix.id, c]));

    // The ServiceAccount's flag: the Deployment's pod is re-created without
    // the token; the bare pod keeps the one it was given.
    const account = cut.get(
      'patch:ServiceAccount:default/deployer#automountServiceAccountToken',
    );
    expect(account?.fix.replaces).toEqual(['Pod:default/api-5d9c7b8f4-abcde']);
    expect(account?.fix.description).toMatch(
      /re-creates 1 pod of its controllers without the token; 1 pod with no controller keeps the token until re-created/,
    );
    expect([account?.entriesCut, account?.exposedAfter]).toEqual([1, 1]);

    const template = cut.get(
      'patch:Deployment:default/api#spec.template.spec.automountServiceAccountToken',
    );
    expect(template?.fix.replaces).toEqual(['Pod:default/api-5d9c7b8f4-abcde']);
    expect([template?.entriesCut, template?.exposedAfter]).toEqual([1, 1]);

    // The bare pod: re-created with the flag and without the injected volume.
    const pod = cut.get(
      'patch:Pod:default/web#spec.automountServiceAccountToken',
    );
    expect([pod?.entriesCut, pod?.exposedAfter]).toEqual([1, 1]);
    const web = snapshot.objects.Pod?.find(p => p.metadata.name === 'web');
    const after = mergePatch(web, pod?.fix.patch) as KubeObject;
    expect(after.spec).toMatchObject({
      automountServiceAccountToken: false,
      volumes: [],
      containers: [{ name: 'app', volumeMounts: [] }],
    });
    expect(pod?.fix.impact?.level).toBe('degrades');

    const compared = await compareEveryCandidate('live tokens', snapshot);
    expect(compared.measured).toBeGreaterThanOrEqual(4);
    expect(compared.differences).toEqual([]);
  });

  it('the flag alone, on an admitted pod, would take nothing away: the injected volume holds the token', async () => {
    const snapshot = await snapshotOf(LIVE);
    const web = snapshot.objects.Pod?.find(p => p.metadata.name === 'web');
    const flagOnly = {
      ...snapshot,
      objects: {
        ...snapshot.objects,
        Pod: (snapshot.objects.Pod ?? []).map(p =>
          p === web
            ? (mergePatch(p, {
                spec: { automountServiceAccountToken: false },
              }) as KubeObject)
            : p,
        ),
      },
    };
    expect(
      analyze(flagOnly, { maxCandidates: 0 }).result.paths.map(p => p.from),
    ).toContain(WEB);
  });
});
