// Fixes checked the way a user applies them, against the real API server:
// every candidate fix of the demo cluster (all kinds the engine offers) is
// run as its `--format patches` step script with DRY_RUN=server and must
// not be refused; then the remediation plan's scripts are applied one by
// one with kubectl, the cluster is collected again after each step, and the
// exposure found is the one the analysis claimed for that step. The plan is
// made from a snapshot file written by `chokepoint collect`, which keeps only
// what the analysis reads: the patches must still leave every other field of
// the live objects (a container's args, env values) as it was.
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '@chokepoint/collector';
import { objectId } from '@chokepoint/model';
import type { KubeObject, Snapshot } from '@chokepoint/model';
import { stepFiles } from '../../../apps/cli/src/output/patches.ts';
import { runCli } from '../../support/run-cli.ts';
// The test package does not depend on the engine; it is plain TypeScript.
import {
  analyze,
  buildGraph,
  whatIf,
} from '../../../packages/engine/src/index.ts';
import { candidatesForEdge } from '../../../packages/engine/src/chokepoints/candidates.ts';
import { objectById } from '../../../packages/engine/src/chokepoints/impact/object-ref.ts';
import { BUILT_IN_READABLE } from '../../../packages/engine/src/chokepoints/kinds/api-resources.ts';
import { CLUSTER_SCOPED } from '../../../packages/engine/src/rbac/cluster-scoped.ts';
import { applyDocs, deleteDocs, resourceOf } from './apply.ts';
import { applyOwned } from './owned-pods.ts';
import { CONFORMANCE } from '../../support/paths.ts';
import {
  REAL_COMPONENTS,
  componentInputs,
  readComponent,
} from '../../support/real-manifests.ts';
import type { RealComponent } from '../../support/real-manifests.ts';
import {
  Api,
  REPO,
  cluster,
  docsOf,
  kubectl,
  kubectlOk,
  record,
  target,
} from './support.ts';
import type { Doc } from './support.ts';

const DEMO = join(REPO, 'examples/demo-cluster');

