import { describe, expect, it } from 'vitest';
import { analyze, applyFixes, whatIf } from '../../src/index.ts';
import { compareEveryCandidate } from './differential.ts';
import { BASE, snapshotOf } from '../manifests.ts';

/**
 * Argo CD's Redis as install.yaml runs it: the secret-init container creates
 * the Redis password Secret through the API server, then Redis starts; the
 * pod's token is mounted into both. Here the ServiceAccount is powerful.
 */
const REDIS = `${BASE}---
apiVersion: v1
kind: Namespace
metadata: { name: cache }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: argocd-redis, namespace: cache }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: redis-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: argocd-redis, namespace: cache }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: argocd-redis, namespace: cache }
spec:
  selector: { matchLabels: { app.kubernetes.io/name: argocd-redis } }
  template:
    metadata: { labels: { app.kubernetes.io/name: argocd-redis } }
    spec:
      serviceAccountName: argocd-redis
      initContainers:
        - name: secret-init
          image: quay.io/argoproj/argocd:v3.1.0
          command: [argocd, admin, redis-initial-password]
      containers:
        - name: redis
          image: public.ecr.aws/docker/library/redis:7.2
          volumeMounts: [{ name: data, mountPath: /data }]
      volumes: [{ name: data, emptyDir: {} }]
`;

const FIX = 'patch:Deployment:cache/argocd-redis#token-only-in-secret-init';
const REDIS_ENTRY = 'Container:cache/Deployment/argocd-redis/redis';

describe('the token mounted only into the containers that use it', () => {
  it('turns automounting off and mounts a projected token into secret-init only: Redis is no longer exposed, and nothing breaks', async () => {
    const snapshot = await snapshotOf(REDIS);
    const { result, candidates, ...analysis } = analyze(snapshot);
    expect(result.paths.map(p => p.from)).toContain(REDIS_ENTRY);
    const fix = candidates.find(f => f.id === FIX);
    expect(fix).toBeDefined();
    if (fix === undefined) return;
    const after = applyFixes(snapshot, [fix]);
    const spec = (
      after.objects.Deployment?.[0]?.spec as {
        template: { spec: Record<string, unknown> };
      }
    ).template.spec as {
      automountServiceAccountToken?: boolean;
      volumes: { name: string; projected?: unknown }[];
      initContainers: { name: string; volumeMounts?: unknown[] }[];
      containers: { name: string; volumeMounts?: unknown[] }[];
    };
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.volumes.map(v => v.name)).toEqual([
      'data',
      'serviceaccount-token',
    ]);
    expect(spec.initContainers[0]?.volumeMounts).toEqual([
      {
        name: 'serviceaccount-token',
        mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
        readOnly: true,
      },
    ]);
    expect(spec.containers[0]?.volumeMounts).toEqual([
      { name: 'data', mountPath: '/data' },
    ]);

    expect(
      whatIf({ result, candidates, ...analysis }, [FIX]).exposed.has(
        REDIS_ENTRY,
      ),
    ).toBe(false);
    const chokepoint = result.chokepoints.find(c => c.fix.id === FIX);
    expect(chokepoint?.entriesCut).toBeGreaterThan(0);
    expect(chokepoint?.fix.impact?.level).toBe('none');
    expect(chokepoint?.fix.impact?.reason).toContain(
      'calls the API server from secret-init only',
    );
    // Taking the token from the whole pod breaks the password initialiser.
    expect(
      result.chokepoints.find(
        c =>
          c.fix.id ===
          'patch:Deployment:cache/argocd-redis#spec.template.spec.automountServiceAccountToken',
      )?.fix.impact?.level,
    ).toBe('breaks');

    const compared = await compareEveryCandidate('token containers', snapshot);
    expect(compared.differences).toEqual([]);
  });

  it('is not offered for the container that uses the token, nor without the knowledge of which does', async () => {
    const { candidates } = analyze(await snapshotOf(REDIS), {
      maxCandidates: 0,
    });
    const ids = candidates
      .map(f => f.id)
      .filter(id => id.includes('#token-only-in-'));
    expect(ids).toEqual([FIX]);
    const unknown = await snapshotOf(
      REDIS.replace(/argocd-redis \}/g, 'cache }').replace(
        'quay.io/argoproj/argocd:v3.1.0',
        'registry.example.com/init:1',
      ),
    );
    expect(
      analyze(unknown, { maxCandidates: 0 })
        .candidates.map(f => f.id)
        .filter(id => id.includes('#token-only-in-')),
    ).toEqual([]);
  });
});
