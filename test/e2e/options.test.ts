// One test per documented option of the analysing commands (docs/cli.md),
// each through the real `chokepoint` bin on small inputs: what the option
// changes is asserted, not just that it is accepted. The live-cluster options
// of `collect` are in test/it/k8s/collect-options.test.ts; the viewer's in
// test/it/viewer. A reader that goes away (`| head -1`) leaves no stack.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { REPO_ROOT } from '../support/paths.ts';
import { BIN, runCli } from '../support/run-cli.ts';

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;
const CLUSTER = join(
  REPO_ROOT,
  'test/fixtures/clusters/backup-reads/cluster.yaml',
);
const PATH_ID = 'Container:ops/backup/job';
const ASSET = 'Secret:kube-system/backup-key';

/** The same cluster before the RoleBinding that exposes the backup job. */
async function before(dir: string): Promise<string> {
  const text = await readFile(CLUSTER, 'utf8');
  const file = join(dir, 'before.yaml');
  await writeFile(
    file,
    text
      .split(/^---$/m)
      .filter(doc => !doc.includes('kind: RoleBinding'))
      .join('---'),
  );
  return file;
}

/** A low-confidence step: a get-only secrets grant guessing a token Secret's name (TOKEN_BRUTEFORCE). */
const GUESSER = `apiVersion: v1
kind: Namespace
metadata: { name: default }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: guesser, namespace: default }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: victim, namespace: default }
---
apiVersion: v1
kind: Secret
metadata:
  name: victim-token
  namespace: default
  annotations: { kubernetes.io/service-account.name: victim }
type: kubernetes.io/service-account-token
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: get-secrets, namespace: default }
rules: [{ apiGroups: [''], resources: [secrets], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: guesser, namespace: default }
subjects: [{ kind: ServiceAccount, name: guesser, namespace: default }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: get-secrets }
`;

/**
 * `chokepoint ARGS | head -0`: the reader closes the pipe before the first
 * byte, so every write of the command meets a broken pipe, whatever the size
 * of its output.
 */
function readerGone(
  args: readonly string[],
): Promise<{ stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, [...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, CHOKEPOINT_DEBUG: '' },
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', code => {
      resolve({ stderr, code });
    });
    child.stdin.end('');
  });
}

// Each case runs the bin several times; a loaded 2-core machine needs minutes.
vi.setConfig({ testTimeout: 300_000 });

let dir: string;
let old: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chokepoint-options-'));
  old = await before(dir);
  await writeFile(join(dir, 'guesser.yaml'), GUESSER);
});