function demoDocs(): Doc[] {
  return readdirSync(DEMO)
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .flatMap(f => docsOf(readFileSync(join(DEMO, f), 'utf8')));
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function bash(script: string, env: Record<string, string>): Promise<Run> {
  return new Promise(resolve => {
    execFile(
      'bash',
      [script],
      {
        env: { ...process.env, KUBECONFIG: target().kubeconfig, ...env },
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

async function collectLive(): Promise<Snapshot> {
  const { snapshot } = await collect({
    kubeconfig: target().kubeconfig,
    tool: 'chokepoint it',
    now: () => new Date(),
  });
  return snapshot;
}

/** Runs every candidate fix of the live cluster as its step script with DRY_RUN=server. */
async function dryRunEveryFix(
  dir: string,
  name: string,
  only: (target: string) => boolean = () => true,
  input?: Snapshot,
): Promise<{ fixes: number; kinds: string[]; ids: string[] }> {
  const build = buildGraph(input ?? (await collectLive()));
  const fixes = new Map<string, ReturnType<typeof candidatesForEdge>[number]>();
  build.graph.forEachEdge((_key, attributes, from, to) => {
    for (const fix of candidatesForEdge(
      { index: build.index, rbac: build.rbac },
      { kind: attributes.kind, from, to, evidence: attributes.evidence },
    ))
      if (only(fix.target)) fixes.set(fix.id, fix);
  });
  const kinds = new Set<string>();
  const refused: { id: string; target: string; stderr: string }[] = [];
  let n = 0;
  for (const fix of fixes.values()) {
    const stepDir = join(dir, `${name}-${String(++n)}`);
    await mkdir(stepDir);
    const files = stepFiles(fix, { number: 1, of: 1, exposedAfter: 0 }, id =>
      objectById(build.index, id),
    );
    for (const file of files)
      writeFileSync(join(stepDir, file.name), file.content);
    const script = files.find(f => f.name.endsWith('.sh'))?.name ?? '';
    const run = await bash(join(stepDir, script), {
      DRY_RUN: 'server',
      ALLOW_BREAKS: '1',
    });
    const kindOf = (id: string) => id.slice(0, id.indexOf(':'));
    kinds.add(
      [
        ...(fix.also ?? []).map(p => `${p.action} ${kindOf(p.target)}`),
        `${fix.action} ${kindOf(fix.target)}`,
      ].join(' + '),
    );
    if (run.code !== 0 || /^error/im.test(run.stderr))
      refused.push({
        id: fix.id,
        target: fix.target,
        stderr: run.stderr.trim(),
      });
  }
  // Other it files share this API server and delete their own objects while
  // we run: a NotFound for an object the collection saw and the cluster no
  // longer holds is theirs going away, not a refused fix. Stand-ins and
  // objects that never existed were never collected, so they still count.
  const now =
    refused.length === 0 ? undefined : buildGraph(await collectLive());
  const vanished = refused.filter(
    r =>
      r.stderr.includes('NotFound') &&
      objectById(build.index, r.target) !== undefined &&
      now !== undefined &&
      objectById(now.index, r.target) === undefined,
  );
  console.log(
    `dry-run (${name}): ${String(fixes.size)} candidate fixes (${[...kinds].sort().join(', ')})` +
      (vanished.length === 0
        ? ''
        : `; ${String(vanished.length)} not tried: their objects were deleted meanwhile by another test`),
  );
  expect(
    refused.filter(r => !vanished.includes(r)).map(r => `${r.id}: ${r.stderr}`),
  ).toEqual([]);
  return {
    fixes: fixes.size,
    kinds: [...kinds].sort(),
    ids: [...fixes.keys()],
  };
}

describe.skipIf(cluster === undefined)(
  'fixes as a user applies them (real API server)',
  () => {
    let api: Api;
    let dir: string;
    const docs = demoDocs();
    beforeAll(async () => {
      api = new Api();
      dir = await mkdtemp(join(tmpdir(), 'chokepoint-it-fixes-'));
      expect(await applyOwned(api, docs)).toEqual([]);
    });
    afterAll(async () => {
      await deleteDocs(api, docs);
      api.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('no candidate fix of any kind is refused by server-side dry-run: the demo cluster', async () => {
      const { fixes, kinds } = await dryRunEveryFix(dir, 'demo');
      expect(fixes).toBeGreaterThan(50);
      expect(kinds).toEqual(
        expect.arrayContaining([
          'delete ClusterRoleBinding',
          'delete RoleBinding',
          'create RoleBinding + delete ClusterRoleBinding',
          'patch ClusterRole',
          'patch DaemonSet',
          'patch Namespace',
          'patch Pod',
          'patch RoleBinding',
          'patch Service',
          'patch ServiceAccount',
          'patch StatefulSet',
        ]),
      );
    });

    it('the dry run refuses what the API server refuses (a privileged container told not to escalate)', async () => {
      const stepDir = join(dir, 'refused');
      await mkdir(stepDir);
      const files = stepFiles(
        {
          id: 'patch:DaemonSet:kube-system/kube-proxy#bad',
          action: 'patch',
          target: 'DaemonSet:kube-system/kube-proxy',
          description: 'an inadmissible patch',
          patch: {
            spec: {
              template: {
                spec: {
                  containers: [
                    {
                      name: 'kube-proxy',
                      image: 'registry.k8s.io/kube-proxy:v1.31.4',
                      securityContext: {
                        privileged: true,
                        allowPrivilegeEscalation: false,
                      },
                    },
                  ],
                },
              },
            },
          },
        },
        { number: 1, of: 1, exposedAfter: 0 },
        () => undefined,
      );
      for (const file of files)
        writeFileSync(join(stepDir, file.name), file.content);
      const run = await bash(
        join(stepDir, '01-patch-daemonset-kube-system-kube-proxy.sh'),
        {
          DRY_RUN: 'server',
        },
      );
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(
        /cannot set `allowPrivilegeEscalation` to false and `privileged` to true/,
      );
    });

    it('applying the plan step by step with kubectl gives the exposure the analysis claimed', async () => {
      const snapshotFile = join(dir, 'before.snapshot.json');
      const collected = await runCli([
        'collect',
        '--kubeconfig',
        target().kubeconfig,
        '-o',
        snapshotFile,
      ]);
      expect(collected.code, collected.stderr).toBe(0);
      const json = await runCli(['analyze', snapshotFile, '--format', 'json']);
      expect(json.stderr).not.toMatch(/error/i);
      const result = JSON.parse(json.stdout) as {
        summary: { exposedEntryPoints: number };
        plan: { steps: { fix: { id: string }; exposedAfter: number }[] };
      };
      expect(result.plan.steps.length).toBeGreaterThan(2);
      const out = join(dir, 'plan');
      const patches = await runCli([
        'analyze',
        snapshotFile,
        '--format',
        'patches',
        '--out',
        out,
      ]);
      expect(patches.code).toBe(0);
      const scripts = readdirSync(out)
        .filter(f => /^\d\d-.*\.sh$/.test(f))
        .sort();
      expect(scripts.length).toBe(result.plan.steps.length);
      const seen: number[] = [];
      for (const [i, script] of scripts.entries()) {
        const run = await bash(join(out, script), {
          ALLOW_BREAKS: '1',
          // No kubelet confirms pod deletion in the harness.
          GRACE_PERIOD: '0',
        });
        expect(run.code, `${script}: ${run.stderr}`).toBe(0);
        if (run.stderr.includes('manual step'))
          await kubeletRecreates(api, out, script);
        const after = analyze(await collectLive(), { maxCandidates: 0 }).result;
        seen.push(after.summary.exposedEntryPoints);
        expect(
          after.summary.exposedEntryPoints,
          `after ${script} (${result.plan.steps[i]?.fix.id ?? ''})`,
        ).toBe(result.plan.steps[i]?.exposedAfter);
      }
      console.log(
        `plan applied: ${String(result.summary.exposedEntryPoints)} exposed, then ${seen.join(', ')}`,
      );
      // What the snapshot file left out is still on the live objects.
      const kept = await keptFields(docs);
      expect(kept.checked).toBeGreaterThan(0);
      expect(kept.lost).toEqual([]);
    });
  },
);

/**
 * A static pod's step is a manual edit of its manifest on the node; the
 * kubelet then replaces the mirror pod. Done here as the kubelet would.
 */
async function kubeletRecreates(
  api: Api,
  out: string,
  script: string,
): Promise<void> {
  const file = join(out, script.replace(/\.sh$/, '.yaml'));
  const header =
    /^# .* patch of Pod:(\S+) \(kubectl patch --type (\w+)\)/m.exec(
      readFileSync(file, 'utf8'),
    );
  const [namespace = '', name = ''] = (header?.[1] ?? '').split('/');
  const path = `/api/v1/namespaces/${namespace}/pods/${name}`;
  const current = (await api.request('GET', path)).body as KubeObject;
  const patched = await kubectlOk(
    [
      'patch',
      '--local',
      '-f',
      '-',
      '--type',
      header?.[2] ?? 'strategic',
      '--patch-file',
      file,
      '-o',
      'json',
    ],
    { input: JSON.stringify(current) },
  );
  const next = JSON.parse(patched) as KubeObject;
  const {
    resourceVersion: _version,
    uid: _uid,
    ...metadata
  } = next.metadata as Record<string, unknown>;
  await api.request('DELETE', `${path}?gracePeriodSeconds=0`);
  const { status: _status, ...object } = next;
  const created = await api.request(
    'POST',
    `/api/v1/namespaces/${namespace}/pods`,
    { ...object, metadata },
  );
  expect(created.status, JSON.stringify(created.body)).toBeLessThan(300);
}

/** A container's fields no snapshot keeps, as the manifests set them. */
const UNKEPT = ['args', 'command'] as const;

/**
 * Every container of the demo's controllers that sets a field a snapshot
 * file leaves out still has it, unchanged, on the live object.
 */
async function keptFields(
  docs: readonly Doc[],
): Promise<{ checked: number; lost: string[] }> {
  let checked = 0;
  const lost: string[] = [];
  for (const doc of docs) {
    const template = record(record(record(doc.spec).template).spec);
    const containers = (template.containers ?? []) as Record<string, unknown>[];
    const wanted = containers.filter(c => UNKEPT.some(f => f in c));
    if (wanted.length === 0) continue;
    const meta = record(doc.metadata);
    const live = await kubectl([
      'get',
      String(doc.kind).toLowerCase(),
      String(meta.name),
      '-n',
      String(meta.namespace),
      '-o',
      'json',
    ]);
    if (live.code !== 0) continue; // deleted by a step
    const liveContainers = (record(
      record(record(record(JSON.parse(live.stdout)).spec).template).spec,
    ).containers ?? []) as Record<string, unknown>[];
    for (const container of wanted) {
      const now = liveContainers.find(c => c.name === container.name);
      for (const field of UNKEPT) {
        if (!(field in container)) continue;
        checked++;
        if (JSON.stringify(now?.[field]) !== JSON.stringify(container[field]))
          lost.push(
            `${String(doc.kind)} ${String(meta.name)}/${String(container.name)}.${field}`,
          );
      }
    }
  }
  return { checked, lost };
}

describe.skipIf(cluster === undefined)(
  'Bad Pods fixes (real API server)',
  () => {
    let api: Api;
    let dir: string;
    const docs: Doc[] = [
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'worker-1', labels: { 'kubernetes.io/os': 'linux' } },
      },
      ...readdirSync(join(CONFORMANCE, 'badpods'))
        .filter(f => f.endsWith('.yaml'))
        .sort()
        .flatMap(f =>
          docsOf(readFileSync(join(CONFORMANCE, 'badpods', f), 'utf8')),
        )
        .map(d => ({
          ...d,
          spec: { ...record(d.spec), nodeName: 'worker-1' },
        })),
    ];
    beforeAll(async () => {
      api = new Api();
      dir = await mkdtemp(join(tmpdir(), 'chokepoint-it-badpods-'));
      expect(await applyOwned(api, docs)).toEqual([]);
    });
    afterAll(async () => {
      await deleteDocs(api, docs);
      api.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('no candidate fix of a Bad Pod is refused by server-side dry-run', async () => {
      const { fixes, kinds } = await dryRunEveryFix(dir, 'badpods');
      expect(fixes).toBeGreaterThan(10);
      expect(kinds).toContain('patch Pod');
    });
  },
);

/**
 * A component's install documents as its users apply them: every YAML file
 * of its inputs (a folder's files recursively, leaving out Helm charts as
 * the collector does), namespaced objects without a namespace put in the
 * one its users give `kubectl apply -n`, and the namespaces they name.
 */
function componentDocs(component: RealComponent): Doc[] {
  const files = (path: string): string[] => {
    if (!statSync(path).isDirectory())
      return /\.ya?ml$/.test(path) ? [path] : [];
    const entries = readdirSync(path).sort();
    if (entries.includes('Chart.yaml')) return [];
    return entries.flatMap(entry => files(join(path, entry)));
  };
  const docs = componentInputs(component)
    .flatMap(files)
    .flatMap(file => docsOf(readFileSync(file, 'utf8')))
    .map(doc => {
      const meta = record(doc.metadata);
      if (resourceOf(doc)?.namespaced !== true || meta.namespace !== undefined)
        return doc;
      return {
        ...doc,
        metadata: { ...meta, namespace: component.namespace ?? 'default' },
      };
    });
  const declared = new Set(
    docs.filter(d => d.kind === 'Namespace').map(d => record(d.metadata).name),
  );
  const named = new Set(
    docs.flatMap(d => {
      const namespace = record(d.metadata).namespace;
      return typeof namespace === 'string' && !declared.has(namespace)
        ? [namespace]
        : [];
    }),
  );
  return [
    ...[...named].map(name => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    })),
    ...docs,
  ];
}

/**
 * Kinds the harness cannot serve as a cluster would: no aggregated API
 * server runs in it, and an APIService with no backend breaks discovery; a
 * ValidatingAdmissionPolicy would refuse what its binding matches.
 */
const NO_BACKEND = new Set(['ValidatingAdmissionPolicy', 'APIService']);

/**
 * No webhook server runs in the harness either: a webhook configuration
 * with `failurePolicy: Fail` would refuse every request it matches, dry
 * runs included, for want of a server. Applied with `failurePolicy:
 * Ignore`, the API server stores it as it is otherwise (the fixes that
 * patch it, cert-manager's CA annotation, are checked on it) and an
 * unreachable webhook refuses nothing.
 */
function servedWithoutBackend(doc: Doc): Doc {
  if (
    doc.kind !== 'ValidatingWebhookConfiguration' &&
    doc.kind !== 'MutatingWebhookConfiguration'
  )
    return doc;
  return {
    ...doc,
    webhooks: (Array.isArray(doc.webhooks) ? doc.webhooks : []).map(
      (hook: unknown) => ({ ...record(hook), failurePolicy: 'Ignore' }),
    ),
  };
}

/** The built-in resources discovery lists with FILTER (custom resources left out). */
async function builtInServed(
  filter: string,
): Promise<{ group: string; resource: string }[]> {
  const listed = await kubectl([
    'api-resources',
    filter,
    '--no-headers',
    '-o',
    'name',
  ]);
  expect(listed.code, listed.stderr).toBe(0);
  const crds = await kubectl([
    'get',
    'customresourcedefinitions',
    '-o',
    'jsonpath={.items[*].spec.group}',
  ]);
  const custom = new Set(crds.stdout.split(/\s+/).filter(Boolean));
  return listed.stdout
    .split('\n')
    .filter(Boolean)
    .map(name => {
      const dot = name.indexOf('.');
      return dot === -1
        ? { group: '', resource: name }
        : { group: name.slice(dot + 1), resource: name.slice(0, dot) };
    })
    .filter(({ group }) => !custom.has(group));
}

describe.skipIf(cluster === undefined)(
  'fixes of the real install manifests (real API server)',
  () => {
    let api: Api;
    let dir: string;
    beforeAll(async () => {
      api = new Api();
      dir = await mkdtemp(join(tmpdir(), 'chokepoint-it-corpus-'));
    });
    afterAll(async () => {
      api.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('the built-in resources a wildcard read is written out as are those the API server serves for reading', async () => {
      // kinds/api-resources.ts against discovery: the written-out rule
      // (gatekeeper without Secrets) must keep every built-in kind.
      const served = new Map<string, string[]>();
      for (const { group, resource } of await builtInServed('--verbs=list'))
        served.set(group, [...(served.get(group) ?? []), resource].sort());
      expect(
        Object.fromEntries([...served].sort(([a], [b]) => a.localeCompare(b))),
      ).toEqual(
        Object.fromEntries(
          Object.entries(BUILT_IN_READABLE)
            .map(([g, r]) => [g, [...r].sort()] as const)
            .sort(([a], [b]) => a.localeCompare(b)),
        ),
      );
    });

    it('every cluster-scoped built-in resource the API server serves is one a RoleBinding never grants', async () => {
      // rbac/cluster-scoped.ts against discovery: F-RBAC-INERT and the
      // RoleBindings a ClusterRoleBinding is turned into read it.
      const missing = (await builtInServed('--namespaced=false'))
        .map(({ resource }) => resource)
        .filter(resource => resource !== 'namespaces')
        .filter(resource => !CLUSTER_SCOPED.has(resource));
      expect(missing).toEqual([]);
    });

    const kinds = new Set<string>();
    const ids = new Set<string>();
    for (const component of REAL_COMPONENTS) {
      it(`no candidate fix of ${component.name}'s own objects is refused by server-side dry-run`, async () => {
        const docs = componentDocs(component)
          .filter(d => !NO_BACKEND.has(String(d.kind)))
          .map(servedWithoutBackend);
        const refused = await applyDocs(api, docs);
        // Only custom resources (no kind the collector reads) may be left out.
        expect(refused.filter(r => r.message !== 'kind not served')).toEqual(
          [],
        );
        const own = new Set(
          docs.map(d => {
            const meta = record(d.metadata);
            return objectId(
              String(d.kind),
              String(meta.name),
              typeof meta.namespace === 'string' ? meta.namespace : undefined,
            );
          }),
        );
        try {
          const run = await dryRunEveryFix(dir, component.name, id =>
            own.has(id),
          );
          for (const kind of run.kinds) kinds.add(kind);
          for (const id of run.ids) ids.add(id);
          // The manifests name namespaces they do not hold: the label fixes
          // of those, made from the manifests as a user makes them, apply to
          // the namespace the cluster has.
          const offline = await readComponent(component);
          const held = new Set(
            (offline.objects.Namespace ?? []).map(n => n.metadata.name),
          );
          await dryRunEveryFix(
            dir,
            `${component.name}-manifests`,
            id =>
              id.startsWith('Namespace:') &&
              !held.has(id.slice('Namespace:'.length)),
            offline,
          );
        } finally {
          await deleteDocs(api, docs);
        }
      }, 600_000);
    }

    it('covers every kind of fix the corpus offers', () => {
      console.log(`dry-run (corpus): ${[...kinds].sort().join(', ')}`);
      // The kinds that are the corpus's top fixes, by their ids: the token
      // mounted only where it is used (argo-cd, longhorn) and the
      // controller scoped to its namespace (ingress-nginx).
      expect(
        [...ids].filter(id => /#token-only-in-|#to-rolebindings$/.test(id)),
      ).toEqual(
        expect.arrayContaining([
          'patch:Deployment:argocd/argocd-redis#token-only-in-secret-init',
          'patch:DaemonSet:longhorn-system/longhorn-manager#token-only-in-longhorn-manager',
          'delete:ClusterRoleBinding:ingress-nginx#to-rolebindings',
        ]),
      );
      // gatekeeper's `*` read written out without Secrets.
      expect([...ids]).toContain(
        'patch:ClusterRole:gatekeeper-manager-role#rules[1]-resource-secrets',
      );
      // cert-manager's webhook CA Secret moved to a namespace of its own.
      expect([...ids]).toContain(
        'delete:RoleBinding:cert-manager/cert-manager-webhook:dynamic-serving#secret-in-namespace-cert-manager-webhook-ca',
      );
      expect([...kinds]).toEqual(
        expect.arrayContaining([
          'create RoleBinding + delete ClusterRoleBinding',
          // cert-manager's webhook CA Secret in a namespace of its own.
          'create Namespace + create Role + create RoleBinding + patch Deployment + patch MutatingWebhookConfiguration + patch ValidatingWebhookConfiguration + delete Role + delete RoleBinding',
          // ingress-nginx scoped to its namespace (--watch-namespace).
          'patch Deployment + create ClusterRole + create ClusterRoleBinding + create RoleBinding + delete ClusterRoleBinding',
          'delete ClusterRoleBinding',
          'delete Job',
          'patch ClusterRole',
          'patch DaemonSet',
          'patch Deployment',
          'patch Namespace',
          'patch Role',
          'patch ServiceAccount',
        ]),
      );
    });
  },
);

/**
 * One namespace of a live cluster: a ServiceAccount bound to cluster-admin,
 * run by a Deployment's pod (owned through its ReplicaSet) and by a bare
 * pod. The API server's ServiceAccount admission writes the token volume
 * (`kube-api-access-*`) into both pods as they are created.
 */
function liveTokenDocs(namespace: string): Doc[] {
  const spec = {
    serviceAccountName: 'deployer',
    containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }],
  };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'deployer', namespace },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `${namespace}-deployer-admin` },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'cluster-admin',
      },
      subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace }],
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace },
      spec: {
        selector: { matchLabels: { app: 'api' } },
        template: { metadata: { labels: { app: 'api' } }, spec },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'api-5d9c7b8f4-abcde',
        namespace,
        labels: { app: 'api' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: 'api-5d9c7b8f4',
            controller: true,
          },
        ],
      },
      spec,
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace },
      spec,
    },
  ];
}

