/**
 * Vitest globalSetup of the `it` project: one real Kubernetes control plane
 * (etcd, kube-apiserver, kube-controller-manager) for the whole run, started
 * by scripts/k8s.sh (infra.md section b) and stopped in teardown. Without the
 * binaries the Kubernetes tests skip with a message saying how to build them.
 */

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

export interface K8sTarget {
  readonly kubeconfig: string;
  readonly run: string;
  readonly startMs: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    k8s: K8sTarget | { skip: string };
  }
}

const SCRIPT = fileURLToPath(
  new URL('../../../scripts/k8s.sh', import.meta.url),
);
const UNAVAILABLE = 69;

export default function setup(project: TestProject): (() => void) | undefined {
  if (process.env.CHOKEPOINT_IT_K8S === '0') {
    project.provide('k8s', {
      skip: 'CHOKEPOINT_IT_K8S=0: Kubernetes tests skipped',
    });
    return undefined;
  }
  const started = Date.now();
  const run = spawnSync('bash', [SCRIPT, 'start'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 40 * 60_000,
  });
  if (run.status !== 0) {
    const why = run.stderr.trim();
    if (run.status === UNAVAILABLE) {
      const skip = `Kubernetes integration tests skipped: ${why}`;
      console.warn(skip);
      project.provide('k8s', { skip });
      return undefined;
    }
    throw new Error(
      `scripts/k8s.sh start failed (exit ${String(run.status)}):\n${why}`,
    );
  }
  const vars = new Map<string, string>();
  for (const m of run.stdout.matchAll(/^export (\w+)=(.*)$/gm))
    vars.set(m[1] ?? '', m[2] ?? '');
  const kubeconfig = vars.get('KUBECONFIG');
  const runDir = vars.get('CHOKEPOINT_K8S_RUN');
  if (kubeconfig === undefined || runDir === undefined) {
    throw new Error(
      `scripts/k8s.sh start printed no export lines:\n${run.stdout}`,
    );
  }
  const startMs = Date.now() - started;
  console.log(
    `control plane ready in ${(startMs / 1000).toFixed(1)} s (${runDir})`,
  );
  project.provide('k8s', { kubeconfig, run: runDir, startMs });
  return () => {
    spawnSync('bash', [SCRIPT, 'stop', runDir], {
      stdio: 'inherit',
      timeout: 60_000,
    });
  };
}
