// The options of `chokepoint collect` against the real API server, through
// the real bin: --namespace and --cluster-name shape the snapshot, --quiet
// silences the summary, --page-size changes how many pages the same objects
// take, --qps bounds the request rate from below in time, --concurrency is
// validated, and --context picks the kubeconfig's context.
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Snapshot } from '@chokepoint/model';
import { runCli } from '../../support/run-cli.ts';
import { cluster, kubectlOk, objectKey, target } from './support.ts';

const NAMESPACES = ['opts-a', 'opts-b'];

/** `collected from S in T s: N requests, M pages` of the summary. */
function stats(stdout: string): {
  seconds: number;
  requests: number;
  pages: number;
} {
  const m =
    /collected from \S+ in ([\d.]+) s: (\d+) requests, (\d+) pages/.exec(
      stdout,
    );
  if (m === null) throw new Error(`no collection summary in:\n${stdout}`);
  return { seconds: Number(m[1]), requests: Number(m[2]), pages: Number(m[3]) };
}

const read = (file: string): Snapshot =>
  JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
const keys = (s: Snapshot) =>
  Object.values(s.objects)
    .flatMap(l => l.map(objectKey))
    .filter(k => NAMESPACES.some(ns => k.includes(`:${ns}/`)))
    .sort();

describe.skipIf(cluster === undefined)(
  'chokepoint collect options (real API server)',
  () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'chokepoint-collect-options-'));
      for (const ns of NAMESPACES) {
        await kubectlOk(['create', 'namespace', ns]);
        for (let i = 0; i < 5; i++)
          await kubectlOk([
            'create',
            'serviceaccount',
            `sa-${String(i)}`,
            '-n',
            ns,
          ]);
      }
    });
    afterAll(async () => {
      for (const ns of NAMESPACES)
        await kubectlOk(['delete', 'namespace', ns, '--wait=false']);
    });

    it('--namespace lists namespaced resources only there; --cluster-name; --quiet prints no summary', async () => {
      const out = join(dir, 'a.json');
      const result = await runCli([
        'collect',
        '--kubeconfig',
        target().kubeconfig,
        '--namespace',
        'opts-a',
        '--cluster-name',
        'opts-cluster',
        '--quiet',
        '-o',
        out,
      ]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('');
      const snapshot = read(out);
      expect(snapshot.cluster.name).toBe('opts-cluster');
      const accounts = (snapshot.objects.ServiceAccount ?? []).map(
        o => o.metadata.namespace,
      );
      expect(new Set(accounts)).toEqual(new Set(['opts-a']));
      expect(accounts.length).toBeGreaterThanOrEqual(5);
      expect(result.stderr).toContain('opts-a');
    });

    it('--page-size 2 reads the same objects in more pages than the default', async () => {
      const small = join(dir, 'small.json');
      const whole = join(dir, 'whole.json');
      const paged = await runCli([
        'collect',
        '--kubeconfig',
        target().kubeconfig,
        '--page-size',
        '2',
        '-o',
        small,
      ]);
      const once = await runCli([
        'collect',
        '--kubeconfig',
        target().kubeconfig,
        '-o',
        whole,
      ]);
      expect(paged.code).toBe(0);
      expect(once.code).toBe(0);
      expect(keys(read(small))).toEqual(keys(read(whole)));
      expect(keys(read(small)).length).toBeGreaterThanOrEqual(10);
      expect(stats(paged.stdout).pages).toBeGreaterThan(
        stats(once.stdout).pages,
      );
    });

    it('--qps bounds the request rate; --concurrency and --qps take positive integers only', async () => {
      const out = join(dir, 'slow.json');
      const result = await runCli([
        'collect',
        '--kubeconfig',
        target().kubeconfig,
        '--namespace',
        'opts-b',
        '--qps',
        '5',
        '--concurrency',
        '1',
        '-o',
        out,
      ]);
      expect(result.code).toBe(0);
      const { seconds, requests } = stats(result.stdout);
      // A token bucket of 5 per second with a burst of 1: at least (requests - 1) / 5 seconds.
      expect(requests).toBeGreaterThan(10);
      expect(seconds).toBeGreaterThanOrEqual((requests - 1) / 5 - 0.5);
      for (const [flag, value] of [
        ['--qps', '0'],
        ['--concurrency', 'two'],
        ['--page-size', '0.5'],
      ]) {
        const bad = await runCli([
          'collect',
          '--kubeconfig',
          target().kubeconfig,
          flag ?? '',
          value ?? '',
          '-o',
          out,
        ]);
        expect(bad.code, `${String(flag)} ${String(value)}`).toBe(2);
        expect(bad.stderr).toContain(
          `${String(flag)} needs a positive integer`,
        );
      }
    });

    it('--context picks a context of the kubeconfig; an unknown one exits 2', async () => {
      const config = parse(readFileSync(target().kubeconfig, 'utf8')) as {
        clusters: { name: string; cluster: Record<string, unknown> }[];
        contexts: {
          name: string;
          context: { cluster: string; user: string };
        }[];
        'current-context': string;
      };
      const good = config.contexts[0];
      if (good === undefined) throw new Error('no context in the kubeconfig');
      const broken = {
        ...config,
        clusters: [
          ...config.clusters,
          {
            name: 'nowhere',
            cluster: {
              server: 'https://127.0.0.1:1',
              'insecure-skip-tls-verify': true,
            },
          },
        ],
        contexts: [
          ...config.contexts,
          {
            name: 'broken',
            context: { cluster: 'nowhere', user: good.context.user },
          },
        ],
        'current-context': 'broken',
      };
      const file = join(dir, 'two-contexts.kubeconfig');
      writeFileSync(file, stringify(broken));
      const fallsOver = await runCli([
        'collect',
        '--kubeconfig',
        file,
        '-o',
        join(dir, 'x.json'),
      ]);
      expect(fallsOver.code).toBe(3);
      const picked = await runCli([
        'collect',
        '--kubeconfig',
        file,
        '--context',
        good.name,
        '--quiet',
        '-o',
        join(dir, 'ctx.json'),
      ]);
      expect(picked.code).toBe(0);
      expect(
        read(join(dir, 'ctx.json')).objects.Namespace?.length ?? 0,
      ).toBeGreaterThan(3);
      const unknown = await runCli([
        'collect',
        '--kubeconfig',
        file,
        '--context',
        'nope',
        '-o',
        join(dir, 'y.json'),
      ]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('nope');
    });
  },
);