/** The pod the ReplicaSet controller (not run by the harness) makes from the Deployment's template now. */
async function recreateAsReplicaSet(
  api: Api,
  namespace: string,
): Promise<KubeObject> {
  const deployment = (
    await api.request(
      'GET',
      `/apis/apps/v1/namespaces/${namespace}/deployments/api`,
    )
  ).body as { spec: { template: { metadata: unknown; spec: unknown } } };
  const owner = (
    await api.request(
      'GET',
      `/apis/apps/v1/namespaces/${namespace}/replicasets/api-5d9c7b8f4`,
    )
  ).body as KubeObject;
  const created = await api.request(
    'POST',
    `/api/v1/namespaces/${namespace}/pods`,
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        ...record(deployment.spec.template.metadata),
        generateName: 'api-5d9c7b8f4-',
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: 'api-5d9c7b8f4',
            uid: owner.metadata.uid,
            controller: true,
          },
        ],
      },
      spec: deployment.spec.template.spec,
    },
  );
  expect(created.status, JSON.stringify(created.body)).toBeLessThan(300);
  return created.body as KubeObject;
}

const tokenVolumes = (pod: KubeObject): string[] =>
  ((record(pod.spec).volumes ?? []) as { name: string }[])
    .map(v => v.name)
    .filter(name => name.startsWith('kube-api-access-'));

