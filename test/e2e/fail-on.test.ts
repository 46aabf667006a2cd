import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/run-cli.ts';

const CLUSTER = `apiVersion: v1
kind: Node
metadata: { name: worker-1, labels: { kubernetes.io/os: linux } }
---
apiVersion: v1
kind: Secret
metadata: { name: backup-key, namespace: kube-system }
type: Opaque
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: reader, namespace: kube-system }
rules: [{ apiGroups: [''], resources: [secrets], verbs: [list] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: backup-reads, namespace: kube-system }
subjects: [{ kind: ServiceAccount, name: backup, namespace: ops }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
---
apiVersion: v1
kind: Pod
metadata: { name: backup, namespace: ops }
spec:
  serviceAccountName: backup
  nodeName: worker-1
  securityContext: { runAsNonRoot: true, runAsUser: 1000 }
  containers: [{ name: job, image: backup:1, resources: { limits: { cpu: 100m, memory: 64Mi } } }]
`;

describe('--fail-on', () => {
  it('exits 1 when an entry point is exposed, and 0 once the policy accepts that path until a later date', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chokepoint-gate-'));
    await writeFile(join(dir, 'cluster.yaml'), CLUSTER);
    const exposed = await runCli([
      'analyze',
      join(dir, 'cluster.yaml'),
      '--fail-on',
      'exposed',
      '--max-candidates',
      '0',
    ]);
    expect(exposed.code).toBe(1);
    expect(exposed.stdout).toContain('Exposure: 1 of');
    const outside = await runCli([
      'analyze',
      join(dir, 'cluster.yaml'),
      '--fail-on',
      'critical',
      '--max-candidates',
      '0',
    ]);
    expect(outside.code).toBe(0);
    await writeFile(
      join(dir, 'policy.yaml'),
      `acceptedRisks:\n- entry: Container:ops/backup/job\n  asset: Secret:kube-system/backup-key\n  until: '2999-12-31'\n  reason: the backup job reads the key by design\n`,
    );
    const accepted = await runCli([
      'analyze',
      join(dir, 'cluster.yaml'),
      '--policy',
      join(dir, 'policy.yaml'),
      '--fail-on',
      'exposed',
      '--max-candidates',
      '0',
    ]);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain(
      '1 of them are accepted risks of the policy file.',
    );
  });
});
