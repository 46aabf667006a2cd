import { describe, expect, it } from 'vitest';
import { readInputs } from '@chokepoint/collector';
import type { Snapshot } from '@chokepoint/model';
import { analyze, applyFixes } from '../../src/index.ts';
import { snapshotOf } from '../manifests.ts';

const DEMO = new URL('../../../../examples/demo-cluster/', import.meta.url)
  .pathname;

/** Internet -> LoadBalancer -> pod whose token may read kube-system Secrets. */
const LEAKY_API = `apiVersion: v1
kind: Node
metadata: { name: worker-1, labels: { kubernetes.io/os: linux } }
---
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { pod-security.kubernetes.io/enforce: restricted } }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: api, namespace: shop }
---
apiVersion: v1
kind: Secret
metadata: { name: etcd-backup-key, namespace: kube-system }
type: Opaque
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: secret-reader, namespace: kube-system }
rules:
- apiGroups: ['']
  resources: [secrets]
  verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: api-reads-kube-system, namespace: kube-system }
subjects:
- { kind: ServiceAccount, name: api, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: secret-reader }
---
apiVersion: v1
kind: Pod
metadata: { name: api, namespace: shop, labels: { app: api } }
spec:
  serviceAccountName: api
  nodeName: worker-1
  securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: RuntimeDefault } }
  containers:
  - name: api
    image: shop/api:1.0
    ports: [{ name: http, containerPort: 8080 }]
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: shop }
spec:
  type: LoadBalancer
  selector: { app: api }
  ports: [{ port: 443, targetPort: http }]
`;

async function demo(): Promise<Snapshot> {
  return readInputs([DEMO], {
    readStdin: () => Promise.resolve(''),
    now: () => new Date(0),
    tool: 'test',
  });
}

/** The contract: applying a fix and analysing again gives its exposedAfter. */
function expectFixesHold(snapshot: Snapshot, count: number): void {
  const { result } = analyze(snapshot);
  expect(result.chokepoints.length).toBeGreaterThan(0);
  for (const chokepoint of result.chokepoints.slice(0, count)) {
    const fixed = applyFixes(snapshot, [{ ...chokepoint.fix }]);
    const again = analyze(fixed, { maxCandidates: 0 }).result;
    expect(again.summary.exposedEntryPoints, chokepoint.fix.id).toBe(
      chokepoint.exposedAfter,
    );
    // Cut: exposed before and not after (a fix may also expose another entry).
    const after = new Set(again.paths.map(p => p.from));
    const cut = result.paths.filter(p => !after.has(p.from)).length;
    expect(chokepoint.entriesCut, chokepoint.fix.id).toBe(cut);
  }
}

describe('choke points', () => {
  it('finds the path from the Internet to a kube-system Secret and the fixes that cut it', async () => {
    const snapshot = await snapshotOf(LEAKY_API);
    const { result } = analyze(snapshot);
    expect(result.summary.exposedByClass.internet).toBe(1);
    const internet = result.paths.find(p => p.from === 'Internet');
    expect(internet?.to).toBe('Secret:kube-system/etcd-backup-key');
    expect(internet?.steps.map(s => s.kind)).toEqual(
      expect.arrayContaining([
        'EXPOSES',
        'ENDPOINT_EXPLOIT',
        'IDENTITY_ASSUME',
        'SECRET_READ',
      ]),
    );
    const fixes = result.chokepoints.map(c => c.fix.id);
    expect(fixes).toContain(
      'delete:RoleBinding:kube-system/api-reads-kube-system',
    );
    const top = result.chokepoints[0];
    expect(top?.exposedAfter).toBe(0);
    expect(result.plan.exposedAfter).toBe(0);
  });

  it('keeps every reported number true when the fix is applied to the input (hand-made cluster)', async () => {
    expectFixesHold(await snapshotOf(LEAKY_API), 20);
  });

  it('keeps every reported number true on the demo cluster', async () => {
    expectFixesHold(await demo(), 10);
  });

  it('analyses as if a fix were made with applyFixes, and rejects an unknown fix id', async () => {
    const snapshot = await snapshotOf(LEAKY_API);
    const whatIf = analyze(snapshot, {
      applyFixes: ['delete:RoleBinding:kube-system/api-reads-kube-system'],
    }).result;
    expect(whatIf.summary.exposedEntryPoints).toBe(0);
    expect(whatIf.applied.map(f => f.id)).toEqual([
      'delete:RoleBinding:kube-system/api-reads-kube-system',
    ]);
    expect(() =>
      analyze(snapshot, { applyFixes: ['delete:RoleBinding:nope/nope'] }),
    ).toThrow(/no fix "delete:RoleBinding:nope\/nope"/);
  });

  it('applies fixes as an analysis gave them just as it applies them by id, without finding them again', async () => {
    const snapshot = await snapshotOf(LEAKY_API);
    const { candidates } = analyze(snapshot, { maxCandidates: 0 });
    const chosen = candidates.filter(
      fix =>
        fix.id === 'delete:RoleBinding:kube-system/api-reads-kube-system' ||
        fix.target.startsWith('Service:'),
    );
    expect(chosen.length).toBeGreaterThan(1);
    for (const fixes of [chosen.slice(0, 1), chosen]) {
      const byId = analyze(snapshot, { applyFixes: fixes.map(f => f.id) });
      const given = analyze(snapshot, { fixes });
      expect(given.result).toEqual(byId.result);
      expect(given.result.applied.map(f => f.id)).toEqual(fixes.map(f => f.id));
    }
  });

  it('honours --entry and --critical, and rejects unknown ids', async () => {
    const snapshot = await snapshotOf(LEAKY_API);
    const only = analyze(snapshot, {
      entry: ['Internet'],
      critical: ['Secret:kube-system/etcd-backup-key'],
    }).result;
    expect(only.entryPoints).toEqual(['Internet']);
    expect(only.summary.exposedEntryPoints).toBe(1);
    expect(() => analyze(snapshot, { entry: ['Pod:shop/nope'] })).toThrow(
      /--entry: no node "Pod:shop\/nope"/,
    );
  });
});