describe.skipIf(cluster === undefined)(
  'automountServiceAccountToken fixes on a live cluster (real API server and its admission)',
  () => {
    let api: Api;
    let dir: string;
    const cases = [
      [
        'live-token-sa',
        'patch:ServiceAccount:live-token-sa/deployer#automountServiceAccountToken',
      ],
      [
        'live-token-tpl',
        'patch:Deployment:live-token-tpl/api#spec.template.spec.automountServiceAccountToken',
      ],
      [
        'live-token-pod',
        'patch:Pod:live-token-pod/web#spec.automountServiceAccountToken',
      ],
    ] as const;
    const docs = cases.flatMap(([namespace]) => liveTokenDocs(namespace));
    beforeAll(async () => {
      api = new Api();
      dir = await mkdtemp(join(tmpdir(), 'chokepoint-it-live-token-'));
      expect(await applyOwned(api, docs)).toEqual([]);
    });
    afterAll(async () => {
      await deleteDocs(api, docs);
      api.close();
      await rm(dir, { recursive: true, force: true });
    });

    const collectNamespace = async (namespace: string): Promise<Snapshot> =>
      (
        await collect({
          kubeconfig: target().kubeconfig,
          namespaces: [namespace],
          tool: 'chokepoint it',
          now: () => new Date(),
        })
      ).snapshot;
    const containersOf = (namespace: string, ids: Iterable<string>) =>
      [...ids].filter(id => id.startsWith(`Container:${namespace}/`)).sort();

    for (const [namespace, fixId] of cases) {
      it(`${fixId.slice(0, fixId.indexOf('#'))}: applied with kubectl, the pods re-created without the token give the exposure measured`, async () => {
        const before = analyze(await collectNamespace(namespace));
        const pods = before.build.index.snapshot.objects.Pod ?? [];
        // Admission gave every pod the token volume.
        expect(pods.map(tokenVolumes).every(v => v.length === 1)).toBe(true);
        const exposed = containersOf(
          namespace,
          before.result.paths.map(p => p.from),
        );
        expect(exposed).toEqual([
          `Container:${namespace}/api-5d9c7b8f4-abcde/app`,
          `Container:${namespace}/web/app`,
        ]);
        const chokepoint = before.result.chokepoints.find(
          c => c.fix.id === fixId,
        );
        expect(
          chokepoint?.entriesCut,
          before.result.chokepoints.map(c => c.fix.id).join('\n'),
        ).toBe(1);
        const claimed = containersOf(
          namespace,
          whatIf(before, [fixId]).exposed,
        );
        const fix = chokepoint?.fix;
        if (fix === undefined) return;

        const stepDir = join(dir, namespace);
        await mkdir(stepDir);
        const files = stepFiles(
          fix,
          { number: 1, of: 1, exposedAfter: chokepoint?.exposedAfter ?? 0 },
          id => objectById(before.build.index, id),
        );
        for (const file of files)
          writeFileSync(join(stepDir, file.name), file.content);
        const script = files.find(f => f.name.endsWith('.sh'))?.name ?? '';
        const run = await bash(join(stepDir, script), {
          ALLOW_BREAKS: '1',
          GRACE_PERIOD: '0',
        });
        expect(run.code, run.stderr).toBe(0);
        // The ReplicaSet controller makes the pods the step deleted again.
        for (const _pod of fix.replaces ?? []) {
          const made = await recreateAsReplicaSet(api, namespace);
          expect(tokenVolumes(made)).toEqual([]);
        }

        const after = analyze(await collectNamespace(namespace), {
          maxCandidates: 0,
        });
        // The bare pod, re-created by its step, was not given the token again.
        if (fix.target.startsWith('Pod:'))
          for (const pod of after.build.index.snapshot.objects.Pod ?? [])
            if (pod.metadata.name === 'web')
              expect(tokenVolumes(pod)).toEqual([]);
        const seen = containersOf(
          namespace,
          after.result.paths.map(p => p.from),
        );
        console.log(
          `live token (${namespace}): exposed ${exposed.join(', ')}; after ${fix.id}: ${seen.join(', ') || 'none'} (claimed ${claimed.join(', ') || 'none'})`,
        );
        expect(seen).toEqual(claimed);
        expect(seen.length).toBe(1);
      }, 300_000);
    }
  },
);

