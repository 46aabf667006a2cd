import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths.ts';
import { runCli } from '../support/run-cli.ts';

const CLUSTER_FILE = join(
  REPO_ROOT,
  'test/fixtures/clusters/backup-reads/cluster.yaml',
);

describe('--fail-on', () => {
  it('exits 1 when an entry point is exposed, and 0 once the policy accepts that path until a later date', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chokepoint-gate-'));
    await writeFile(
      join(dir, 'cluster.yaml'),
      await readFile(CLUSTER_FILE, 'utf8'),
    );
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
