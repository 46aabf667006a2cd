import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/paths.ts';
import { runCli } from '../support/run-cli.ts';

const DEMO = join(REPO_ROOT, 'examples/demo-cluster');

describe('chokepoint analyze --format patches', () => {
  it('needs --out DIR and refuses a directory that already holds files', async () => {
    const missing = await runCli(['analyze', DEMO, '--format', 'patches']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--format patches needs --out DIR');
    const dir = await mkdtemp(join(tmpdir(), 'chokepoint-patches-'));
    await writeFile(join(dir, 'keep.txt'), 'mine');
    const full = await runCli([
      'analyze',
      DEMO,
      '--format',
      'patches',
      '--out',
      dir,
      '--max-candidates',
      '3',
    ]);
    expect(full.code).toBe(2);
    expect(full.stderr).toContain('the directory is not empty');
    expect(await readFile(join(dir, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('writes one executable script per plan step, the patch beside it, apply.sh and a README', async () => {
    const base = await mkdtemp(join(tmpdir(), 'chokepoint-patches-'));
    const out = join(base, 'plan');
    const fewer = ['--max-candidates', '10'];
    const json = await runCli(['analyze', DEMO, ...fewer, '--format', 'json']);
    const result = JSON.parse(json.stdout) as {
      plan: {
        steps: {
          fix: {
            action: string;
            target: string;
            patch?: unknown;
            replaces?: string[];
          };
        }[];
      };
    };
    const run = await runCli([
      'analyze',
      DEMO,
      ...fewer,
      '--format',
      'patches',
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    const files = (await readdir(out)).sort();
    const scripts = files.filter(f => /^\d\d-.*\.sh$/.test(f));
    expect(scripts).toHaveLength(result.plan.steps.length);
    expect(files).toContain('apply.sh');
    expect(files).toContain('README.md');
    for (const [i, step] of result.plan.steps.entries()) {
      const script = scripts[i] ?? '';
      expect((await stat(join(out, script))).mode & 0o111).not.toBe(0);
      const text = await readFile(join(out, script), 'utf8');
      if (step.fix.action === 'delete') {
        expect(text).toMatch(/^\$KUBECTL delete \S+\/\S+.* \$DRY$/m);
        continue;
      }
      // The YAML beside the script is a strategic merge patch naming only
      // what the fix changes: each container by name with the changed field.
      const yamlFile = script.replace(/\.sh$/, '.yaml');
      expect(text).toContain(`--type strategic --patch-file ${yamlFile}`);
      const yaml = parse(await readFile(join(out, yamlFile), 'utf8')) as {
        spec?: { containers?: object[]; template?: { spec?: object } };
      };
      const spec = (yaml.spec?.template?.spec ?? yaml.spec) as
        { containers?: object[] } | undefined;
      for (const container of spec?.containers ?? [])
        expect(Object.keys(container).sort()).toEqual([
          'name',
          'securityContext',
        ]);
      for (const pod of step.fix.replaces ?? [])
        expect(text).toContain(pod.slice(pod.indexOf('/') + 1));
    }
    const readme = await readFile(join(out, 'README.md'), 'utf8');
    expect(readme).toContain('DRY_RUN=server bash apply.sh');
  }, 180_000);
});