/** A ClusterRole that may request any ServiceAccount's token, and `more`. */
function tokenRequester(name: string, more: readonly Doc[] = []): Doc {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name },
    rules: [
      {
        apiGroups: [''],
        resources: ['serviceaccounts/token'],
        verbs: ['create'],
      },
      ...more,
    ],
  };
}

/**
 * liveTokenDocs without the Deployment (its ReplicaSet's pod is left out
 * too, by applyBareApp): the bare pod's ServiceAccount bound to `role`
 * instead of cluster-admin.
 */
function bareAppBoundTo(namespace: string, role: string): Doc[] {
  return liveTokenDocs(namespace)
    .filter(d => d.kind !== 'Deployment')
    .map(d =>
      d.kind === 'ClusterRoleBinding'
        ? { ...d, roleRef: { ...record(d.roleRef), name: role } }
        : d,
    );
}

async function applyBareApp(api: Api, docs: readonly Doc[]): Promise<void> {
  expect(
    await applyOwned(
      api,
      docs.filter(d => record(d.metadata).name !== 'api-5d9c7b8f4-abcde'),
    ),
  ).toEqual([]);
}

/** Writes a fix's step files into `stepDir` and runs its script, as a user would. */
async function runStep(
  stepDir: string,
  fix: Parameters<typeof stepFiles>[0],
  build: ReturnType<typeof buildGraph>,
  env: Record<string, string>,
): Promise<Run> {
  await mkdir(stepDir);
  const files = stepFiles(fix, { number: 1, of: 1, exposedAfter: 0 }, id =>
    objectById(build.index, id),
  );
  for (const file of files)
    writeFileSync(join(stepDir, file.name), file.content);
  const script = files.find(f => f.name.endsWith('.sh'))?.name ?? '';
  return bash(join(stepDir, script), env);
}

describe.skipIf(cluster === undefined)(
  'a read of every resource written out without Secrets, applied (real API server)',
  () => {
    let api: Api;
    let dir: string;
    const namespace = 'written-out';
    // `get, list, watch` on `*`, as gatekeeper holds it to audit every kind.
    const role = `${namespace}-reader`;
    const docs: Doc[] = [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: role },
        rules: [
          {
            apiGroups: ['*'],
            resources: ['*'],
            verbs: ['get', 'list', 'watch'],
          },
        ],
      },
      ...bareAppBoundTo(namespace, role),
      // A Secret in kube-system: a critical asset the `*` read reaches.
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: `${namespace}-key`, namespace: 'kube-system' },
        stringData: { key: 'not-a-real-key' },
      },
    ];
    const account = `system:serviceaccount:${namespace}:deployer`;
    const canI = async (verb: string, resource: string): Promise<string> =>
      (
        await kubectl([
          'auth',
          'can-i',
          verb,
          resource,
          '-n',
          'kube-system',
          `--as=${account}`,
        ])
      ).stdout.trim();
    beforeAll(async () => {
      api = new Api();
      dir = await mkdtemp(join(tmpdir(), 'chokepoint-it-written-out-'));
      await applyBareApp(api, docs);
    });
    afterAll(async () => {
      await deleteDocs(api, docs);
      api.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('its step leaves every built-in kind readable but Secrets (the API server’s own access review says so), and the exposure collected after is the one measured: cut', async () => {
      const fixId = `patch:ClusterRole:${role}#rules[0]-resource-secrets`;
      const entry = `Container:${namespace}/web/app`;
      const before = analyze(await collectLive());
      expect(before.result.paths.map(p => p.from)).toContain(entry);
      const fix = before.candidates.find(f => f.id === fixId);
      expect(fix, before.candidates.map(f => f.id).join('\n')).toBeDefined();
      if (fix === undefined) return;
      const claimed = whatIf(before, [fixId]).exposed.has(entry);
      expect([
        await canI('list', 'secrets'),
        await canI('list', 'pods'),
      ]).toEqual(['yes', 'yes']);

      const run = await runStep(join(dir, 'step'), fix, before.build, {
        ALLOW_BREAKS: '1',
      });
      expect(run.code, run.stderr).toBe(0);

      // SubjectAccessReview on the real API server: Secrets gone, the rest kept.
      expect([
        await canI('list', 'secrets'),
        await canI('get', 'secrets'),
        await canI('list', 'pods'),
        await canI('watch', 'deployments.apps'),
        await canI('get', 'validatingwebhookconfigurations'),
      ]).toEqual(['no', 'no', 'yes', 'yes', 'yes']);
      const after = analyze(await collectLive(), { maxCandidates: 0 });
      const exposed = after.result.paths.some(p => p.from === entry);
      console.log(
        `written out: ${entry} exposed before; after ${fixId}: ${String(exposed)} (claimed ${String(claimed)})`,
      );
      expect(exposed).toBe(claimed);
      expect(exposed).toBe(false);
    }, 300_000);
  },
);

