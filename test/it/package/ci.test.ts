import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../support/paths.ts';

const VERSION = (
  JSON.parse(
    readFileSync(join(REPO_ROOT, 'apps/cli/package.json'), 'utf8'),
  ) as {
    version: string;
  }
).version;
const ENV = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)),
);

/** The shell commands of each YAML block of docs/ci.md (GitHub `run:`, GitLab `script:`). */
function jobCommands(): string[][] {
  const text = readFileSync(join(REPO_ROOT, 'docs/ci.md'), 'utf8');
  const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map(
    m => parse(m[1] ?? '') as Record<string, unknown>,
  );
  return blocks.map(block => {
    // GitHub: jobs.NAME.steps[].run; GitLab: NAME.script[].
    const jobs = (block.jobs ?? block) as Record<
      string,
      Record<string, unknown>
    >;
    return Object.values(jobs).flatMap(job => {
      if (typeof job !== 'object') return [];
      const steps = (job.steps as { run?: string }[] | undefined) ?? [];
      const script = (job.script as string[] | undefined) ?? [];
      return [
        ...steps.flatMap(s => (s.run === undefined ? [] : [s.run])),
        ...script,
      ];
    });
  });
}

describe('docs/ci.md', () => {
  it('runs the commands of the GitHub and the GitLab job: SARIF written, gate met', () => {
    const jobs = jobCommands();
    expect(jobs).toHaveLength(2);
    const tarball = join(REPO_ROOT, 'dist', `chokepoint-${VERSION}.tgz`);
    if (!existsSync(tarball)) {
      const packed = spawnSync('npm', ['run', '--silent', 'package'], {
        cwd: REPO_ROOT,
        env: ENV,
      });
      expect(packed.status).toBe(0);
    }
    for (const commands of jobs) {
      expect(
        commands.some(c => c.includes(`chokepoint@${VERSION} analyze`)),
      ).toBe(true);
      // A repository whose deploy/ holds the demo cluster, with the package
      // installed (npx then finds it instead of the registry).
      const repo = mkdtempSync(join(tmpdir(), 'chokepoint-ci-'));
      cpSync(join(REPO_ROOT, 'examples/demo-cluster'), join(repo, 'deploy'), {
        recursive: true,
      });
      writeFileSync(
        join(repo, 'package.json'),
        '{ "name": "app", "private": true }\n',
      );
      const install = spawnSync(
        'npm',
        ['install', '--offline', '--no-audit', '--no-fund', tarball],
        { cwd: repo, env: ENV, encoding: 'utf8' },
      );
      expect(install.status, install.stderr).toBe(0);
      const codes = commands.map(
        command =>
          spawnSync(
            'sh',
            [
              '-c',
              command.replace(
                `npx --yes chokepoint@${VERSION}`,
                'npx --no-install chokepoint',
              ),
            ],
            {
              cwd: repo,
              env: ENV,
              encoding: 'utf8',
            },
          ).status,
      );
      // Rendering succeeds; the demo cluster is exposed to outside attackers: the gate fails (1).
      expect(codes).toEqual([0, 1]);
      const sarif = JSON.parse(
        readFileSync(join(repo, 'chokepoint.sarif'), 'utf8'),
      ) as {
        runs: { properties: { cluster: string }; results: unknown[] }[];
      };
      expect(sarif.runs[0]?.properties.cluster).toBe('prod');
      expect(sarif.runs[0]?.results.length).toBeGreaterThan(0);
    }
  });
});
