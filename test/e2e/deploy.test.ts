// The in-cluster collector's own RBAC (deploy/), analysed by Chokepoint
// itself: its ServiceAccount must not be a way to cluster-admin. The
// optional Secrets role (deploy/optional/secrets.yaml) is, and the test says
// so, because that is the trade-off docs/collect.md asks users to weigh.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../support/paths.ts';
import { runCli } from '../support/run-cli.ts';

const DEPLOY = join(REPO_ROOT, 'deploy/chokepoint-collector.yaml');
const SECRETS = join(REPO_ROOT, 'deploy/optional/secrets.yaml');
const DEMO = join(REPO_ROOT, 'examples/demo-cluster');
const COLLECTOR = 'ServiceAccount:chokepoint/chokepoint-collector';

interface Rule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
}

function clusterRoleRules(file: string): Rule[] {
  const role = parseAllDocuments(readFileSync(file, 'utf8'))
    .map(d => d.toJS() as { kind?: string; rules?: Rule[] })
    .find(d => d.kind === 'ClusterRole');
  return role?.rules ?? [];
}

interface Report {
  summary: { exposedEntryPoints: number };
  paths: { from: string; to: string; steps: { kind: string }[] }[];
}

async function analyse(inputs: string[], entry?: string): Promise<Report> {
  const result = await runCli([
    'analyze',
    ...inputs,
    ...(entry === undefined ? [] : ['--entry', entry]),
    '--format',
    'json',
  ]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

describe('the collector deployment', () => {
  it('lists what the analysis reads, reads no Secret, and gets nothing', () => {
    const rules = clusterRoleRules(DEPLOY);
    const verbs = new Set(rules.flatMap(r => r.verbs));
    expect([...verbs].sort()).toEqual(['create', 'list']);
    expect(
      rules.filter(r => r.verbs.includes('create')).flatMap(r => r.resources),
    ).toEqual(['selfsubjectrulesreviews']);
    expect(rules.flatMap(r => r.resources)).not.toContain('secrets');
    expect(clusterRoleRules(SECRETS)).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['list'] },
    ]);
  });

  it('gives its ServiceAccount and its container no path to a critical asset, in a real cluster', async () => {
    const asCollector = await analyse([DEPLOY, DEMO], COLLECTOR);
    expect(asCollector.summary.exposedEntryPoints).toBe(0);
    const everyEntry = await analyse([DEPLOY, DEMO]);
    expect(everyEntry.summary.exposedEntryPoints).toBeGreaterThan(0);
    expect(
      everyEntry.paths.filter(p => p.from.includes('chokepoint/')),
    ).toEqual([]);
  });

  it('with the optional Secrets role, is a path to cluster-admin: the documented trade-off', async () => {
    const report = await analyse([DEPLOY, SECRETS, DEMO], COLLECTOR);
    expect(report.summary.exposedEntryPoints).toBe(1);
    expect(report.paths[0]?.steps.map(s => s.kind)).toContain('TOKEN_LIST');
  });
});
