import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { REPO_ROOT } from '../support/paths.ts';
import { runCli } from '../support/run-cli.ts';

const DEMO = join(REPO_ROOT, 'examples/demo-cluster');

interface PathJson {
  from: string;
  to: string;
  length: number;
  steps: {
    from: string;
    to: string;
    kind: string;
    evidence: Record<string, unknown>;
  }[];
}

describe('chokepoint graph', () => {
  it('prints the contract JSON: sorted nodes with id and kind, edges with evidence', async () => {
    const result = await runCli(['graph', DEMO, '--format', 'json']);
    expect(result.code).toBe(0);
    const graph = JSON.parse(result.stdout) as {
      schemaVersion: number;
      nodes: { id: string; kind: string }[];
      edges: {
        from: string;
        to: string;
        kind: string;
        traversable: boolean;
        evidence: unknown;
      }[];
    };
    expect(graph.schemaVersion).toBe(1);
    const ids = graph.nodes.map(n => n.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toContain('Pod:web/frontend-7d9f8c6b5d-4xk2p');
    expect(ids).toContain('Internet');
    for (const edge of graph.edges) {
      expect(ids).toContain(edge.from);
      expect(ids).toContain(edge.to);
      expect(typeof edge.traversable).toBe('boolean');
      expect(edge.evidence).toBeTypeOf('object');
    }
    expect(graph.edges).toContainEqual(
      expect.objectContaining({
        from: 'Node:worker-1',
        to: 'Pod:web/frontend-7d9f8c6b5d-4xk2p',
        kind: 'POD_ATTACH',
        traversable: true,
      }),
    );
    expect(graph.edges).toContainEqual(
      expect.objectContaining({ kind: 'RUNS_ON', traversable: false }),
    );
  });

  it('summarises in text and says which defaults it assumed, and writes --out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chokepoint-graph-'));
    const result = await runCli(['graph', DEMO, '--out', join(dir, 'g.txt')]);
    expect(result.code).toBe(0);
    const text = await readFile(join(dir, 'g.txt'), 'utf8');
    expect(text).toMatch(
      /^Attack graph of demo-cluster \(v1\.31\.4\): \d+ nodes, \d+ edges/,
    );
    expect(text).toContain('the Kubernetes bootstrap policy is assumed');
  });

  it('rejects an unknown --format and a bad policy file with exit 2', async () => {
    expect((await runCli(['graph', DEMO, '--format', 'xml'])).code).toBe(2);
    const dir = await mkdtemp(join(tmpdir(), 'chokepoint-policy-'));
    const policy = join(dir, 'policy.yaml');
    await (
      await import('node:fs/promises')
    ).writeFile(policy, 'apiServer:\n  publicEndpoint: maybe\n');
    const result = await runCli(['graph', DEMO, '--policy', policy]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${policy}: policy: apiServer.publicEndpoint`,
    );
  });
});

describe('chokepoint path', () => {
  it('prints a contiguous path from the entry to the target', async () => {
    const result = await runCli([
      'path',
      DEMO,
      '--from',
      'Node:worker-1',
      '--to',
      'Container:web/frontend-7d9f8c6b5d-4xk2p/app',
      '--format',
      'json',
    ]);
    expect(result.code).toBe(0);
    const path = JSON.parse(result.stdout) as PathJson;
    expect(path).toMatchObject({
      from: 'Node:worker-1',
      to: 'Container:web/frontend-7d9f8c6b5d-4xk2p/app',
      length: 2,
    });
    expect(path.steps.map(s => s.kind)).toEqual([
      'POD_ATTACH',
      'CONTAINER_ATTACH',
    ]);
    expect(path.steps[0]?.from).toBe(path.from);
    expect(path.steps[0]?.to).toBe(path.steps[1]?.from);
    expect(path.steps.at(-1)?.to).toBe(path.to);
  });

  it('prints null when no path exists, and draws the steps in text', async () => {
    const none = await runCli([
      'path',
      DEMO,
      '--from',
      'Node:worker-1',
      '--to',
      'Internet',
      '--format',
      'json',
    ]);
    expect(none.code).toBe(0);
    expect(none.stdout.trim()).toBe('null');
    const text = await runCli([
      'path',
      DEMO,
      '--from',
      'Node:worker-1',
      '--to',
      'Container:web/frontend-7d9f8c6b5d-4xk2p/app',
    ]);
    expect(text.stdout).toContain(
      '2 steps from Node:worker-1 to Container:web/frontend-7d9f8c6b5d-4xk2p/app',
    );
    expect(text.stdout).toContain(
      '--POD_ATTACH--> Pod:web/frontend-7d9f8c6b5d-4xk2p',
    );
  });

  it('exits 2 on an unknown id and suggests close matches', async () => {
    const result = await runCli([
      'path',
      DEMO,
      '--from',
      'Pod:web/frontnd-7d9f8c6b5d-4xk2p',
      '--to',
      'Internet',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--from: no node "Pod:web/frontnd-7d9f8c6b5d-4xk2p" in the attack graph; did you mean:',
    );
    expect(result.stderr).toContain('Pod:web/frontend-7d9f8c6b5d-4xk2p');
    expect((await runCli(['path', DEMO, '--from', 'Internet'])).code).toBe(2);
  });
});

describe('chokepoint generate', () => {
  it('writes the same synthetic cluster for the same seed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chokepoint-gen-'));
    const a = await runCli([
      'generate',
      '--pods',
      '500',
      '--seed',
      '7',
      '-o',
      join(dir, 'a.json'),
    ]);
    const b = await runCli([
      'generate',
      '--pods',
      '500',
      '--seed',
      '7',
      '-o',
      join(dir, 'b.json'),
    ]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const objects = async (f: string) =>
      (
        JSON.parse(await readFile(join(dir, f), 'utf8')) as {
          objects: Record<string, unknown[]>;
        }
      ).objects;
    const first = await objects('a.json');
    expect(first).toEqual(await objects('b.json'));
    expect(first.Pod).toHaveLength(500);
    expect(
      (await runCli(['generate', '--pods', 'many', '-o', join(dir, 'c.json')]))
        .code,
    ).toBe(2);
  });
});

describe('chokepoint blast', () => {
  it('lists what the Internet reaches and who reaches the control plane', async () => {
    const forward = await runCli([
      'blast',
      DEMO,
      '--from',
      'Internet',
      '--format',
      'json',
    ]);
    expect(forward.code).toBe(0);
    const radius = JSON.parse(forward.stdout) as {
      reached: number;
      criticalAssets: { id: string; distance: number }[];
    };
    expect(radius.reached).toBeGreaterThan(0);
    expect(radius.criticalAssets.map(n => n.id)).toContain('Node:cp-1');
    const reverse = await runCli(['blast', DEMO, '--to', 'Node:cp-1']);
    expect(reverse.code).toBe(0);
    expect(reverse.stdout).toMatch(
      /^\d+ nodes have a path to Node:cp-1, \d+ of them entry points\./,
    );
    expect(reverse.stdout).toContain('Internet (');
    expect((await runCli(['blast', DEMO])).code).toBe(2);
    expect(
      (await runCli(['blast', DEMO, '--from', 'Node:nope'])).stderr,
    ).toContain('no node "Node:nope"');
  });
});

describe('chokepoint path alternatives', () => {
  it('lists distinct paths with --alternatives and the most likely one with --most-likely', async () => {
    const many = await runCli([
      'path',
      DEMO,
      '--from',
      'Internet',
      '--to',
      'Node:cp-1',
      '--alternatives',
      '3',
      '--format',
      'json',
    ]);
    expect(many.code).toBe(0);
    const paths = JSON.parse(many.stdout) as PathJson[];
    expect(paths.length).toBeGreaterThan(1);
    expect(
      new Set(paths.map(p => p.steps.map(s => `${s.from}>${s.to}`).join(',')))
        .size,
    ).toBe(paths.length);
    for (const path of paths) expect(path.steps.at(-1)?.to).toBe('Node:cp-1');
    const likely = await runCli([
      'path',
      DEMO,
      '--from',
      'Internet',
      '--to',
      'Node:cp-1',
      '--most-likely',
      '--format',
      'json',
    ]);
    expect((JSON.parse(likely.stdout) as PathJson).to).toBe('Node:cp-1');
    expect(
      (
        await runCli([
          'path',
          DEMO,
          '--from',
          'Internet',
          '--to',
          'Node:cp-1',
          '--alternatives',
          '0',
        ])
      ).code,
    ).toBe(2);
  });
});
