// `kubectl chokepoint ...` through the real kubectl binary against the real
// API server: kubectl finds the repository's `kubectl-chokepoint` bin on
// PATH and hands it every argument; the plugin honours kubectl's
// --kubeconfig, --context and -n/--namespace (and KUBECONFIG, as kubectl
// does), reads the live cluster when a command is given no INPUT, and shows
// its help without touching any cluster.
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Snapshot } from '@chokepoint/model';
import type { Exec } from './support.ts';
import {
  cluster,
  kubectl,
  kubectlOk,
  record,
  REPO,
  target,
} from './support.ts';

const MANIFESTS = `
apiVersion: v1
kind: Namespace
metadata: {name: plug-a}
---
apiVersion: v1
kind: Namespace
metadata: {name: plug-b}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: deployer, namespace: plug-a}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: plug-deployer-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: deployer, namespace: plug-a}]
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: plug-a}
spec:
  serviceAccountName: deployer
  containers: [{name: app, image: registry.k8s.io/pause:3.10}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: other, namespace: plug-b}
`;

let pluginDir: string;

/** The real kubectl, with the plugin on PATH and no KUBECONFIG unless given. */
function kubectlPlugin(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<Exec> {
  return kubectl(['chokepoint', ...args], {
    kubeconfig: '',
    timeoutMs: 240_000,
    env: {
      CHOKEPOINT_DEBUG: '',
      ...env,
      PATH: `${pluginDir}:${process.env.PATH ?? ''}`,
    },
  });
}

const ids = (items: readonly { id: string }[]) => items.map(i => i.id);

describe.skipIf(cluster === undefined)(
  'kubectl chokepoint (real kubectl, real API server)',
  () => {
    let twoContexts: string;
    let realContext: string;

    beforeAll(async () => {
      pluginDir = mkdtempSync(join(tmpdir(), 'chokepoint-kubectl-plugin-'));
      // As npm installs a bin: a link named after the plugin.
      symlinkSync(
        join(REPO, 'apps/cli/bin/kubectl-chokepoint.js'),
        join(pluginDir, 'kubectl-chokepoint'),
      );
      await kubectlOk(['apply', '-f', '-'], { input: MANIFESTS });
      // A kubeconfig whose current context points at no cluster: only
      // --context reaches the real one.
      const config = record(parse(readFileSync(target().kubeconfig, 'utf8')));
      realContext = String(config['current-context']);
      const contexts = config.contexts as { context: { user: string } }[];
      const user = contexts[0]?.context.user ?? '';
      twoContexts = join(pluginDir, 'two-contexts.kubeconfig');
      writeFileSync(
        twoContexts,
        stringify({
          ...config,
          clusters: [
            ...(config.clusters as unknown[]),
            { name: 'nowhere', cluster: { server: 'https://127.0.0.1:1' } },
          ],
          contexts: [
            ...contexts,
            { name: 'nowhere', context: { cluster: 'nowhere', user } },
          ],
          'current-context': 'nowhere',
        }),
      );
    });
    afterAll(async () => {
      await kubectlOk([
        'delete',
        'namespace',
        'plug-a',
        'plug-b',
        '--wait=false',
      ]);
      await kubectlOk(['delete', 'clusterrolebinding', 'plug-deployer-admin']);
    });

    it('analyses the cluster --context names, only in the namespace -n names', async () => {
      const result = await kubectlPlugin([
        '--kubeconfig',
        twoContexts,
        '--context',
        realContext,
        '-n',
        'plug-a',
        '--format',
        'json',
      ]);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.code).toBe(0);
      const analysis = JSON.parse(result.stdout) as {
        entryPoints: string[];
        summary: { exposedEntryPoints: number };
        paths: { from: string; steps: { to: string }[] }[];
        findings: { objects: string[] }[];
      };
      // The pod's container holds cluster-admin through its service account.
      expect(analysis.entryPoints).toContain('Container:plug-a/web/app');
      expect(analysis.summary.exposedEntryPoints).toBe(1);
      expect(analysis.paths.map(p => p.from)).toEqual([
        'Container:plug-a/web/app',
      ]);
      expect(analysis.paths[0]?.steps.at(-1)?.to).toBe(
        'ServiceAccount:plug-a/deployer',
      );
      expect(analysis.findings.flatMap(f => f.objects)).toContain(
        'ClusterRoleBinding:plug-deployer-admin',
      );
      expect(analysis.entryPoints.filter(e => e.includes(':plug-b/'))).toEqual(
        [],
      );
    });

    it("without --context uses the kubeconfig's current context: unreachable, exit 3 with what to check", async () => {
      const result = await kubectlPlugin(['--kubeconfig', twoContexts]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('cannot reach the API server');
      expect(result.stderr).toContain('https://127.0.0.1:1');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });

    it('reads KUBECONFIG as kubectl does; --namespace for graph', async () => {
      const result = await kubectlPlugin(
        ['graph', '--namespace', 'plug-b', '--format', 'json'],
        { KUBECONFIG: target().kubeconfig },
      );
      expect(result.code).toBe(0);
      const graph = JSON.parse(result.stdout) as { nodes: { id: string }[] };
      expect(ids(graph.nodes)).toContain('ServiceAccount:plug-b/other');
      // plug-a's pod is not read (its service account is still a node: the
      // cluster-wide binding names it).
      expect(ids(graph.nodes)).not.toContain('Pod:plug-a/web');
    });

    it('collect takes the flags; files given as INPUT are read instead of the cluster', async () => {
      const out = join(pluginDir, 'plug-a.snapshot.json');
      const collected = await kubectlPlugin([
        'collect',
        '--kubeconfig',
        target().kubeconfig,
        '-n',
        'plug-a',
        '--quiet',
        '-o',
        out,
      ]);
      expect(collected.code).toBe(0);
      const snapshot = JSON.parse(readFileSync(out, 'utf8')) as Snapshot;
      expect(
        new Set(
          (snapshot.objects.ServiceAccount ?? []).map(
            o => o.metadata.namespace,
          ),
        ),
      ).toEqual(new Set(['plug-a']));
      // With an INPUT, the unreachable current context is never asked.
      const offline = await kubectlPlugin([
        'analyze',
        out,
        '--kubeconfig',
        twoContexts,
        '--format',
        'json',
      ]);
      expect(offline.code).toBe(0);
      const analysis = JSON.parse(offline.stdout) as {
        entryPoints: string[];
      };
      expect(analysis.entryPoints).toContain('Container:plug-a/web/app');
    });

    it('shows its help without reading any cluster', async () => {
      const help = await kubectlPlugin(['--help', '--kubeconfig', twoContexts]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Usage: chokepoint COMMAND');
    });
  },
);