describe('chokepoint diff', () => {
  it('lists the paths added between OLD and NEW (text, --format json, --out) and --fail-on-new exits 1 only when NEW adds one', async () => {
    const text = await runCli(['diff', old, CLUSTER]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Exposed entry points: 0 -> 1');
    expect(text.stdout).toContain('Attack paths added (1)');
    expect(text.stdout).toContain(`${PATH_ID} => ${ASSET}`);
    const out = join(dir, 'diff.json');
    const json = await runCli([
      'diff',
      old,
      CLUSTER,
      '--format',
      'json',
      '--out',
      out,
      '--fail-on-new',
    ]);
    expect(json.code).toBe(1);
    expect(json.stdout).toBe('');
    const diff = JSON.parse(await readFile(out, 'utf8')) as {
      pathsAdded: { from: string; to: string }[];
      pathsRemoved: unknown[];
    };
    expect(diff.pathsAdded.map(p => [p.from, p.to])).toEqual([
      [PATH_ID, ASSET],
    ]);
    expect(diff.pathsRemoved).toEqual([]);
    const fixed = await runCli(['diff', CLUSTER, old, '--fail-on-new']);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('Attack paths removed (1)');
    const one = await runCli(['diff', old]);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('diff needs exactly two inputs');
  });
});

describe('chokepoint analyze', () => {
  it('--format sarif writes SARIF 2.1.0 with the attack path as a result, --out to a file', async () => {
    const out = join(dir, 'report.sarif');
    const result = await runCli([
      'analyze',
      CLUSTER,
      '--format',
      'sarif',
      '--out',
      out,
      '--max-candidates',
      '0',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const sarif = JSON.parse(await readFile(out, 'utf8')) as {
      version: string;
      runs: {
        results: {
          ruleId: string;
          locations: { logicalLocations: { fullyQualifiedName: string }[] }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const paths =
      sarif.runs[0]?.results.filter(
        r => r.ruleId === 'CHOKEPOINT_ATTACK_PATH',
      ) ?? [];
    expect(
      paths.map(r => r.locations[0]?.logicalLocations[0]?.fullyQualifiedName),
    ).toEqual([PATH_ID]);
  });

  it('--apply-fix analyses as if a reported fix were made, and an unknown fix id exits 2 with close matches', async () => {
    const first = await runCli(['analyze', CLUSTER, '--format', 'json']);
    const report = JSON.parse(first.stdout) as {
      summary: { exposedEntryPoints: number };
      chokepoints: { fix: { id: string } }[];
    };
    expect(report.summary.exposedEntryPoints).toBe(1);
    const fix = report.chokepoints[0]?.fix.id ?? '';
    expect(fix).not.toBe('');
    const fixed = await runCli([
      'analyze',
      CLUSTER,
      '--format',
      'json',
      '--apply-fix',
      fix,
      '--max-candidates',
      '0',
    ]);
    const after = JSON.parse(fixed.stdout) as {
      summary: { exposedEntryPoints: number };
      applied: { id: string }[];
    };
    expect(after.applied.map(f => f.id)).toEqual([fix]);
    expect(after.summary.exposedEntryPoints).toBe(0);
    const unknown = await runCli([
      'analyze',
      CLUSTER,
      '--apply-fix',
      `${fix}x`,
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(fix);
    expect(unknown.stderr).not.toMatch(STACK_LINE);
  });

  it('--entry and --critical replace the defaults; --format markdown; --max-candidates 0 measures no fix', async () => {
    const result = await runCli([
      'analyze',
      CLUSTER,
      '--format',
      'json',
      '--max-candidates',
      '0',
      '--entry',
      PATH_ID,
      '--critical',
      'Node:worker-1',
    ]);
    const report = JSON.parse(result.stdout) as {
      paths: unknown[];
      chokepoints: unknown[];
      summary: { exposedEntryPoints: number };
    };
    expect(report.summary.exposedEntryPoints).toBe(0);
    expect(report.chokepoints).toEqual([]);
    const toSecret = await runCli([
      'analyze',
      CLUSTER,
      '--format',
      'markdown',
      '--entry',
      PATH_ID,
      '--critical',
      ASSET,
    ]);
    expect(toSecret.stdout).toMatch(/^#/);
    expect(toSecret.stdout).toContain(ASSET);
    const unknown = await runCli([
      'analyze',
      CLUSTER,
      '--critical',
      'Secret:kube-system/backup-kee',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(ASSET);
  });

  it('--fail-on high fails on exposure as --fail-on exposed does', async () => {
    const high = await runCli([
      'analyze',
      CLUSTER,
      '--fail-on',
      'high',
      '--max-candidates',
      '0',
    ]);
    expect(high.code).toBe(1);
    const clean = await runCli([
      'analyze',
      old,
      '--fail-on',
      'high',
      '--max-candidates',
      '0',
    ]);
    expect(clean.code).toBe(0);
  });
});

describe('confidence floors', () => {
  it('path and blast --min-confidence drop steps below the floor', async () => {
    const input = join(dir, 'guesser.yaml');
    const from = 'ServiceAccount:default/guesser';
    const to = 'ServiceAccount:default/victim';
    const low = await runCli([
      'path',
      input,
      '--from',
      from,
      '--to',
      to,
      '--format',
      'json',
      '--min-confidence',
      'low',
    ]);
    const path = JSON.parse(low.stdout) as {
      confidence: string;
      steps: { kind: string }[];
    } | null;
    expect(path?.steps.map(s => s.kind)).toContain('TOKEN_BRUTEFORCE');
    expect(path?.confidence).toBe('low');
    const medium = await runCli([
      'path',
      input,
      '--from',
      from,
      '--to',
      to,
      '--format',
      'json',
      '--min-confidence',
      'medium',
    ]);
    expect(JSON.parse(medium.stdout)).toBeNull();
    const reached = async (floor: string) => {
      const blast = await runCli([
        'blast',
        input,
        '--from',
        from,
        '--format',
        'json',
        '--min-confidence',
        floor,
      ]);
      return blast.stdout;
    };
    expect(await reached('low')).toContain(to);
    expect(await reached('high')).not.toContain(to);
    const bad = await runCli([
      'path',
      input,
      '--from',
      from,
      '--to',
      to,
      '--min-confidence',
      'sure',
    ]);
    expect(bad.code).toBe(2);
  });
});

describe('chokepoint snapshot', () => {
  it('--quiet prints nothing and --cluster-name names the cluster', async () => {
    const out = join(dir, 'quiet.json');
    const result = await runCli([
      'snapshot',
      CLUSTER,
      '-o',
      out,
      '--quiet',
      '--cluster-name',
      'backup-prod',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const snapshot = JSON.parse(await readFile(out, 'utf8')) as {
      cluster: { name: string };
    };
    expect(snapshot.cluster.name).toBe('backup-prod');
    const loud = await runCli(['snapshot', CLUSTER, '-o', out]);
    expect(loud.stdout).toContain('objects from 1 source');
  });
});

describe('--policy', () => {
  it('warns that the wave-2 keys controllers, imds and ingressControllers are accepted but not used yet', async () => {
    const policy = join(dir, 'wave2.yaml');
    await writeFile(policy, 'imds: { hopLimit: 2 }\ncontrollers: []\n');
    const result = await runCli([
      'graph',
      CLUSTER,
      '--policy',
      policy,
      '--format',
      'text',
    ]);
    expect(result.code).toBe(0);
    for (const key of ['imds', 'controllers'])
      expect(result.stderr).toContain(
        `warning: ${policy}: policy key "${key}" is an input of wave-2 techniques (catalog 7) that this version accepts but does not use yet`,
      );
    expect(result.stderr).not.toContain('ingressControllers');
  });
});

describe('--max-input-size', () => {
  it('refuses a file larger than the limit with exit 2, reads it under a larger one, and rejects a malformed size', async () => {
    const out = join(dir, 'sized.json');
    const small = await runCli([
      'snapshot',
      CLUSTER,
      '-o',
      out,
      '--max-input-size',
      '100',
    ]);
    expect(small.code).toBe(2);
    expect(small.stderr).toContain('cluster.yaml');
    expect(small.stderr).not.toMatch(STACK_LINE);
    const large = await runCli([
      'snapshot',
      CLUSTER,
      '-o',
      out,
      '--max-input-size',
      '1M',
    ]);
    expect(large.code).toBe(0);
    const bad = await runCli([
      'snapshot',
      CLUSTER,
      '-o',
      out,
      '--max-input-size',
      'lots',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-input-size must be a size such as 64M');
  });
});

describe('chokepoint export', () => {
  it('--no-analysis exports the graph without running the analysis; --snapshot-id and --out', async () => {
    // A policy entry id the graph lacks fails the analysis, and only the analysis.
    const policy = join(dir, 'bad-entry.yaml');
    await writeFile(policy, 'entry: [Pod:ops/no-such-pod]\n');
    const analysed = await runCli([
      'export',
      'cypher',
      CLUSTER,
      '--policy',
      policy,
    ]);
    expect(analysed.code).not.toBe(0);
    expect(analysed.stderr).toContain('Pod:ops/no-such-pod');
    const out = join(dir, 'graph.cypher');
    const graphOnly = await runCli([
      'export',
      'cypher',
      CLUSTER,
      '--policy',
      policy,
      '--no-analysis',
      '--snapshot-id',
      'snap-7',
      '--out',
      out,
    ]);
    expect(graphOnly.stderr).toBe('');
    expect(graphOnly.code).toBe(0);
    const cypher = await readFile(out, 'utf8');
    expect(cypher).toContain('snap-7');
    expect(cypher).toContain(PATH_ID);
    const full = await runCli([
      'export',
      'cypher',
      CLUSTER,
      '--snapshot-id',
      'snap-7',
    ]);
    expect(full.code).toBe(0);
    // The analysis adds its results (entry points, critical assets) to the nodes.
    expect(full.stdout.length).toBeGreaterThan(cypher.length);
  });
});

describe('a reader that goes away', () => {
  it.each([
    ['analyze', ['--format', 'sarif', '--max-candidates', '0']],
    ['graph', ['--format', 'json']],
    ['export', ['--no-analysis']],
  ])(
    'chokepoint %s ... with the reader gone prints no stack and keeps the exit code',
    async (command, options) => {
      const args =
        command === 'export'
          ? ['export', 'graphml', CLUSTER, ...options]
          : [command, CLUSTER, ...options];
      const result = await readerGone(args);
      expect(result.stderr).not.toMatch(/EPIPE|Error|STACK/);
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(result.code).toBe(0);
    },
  );
});
