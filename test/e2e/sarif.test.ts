import { beforeAll, describe, expect, it, vi } from 'vitest';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { Log, Result } from 'sarif';
import { REPO_ROOT } from '../support/paths.ts';
import { runCli } from '../support/run-cli.ts';

// The OASIS SARIF 2.1.0 schema (rtm.5), as Microsoft's SARIF package ships it.
const SCHEMA_PATH = createRequire(import.meta.url).resolve(
  '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json',
);

// Each test spawns the CLI; on a shared 2-core machine that is slow.
vi.setConfig({ testTimeout: 240_000 });

let dir: string;
let sarif: Log;
let results: Result[];

beforeAll(async () => {
  // A copy of the demo cluster, so its manifests can be edited by the fixes.
  dir = await mkdtemp(join(tmpdir(), 'chokepoint-sarif-'));
  await cp(join(REPO_ROOT, 'examples/demo-cluster'), join(dir, 'cluster'), {
    recursive: true,
  });
  const run = await runCli(
    [
      'analyze',
      'cluster',
      '--cluster-name',
      'shop-prod',
      '--format',
      'sarif',
      '--max-candidates',
      '8',
      '-o',
      'report.sarif',
    ],
    { cwd: dir },
  );
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  sarif = JSON.parse(await readFile(join(dir, 'report.sarif'), 'utf8')) as Log;
  results = sarif.runs[0]?.results ?? [];
}, 120_000);

describe('SARIF of the demo cluster', () => {
  it('validates against the SARIF 2.1.0 JSON schema', async () => {
    // CommonJS packages: their default export is under `default`.
    // unicodeRegExp off: the schema's `language` pattern is not valid with /u.
    const ajv = new AjvDraft04.default({
      allErrors: true,
      strict: false,
      unicodeRegExp: false,
    });
    ajvFormats.default(ajv);
    const validate = ajv.compile(
      JSON.parse(await readFile(SCHEMA_PATH, 'utf8')) as object,
    );
    const valid = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('gives every result a file, a line and the object id, and the line holds that object', async () => {
    expect(results.length).toBeGreaterThan(20);
    const kinds = new Set(results.map(r => r.ruleId));
    expect(kinds).toContain('CHOKEPOINT_ATTACK_PATH');
    expect(kinds).toContain('CHOKEPOINT_CHOKE_POINT');
    let checked = 0;
    for (const result of results) {
      const location = result.locations?.[0];
      const uri = location?.physicalLocation?.artifactLocation?.uri;
      const line = location?.physicalLocation?.region?.startLine;
      expect(uri, result.ruleId).toMatch(/^cluster\/[\w.-]+\.(yaml|json)$/);
      expect(line).toBeGreaterThanOrEqual(1);
      const name = location?.logicalLocations?.[0]?.fullyQualifiedName ?? '';
      expect(name, result.ruleId).not.toBe('');
      // Read the file independently: the document at that line is the object's.
      const match =
        /^(Pod|DaemonSet|Deployment|StatefulSet|ServiceAccount|Service|Node|ClusterRoleBinding|RoleBinding):(?:([^/]+)\/)?([^/]+)$/.exec(
          name,
        );
      if (match === null || uri === undefined || line === undefined) continue;
      const text = await readFile(join(dir, uri), 'utf8');
      const document = text
        .split('\n')
        .slice(line - 1)
        .join('\n')
        .split(/^---$/m)[0];
      expect(document, `${name} at ${uri}:${String(line)}`).toMatch(
        new RegExp(`^kind: ${match[1] ?? ''}$`, 'm'),
      );
      expect(document).toMatch(new RegExp(`name: ${match[3] ?? ''}\\b`));
      checked++;
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('describes each rule with markdown help, a help page and a security severity', () => {
    const rules = sarif.runs[0]?.tool.driver.rules ?? [];
    expect(rules.length).toBeGreaterThan(5);
    for (const rule of rules) {
      expect(rule.help?.markdown, rule.id).toBeTruthy();
      expect(rule.helpUri, rule.id).toMatch(/^https:\/\/.+\.md$/);
      const score = Number(rule.properties?.['security-severity']);
      expect(score, rule.id).toBeGreaterThanOrEqual(0);
      expect(score, rule.id).toBeLessThanOrEqual(10);
    }
    // A technique's help is its doc page.
    const hostRead = rules.find(r => r.id === 'EXPLOIT_HOST_READ');
    expect(hostRead?.help?.markdown).toContain('## Prerequisites');
    expect(sarif.runs[0]?.properties?.cluster).toBe('shop-prod');
  });

  it('carries patch fixes as manifest edits that, applied by text, give the measured figure', async () => {
    const withFix = results.filter(
      r => r.ruleId === 'CHOKEPOINT_CHOKE_POINT' && r.fixes !== undefined,
    );
    expect(withFix.length).toBeGreaterThan(0);
    for (const result of withFix.slice(0, 2)) {
      const copy = await mkdtemp(join(tmpdir(), 'chokepoint-sarif-fix-'));
      await cp(join(dir, 'cluster'), join(copy, 'cluster'), {
        recursive: true,
      });
      for (const change of result.fixes?.[0]?.artifactChanges ?? []) {
        const file = join(copy, change.artifactLocation.uri ?? '');
        let text = await readFile(file, 'utf8');
        const edits = [...change.replacements].sort(
          (a, b) =>
            (b.deletedRegion.charOffset ?? 0) -
            (a.deletedRegion.charOffset ?? 0),
        );
        for (const edit of edits) {
          const at = edit.deletedRegion.charOffset ?? 0;
          text =
            text.slice(0, at) +
            (edit.insertedContent?.text ?? '') +
            text.slice(at + (edit.deletedRegion.charLength ?? 0));
        }
        await writeFile(file, text);
      }
      const after = await runCli(
        ['analyze', 'cluster', '--format', 'json', '--max-candidates', '0'],
        { cwd: copy },
      );
      expect(after.code).toBe(0);
      const summary = (
        JSON.parse(after.stdout) as { summary: { exposedEntryPoints: number } }
      ).summary;
      expect(summary.exposedEntryPoints, String(result.properties?.fixId)).toBe(
        result.properties?.exposedAfter,
      );
    }
  });
});
