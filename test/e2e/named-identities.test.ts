import { describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths.ts';
import { runCli } from '../support/run-cli.ts';

const DEMO = join(REPO_ROOT, 'examples/demo-cluster');

/** The demo cluster after the user deleted RoleBinding ci/web-team-edit from its manifests. */
async function demoWithoutWebTeamBinding(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'chokepoint-named-'));
  await cp(DEMO, dir, { recursive: true });
  const file = join(dir, 'web.yaml');
  const documents = (await readFile(file, 'utf8')).split(/^---$/m);
  const kept = documents.filter(d => !d.includes('name: web-team-edit'));
  expect(kept).toHaveLength(documents.length - 1);
  await writeFile(file, kept.join('---'));
  return dir;
}

describe('users and groups given on the command line exist whether or not a binding names them', () => {
  it('analyses --entry Group:web-developers after its only binding is deleted', async () => {
    const input = await demoWithoutWebTeamBinding();
    const result = await runCli([
      'analyze',
      input,
      '--entry',
      'Group:web-developers',
      '--entry',
      'User:alice',
      '--max-candidates',
      '0',
      '--format',
      'json',
    ]);
    expect(result.stderr).not.toContain('no node');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      entryPoints: string[];
      summary: { exposedEntryPoints: number };
    };
    expect(report.entryPoints).toEqual(['Group:web-developers', 'User:alice']);
    expect(report.summary.exposedEntryPoints).toBe(0);
  });

  it('finds the path from a user no binding names to system:authenticated', async () => {
    const result = await runCli([
      'path',
      DEMO,
      '--from',
      'User:alice',
      '--to',
      'Group:system:authenticated',
      '--format',
      'json',
    ]);
    expect(result.code).toBe(0);
    const path = JSON.parse(result.stdout) as {
      steps: { kind: string; to: string }[];
    };
    expect(path.steps.map(s => `${s.kind} ${s.to}`)).toEqual([
      'MEMBER_OF Group:system:authenticated',
    ]);
  });
});