describe.skipIf(cluster === undefined)(
  'a ClusterRoleBinding turned into RoleBindings, applied (real API server)',
  () => {
    let api: Api;
    let dir: string;
    const namespace = 'scoped-binding';
    const binding = `${namespace}-deployer-admin`;
    // A ServiceAccount that may request a token of any ServiceAccount:
    // cluster-wide that reaches kube-system's controllers, in its own
    // namespace only itself.
    const role = `${namespace}-token-requester`;
    const docs: Doc[] = [
      tokenRequester(role),
      ...bareAppBoundTo(namespace, role),
    ];
    beforeAll(async () => {
      api = new Api();
      dir = await mkdtemp(join(tmpdir(), 'chokepoint-it-scoped-'));
      await applyBareApp(api, docs);
    });
    afterAll(async () => {
      await deleteDocs(api, [
        ...docs,
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: binding, namespace },
        },
      ]);
      api.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('its step creates the RoleBinding, deletes the ClusterRoleBinding, and the exposure collected after is the one measured: cut', async () => {
      const fixId = `delete:ClusterRoleBinding:${binding}#to-rolebindings`;
      const entry = `Container:${namespace}/web/app`;
      const before = analyze(await collectLive());
      expect(before.result.paths.map(p => p.from)).toContain(entry);
      const fix = before.candidates.find(f => f.id === fixId);
      expect(
        fix?.also?.map(p => p.target),
        before.candidates.map(f => f.id).join('\n'),
      ).toEqual([`RoleBinding:${namespace}/${binding}`]);
      if (fix === undefined) return;
      const claimed = whatIf(before, [fixId]).exposed.has(entry);

      const run = await runStep(join(dir, 'step'), fix, before.build, {
        ALLOW_BREAKS: '1',
      });
      expect(run.code, run.stderr).toBe(0);

      const after = analyze(await collectLive(), { maxCandidates: 0 });
      const objects = after.build.index.snapshot.objects;
      expect(
        (objects.ClusterRoleBinding ?? []).map(b => b.metadata.name),
      ).not.toContain(binding);
      expect(
        (objects.RoleBinding ?? []).find(
          b =>
            b.metadata.namespace === namespace && b.metadata.name === binding,
        )?.roleRef,
      ).toEqual({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: role,
      });
      const exposed = after.result.paths.some(p => p.from === entry);
      console.log(
        `scoped binding: ${entry} exposed before; after ${fixId}: ${String(exposed)} (claimed ${String(claimed)})`,
      );
      expect(exposed).toBe(claimed);
      expect(exposed).toBe(false);
    }, 300_000);
  },
);

describe.skipIf(cluster === undefined)(
  'a controller scoped to its namespace, applied (real API server)',
  () => {
    let api: Api;
    let dir: string;
    const namespace = 'scoped-controller';
    const binding = `${namespace}-deployer-admin`;
    // An ingress controller's ClusterRole, with a read of nodes (cluster-
    // scoped, kept cluster-wide by the fix) and a permission to request any
    // ServiceAccount's token: cluster-wide that reaches kube-system's
    // controllers, in its own namespace only itself.
    const role = `${namespace}-router`;
    const controller = {
      name: 'controller',
      image: 'registry.k8s.io/ingress-nginx/controller:v1.15.1',
      args: ['/nginx-ingress-controller', '--ingress-class=nginx'],
    };
    const docs: Doc[] = [
      tokenRequester(role, [
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] },
      ]),
      ...liveTokenDocs(namespace)
        .filter(d => record(d.metadata).name !== 'web')
        .map(d => {
          if (d.kind === 'ClusterRoleBinding')
            return { ...d, roleRef: { ...record(d.roleRef), name: role } };
          if (d.kind === 'Pod')
            return {
              ...d,
              spec: { ...record(d.spec), containers: [controller] },
            };
          if (d.kind !== 'Deployment') return d;
          const spec = record(d.spec);
          const template = record(spec.template);
          return {
            ...d,
            spec: {
              ...spec,
              template: {
                ...template,
                spec: { ...record(template.spec), containers: [controller] },
              },
            },
          };
        }),
      // The component's own RoleBinding has the binding's name, as ingress-nginx's has.
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: binding, namespace },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'view',
        },
        subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace }],
      },
    ];
    const made: Doc[] = [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: `${binding}-namespaced`, namespace },
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: `${binding}-cluster-scoped` },
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: `${role}-cluster-scoped` },
      },
    ];
    beforeAll(async () => {
      api = new Api();
      dir = await mkdtemp(join(tmpdir(), 'chokepoint-it-scoped-controller-'));
      expect(await applyOwned(api, docs)).toEqual([]);
    });
    afterAll(async () => {
      await deleteDocs(api, [...docs, ...made]);
      api.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('its step tells the controller to watch its namespace, keeps its cluster-scoped rules, replaces the ClusterRoleBinding, and the exposure collected after is the one measured: cut', async () => {
      const fixId = `delete:ClusterRoleBinding:${binding}#to-rolebindings`;
      const before = analyze(await collectLive());
      const entries = before.result.paths
        .map(p => p.from)
        .filter(id => id.startsWith(`Container:${namespace}/`));
      expect(entries).toEqual([
        `Container:${namespace}/api-5d9c7b8f4-abcde/controller`,
      ]);
      const fix = before.candidates.find(f => f.id === fixId);
      expect(
        fix?.also?.map(p => `${p.action} ${p.target}`),
        before.candidates.map(f => f.id).join('\n'),
      ).toEqual([
        `patch Deployment:${namespace}/api`,
        `create ClusterRole:${role}-cluster-scoped`,
        `create ClusterRoleBinding:${binding}-cluster-scoped`,
        `create RoleBinding:${namespace}/${binding}-namespaced`,
      ]);
      if (fix === undefined) return;
      expect(fix.replaces).toEqual([`Pod:${namespace}/api-5d9c7b8f4-abcde`]);
      const claimed = [...whatIf(before, [fixId]).exposed]
        .filter(id => id.startsWith(`Container:${namespace}/`))
        .sort();

      const run = await runStep(join(dir, 'step'), fix, before.build, {
        ALLOW_BREAKS: '1',
        GRACE_PERIOD: '0',
      });
      expect(run.code, run.stderr).toBe(0);
      // The ReplicaSet controller makes the deleted pod again, from the patched template.
      const pod = await recreateAsReplicaSet(api, namespace);
      const [container] = record(pod.spec).containers as { args?: string[] }[];
      expect(container?.args).toEqual([
        '/nginx-ingress-controller',
        '--ingress-class=nginx',
        `--watch-namespace=${namespace}`,
      ]);

      const after = analyze(await collectLive(), { maxCandidates: 0 });
      const objects = after.build.index.snapshot.objects;
      expect(
        (objects.ClusterRoleBinding ?? []).map(b => b.metadata.name),
      ).not.toContain(binding);
      expect(
        (objects.ClusterRole ?? []).find(
          r => r.metadata.name === `${role}-cluster-scoped`,
        )?.rules,
      ).toEqual([
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] },
      ]);
      expect(
        (objects.RoleBinding ?? []).find(
          b =>
            b.metadata.namespace === namespace &&
            b.metadata.name === `${binding}-namespaced`,
        )?.roleRef,
      ).toEqual({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: role,
      });
      const seen = after.result.paths
        .map(p => p.from)
        .filter(id => id.startsWith(`Container:${namespace}/`))
        .sort();
      console.log(
        `scoped controller: exposed before ${entries.join(', ')}; after ${fixId}: ${seen.join(', ') || 'none'} (claimed ${claimed.join(', ') || 'none'})`,
      );
      expect(seen).toEqual(claimed);
      expect(seen).toEqual([]);
    }, 300_000);
  },
);

