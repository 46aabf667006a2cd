/**
 * The input options every analysing command shares, run as a user runs
 * them (issue #17, points 4 and 5): `-n` as `kubectl apply -n`, and folders
 * holding Helm charts beside manifests.
 */

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL_MANIFESTS } from '../support/real-manifests.ts';
import { runCli } from '../support/run-cli.ts';

const ARGO = join(REAL_MANIFESTS, 'argo-cd/install.yaml');
const GOAT = join(REAL_MANIFESTS, 'kubernetes-goat/scenarios');
const CONTROLLER = 'ServiceAccount:argocd/argocd-application-controller';

describe('reading inputs from the command line', () => {
  it('-n puts namespace-less objects where kubectl apply -n would, and says how many', async () => {
    const placed = await runCli([
      'graph',
      '-n',
      'argocd',
      ARGO,
      '--format',
      'json',
    ]);
    expect(placed.code).toBe(0);
    expect(placed.stderr).toContain(
      'note: 50 namespaced objects without a namespace put in "argocd" (as kubectl apply -n argocd; change it with -n NAMESPACE)',
    );
    const graph = JSON.parse(placed.stdout) as {
      edges: { from: string; to: string; kind: string }[];
    };
    // The ClusterRoleBinding names the controller's ServiceAccount in argocd:
    // only with -n does the controller's pod run as that bound account.
    expect(
      graph.edges.some(
        e =>
          e.kind === 'IDENTITY_ASSUME' &&
          e.to === CONTROLLER &&
          e.from.startsWith(
            'Container:argocd/StatefulSet/argocd-application-controller@',
          ),
      ),
    ).toBe(true);

    const defaulted = await runCli(['graph', ARGO, '--format', 'json']);
    expect(defaulted.stderr).toContain(
      'note: 50 namespaced objects without a namespace put in "default"',
    );
    // Read as-is the bindings bind nothing and nothing is exposed: the
    // reader says which namespace the manifests were written for.
    expect(defaulted.stderr).toContain(
      'warning: 3 bindings name ServiceAccounts argocd-application-controller, argocd-applicationset-controller, argocd-server in namespace "argocd", but the input defines them without a namespace and they were put in "default": as read, those bindings bind nothing. Were the manifests meant for kubectl apply -n argocd? Then read them with -n argocd.',
    );
    expect(placed.stderr).not.toContain('Were the manifests meant for');
    expect(defaulted.stdout).not.toContain(
      `"from":"Container:argocd/StatefulSet/argocd-application-controller`,
    );
  });

  it('rejects a namespace the API server would refuse', async () => {
    const result = await runCli(['analyze', '-n', 'Not_A_Namespace', ARGO]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--namespace must be a valid namespace name (got "Not_A_Namespace")',
    );
  });

  it('skips the Helm chart inside a repository folder with a warning per file, and analyses the rest', async () => {
    const result = await runCli([
      'analyze',
      GOAT,
      '--format',
      'json',
      '--max-candidates',
      '1',
    ]);
    expect(result.code).toBe(0);
    const warnings = result.stderr
      .split('\n')
      .filter(
        line =>
          line.startsWith('warning: ') && line.includes('a Helm chart file'),
      );
    expect(warnings).toHaveLength(6);
    expect(result.stderr).toContain(
      'note: 6 files found in folders skipped: no Kubernetes objects in them (warnings above)',
    );
    expect(JSON.parse(result.stdout)).toHaveProperty('summary');
  });

  it('keeps a chart file named on the command line strict (exit 2)', async () => {
    const result = await runCli([
      'analyze',
      join(GOAT, 'metadata-db/values.yaml'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /values\.yaml:\d+:\d+ \(document 1\): not a Kubernetes object/,
    );
  });
});