describe.skipIf(cluster === undefined)(
  'the token mounted only into the containers that use it, applied (real API server and its admission)',
  () => {
    let api: Api;
    let dir: string;
    const namespace = 'token-only';
    const role = `${namespace}-token-requester`;
    // Argo CD's Redis pod: secret-init calls the API server, redis never does.
    const containers = {
      initContainers: [
        {
          name: 'secret-init',
          image: 'quay.io/argoproj/argocd:v3.1.0',
          command: ['argocd', 'admin', 'redis-initial-password'],
        },
      ],
      containers: [{ name: 'redis', image: 'redis:7.2' }],
    };
    const labels = { app: 'api', 'app.kubernetes.io/name': 'argocd-redis' };
    const docs: Doc[] = [
      tokenRequester(role),
      ...liveTokenDocs(namespace)
        .filter(d => record(d.metadata).name !== 'web')
        .map(d => {
          if (d.kind === 'ClusterRoleBinding')
            return { ...d, roleRef: { ...record(d.roleRef), name: role } };
          if (d.kind === 'Pod')
            return {
              ...d,
              metadata: { ...record(d.metadata), labels },
              spec: { ...record(d.spec), ...containers },
            };
          if (d.kind !== 'Deployment') return d;
          const spec = record(d.spec);
          const template = record(spec.template);
          return {
            ...d,
            spec: {
              ...spec,
              selector: { matchLabels: labels },
              template: {
                metadata: { labels },
                spec: { ...record(template.spec), ...containers },
              },
            },
          };
        }),
    ];
    beforeAll(async () => {
      api = new Api();
      dir = await mkdtemp(join(tmpdir(), 'chokepoint-it-token-only-'));
      expect(await applyOwned(api, docs)).toEqual([]);
    });
    afterAll(async () => {
      await deleteDocs(api, docs);
      api.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('its step mounts the token into secret-init only; the pod admission re-creates has no token in redis, and the exposure collected after is the one measured', async () => {
      const fixId = `patch:Deployment:${namespace}/api#token-only-in-secret-init`;
      const redis = `Container:${namespace}/api-5d9c7b8f4-abcde/redis`;
      const before = analyze(await collectLive());
      expect(before.result.paths.map(p => p.from)).toContain(redis);
      const fix = before.candidates.find(f => f.id === fixId);
      expect(
        fix?.replaces,
        before.candidates
          .map(f => f.id)
          .filter(id => id.includes(namespace))
          .join('\n'),
      ).toEqual([`Pod:${namespace}/api-5d9c7b8f4-abcde`]);
      if (fix === undefined) return;
      const claimed = [...whatIf(before, [fixId]).exposed]
        .filter(id => id.startsWith(`Container:${namespace}/`))
        .sort();

      const run = await runStep(join(dir, 'step'), fix, before.build, {
        GRACE_PERIOD: '0',
      });
      expect(run.code, run.stderr).toBe(0);
      const pod = await recreateAsReplicaSet(api, namespace);
      // Admission injected no token volume: the template turned automounting off.
      expect(tokenVolumes(pod)).toEqual([]);
      const spec = record(pod.spec) as {
        initContainers: { volumeMounts?: { name: string }[] }[];
        containers: { volumeMounts?: { name: string }[] }[];
      };
      expect(spec.initContainers[0]?.volumeMounts?.map(m => m.name)).toEqual([
        'serviceaccount-token',
      ]);
      expect(spec.containers[0]?.volumeMounts ?? []).toEqual([]);

      const after = analyze(await collectLive(), { maxCandidates: 0 });
      const seen = after.result.paths
        .map(p => p.from)
        .filter(id => id.startsWith(`Container:${namespace}/`))
        .sort();
      console.log(
        `token only (${namespace}): ${redis} exposed before; after ${fixId}: ${seen.join(', ') || 'none'} (claimed ${claimed.join(', ') || 'none'})`,
      );
      expect(seen).toEqual(claimed);
      expect(seen.some(id => id.endsWith('/redis'))).toBe(false);
    }, 300_000);
  },
);

describe.skipIf(cluster === undefined)(
  'cert-manager’s webhook CA Secret moved to a namespace of its own, applied (real API server)',
  () => {
    let api: Api;
    let dir: string;
    const moved = 'cert-manager-webhook-ca';
    const name = 'cert-manager-webhook:dynamic-serving';
    const fixId = `delete:RoleBinding:cert-manager/${name}#secret-in-namespace-${moved}`;
    const webhook = 'system:serviceaccount:cert-manager:cert-manager-webhook';
    const component = REAL_COMPONENTS.find(c => c.name === 'cert-manager');
    // The install manifest as its users apply it (its webhook configurations
    // served without a backend, above), but its CRDs: the paths use none,
    // and the corpus test above has just deleted them.
    const docs: Doc[] =
      component === undefined
        ? []
        : componentDocs(component)
            .filter(
              d =>
                !NO_BACKEND.has(String(d.kind)) &&
                d.kind !== 'CustomResourceDefinition',
            )
            .map(servedWithoutBackend);
    const made: Doc[] = [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name, namespace: moved },
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name, namespace: moved },
      },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: moved } },
    ];
    beforeAll(async () => {
      api = new Api();
      dir = await mkdtemp(join(tmpdir(), 'chokepoint-it-secret-namespace-'));
      expect(docs.length).toBeGreaterThan(10);
      expect(await applyDocs(api, docs)).toEqual([]);
    });
    afterAll(async () => {
      await deleteDocs(api, [...docs, ...made], []);
      api.close();
      await rm(dir, { recursive: true, force: true });
    });

    /** `kubectl auth can-i` as the webhook: the API server's own access review. */
    async function canI(verb: string, what: string, namespace: string) {
      const run = await kubectl([
        'auth',
        'can-i',
        verb,
        what,
        '-n',
        namespace,
        `--as=${webhook}`,
      ]);
      return run.stdout.trim();
    }

    it('its step moves the Role and RoleBinding, tells the webhook, points the CA annotation there; the API server lets the webhook make its Secret there only and the CA injector read it, and the exposure collected after is the one measured: the webhook cut', async () => {
      const before = analyze(await collectLive());
      const exposed = (analysis: typeof before) =>
        analysis.result.paths
          .map(p => p.from)
          .filter(id => id.startsWith('Container:cert-manager/'))
          .sort();
      const entries = [...new Set(exposed(before))];
      expect(entries.some(id => id.includes('cert-manager-webhook'))).toBe(
        true,
      );
      const fix = before.candidates.find(f => f.id === fixId);
      expect(
        fix?.also?.map(p => `${p.action} ${p.target}`),
        before.candidates.map(f => f.id).join('\n'),
      ).toEqual([
        `create Namespace:${moved}`,
        `create Role:${moved}/${name}`,
        `create RoleBinding:${moved}/${name}`,
        'patch Deployment:cert-manager/cert-manager-webhook',
        'patch MutatingWebhookConfiguration:cert-manager-webhook',
        'patch ValidatingWebhookConfiguration:cert-manager-webhook',
        `delete Role:cert-manager/${name}`,
      ]);
      if (fix === undefined) return;
      const claimed = [...whatIf(before, [fixId]).exposed]
        .filter(id => id.startsWith('Container:cert-manager/'))
        .sort();
      expect(await canI('create', 'secrets', 'cert-manager')).toBe('yes');

      const dry = await runStep(join(dir, 'dry'), fix, before.build, {
        DRY_RUN: 'server',
      });
      expect(dry.code, dry.stderr).toBe(0);
      expect(await canI('create', 'secrets', 'cert-manager')).toBe('yes');
      const run = await runStep(join(dir, 'step'), fix, before.build, {
        GRACE_PERIOD: '0',
      });
      expect(run.code, run.stderr).toBe(0);

      expect(await canI('create', 'secrets', 'cert-manager')).toBe('no');
      expect(await canI('create', 'secrets', moved)).toBe('yes');
      expect(await canI('get', `secrets/${moved}`, moved)).toBe('yes');
      expect(await canI('update', `secrets/${moved}`, moved)).toBe('yes');
      for (const kind of [
        'mutatingwebhookconfigurations',
        'validatingwebhookconfigurations',
      ]) {
        const annotation = await kubectl([
          'get',
          kind,
          'cert-manager-webhook',
          '-o',
          'jsonpath={.metadata.annotations.cert-manager\\.io/inject-ca-from-secret}',
        ]);
        expect(annotation.stdout).toBe(`${moved}/${moved}`);
      }
      const deployment = (
        await api.request(
          'GET',
          '/apis/apps/v1/namespaces/cert-manager/deployments/cert-manager-webhook',
        )
      ).body as {
        spec: {
          template: {
            spec: { containers: { args: string[]; env: unknown[] }[] };
          };
        };
      };
      const [container] = deployment.spec.template.spec.containers;
      expect(container?.args).toContain(
        `--dynamic-serving-ca-secret-namespace=${moved}`,
      );
      // The rest of the live container is as it was (its env, its other flags).
      expect(container?.args).toContain(
        '--dynamic-serving-dns-names=cert-manager-webhook.$(POD_NAMESPACE).svc',
      );
      expect(container?.env).toHaveLength(1);

      const after = analyze(await collectLive(), { maxCandidates: 0 });
      const seen = [...new Set(exposed(after))];
      console.log(
        `moved CA Secret: exposed before ${entries.join(', ')}; after ${fixId}: ${seen.join(', ') || 'none'} (claimed ${claimed.join(', ') || 'none'})`,
      );
      expect(seen).toEqual(claimed);
      expect(seen.some(id => id.includes('cert-manager-webhook'))).toBe(false);
      expect(seen.length).toBeGreaterThan(0);
      // The calls the webhook's CA authority makes (pkg/server/tls/authority:
      // an informer listing its one Secret by name, a create when absent)
      // and the CA injector's read of the Secret the annotation names, made
      // as their ServiceAccounts: the API server allows each.
      const as = (account: string) =>
        `--as=system:serviceaccount:cert-manager:${account}`;
      const listed = await kubectl([
        'get',
        'secrets',
        '-n',
        moved,
        `--field-selector=metadata.name=${moved}`,
        as('cert-manager-webhook'),
      ]);
      expect(listed.code, listed.stderr).toBe(0);
      const created = await kubectl([
        'create',
        'secret',
        'generic',
        moved,
        '-n',
        moved,
        '--from-literal=ca.crt=placeholder',
        as('cert-manager-webhook'),
      ]);
      expect(created.code, created.stderr).toBe(0);
      const injected = await kubectl([
        'get',
        'secret',
        moved,
        '-n',
        moved,
        '-o',
        'name',
        as('cert-manager-cainjector'),
      ]);
      expect(injected.code, injected.stderr).toBe(0);
      expect(injected.stdout.trim()).toBe(`secret/${moved}`);
    }, 300_000);
  },
);
