/**
 * Helpers of the Kubernetes integration tests: the control plane the
 * globalSetup started, kubectl with its kubeconfig, raw API requests with the
 * admin client certificate (SubjectAccessReview, bulk creates), x509 users,
 * fixtures made applicable, and graphs compared edge by edge.
 */

import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { readInputs } from '@chokepoint/collector';
import type { KubeObject, Snapshot } from '@chokepoint/model';
import { toGraphJson } from '@chokepoint/model';
// The test package does not depend on the engine; it is plain TypeScript.
import { buildGraph } from '../../../packages/engine/src/index.ts';
import type { K8sTarget } from './global-setup.ts';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const K8S_SCRIPT = `${REPO}scripts/k8s.sh`;

const provided = inject('k8s');
export const skipReason: string | undefined =
  'skip' in provided ? provided.skip : undefined;
export const cluster: K8sTarget | undefined =
  'skip' in provided ? undefined : provided;

export function target(): K8sTarget {
  if (cluster === undefined) throw new Error(skipReason ?? 'no control plane');
  return cluster;
}

export type Doc = Record<string, unknown>;

export function record(value: unknown): Doc {
  return typeof value === 'object' && value !== null ? (value as Doc) : {};
}

export interface Exec {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function kubectl(
  args: readonly string[],
  options: {
    input?: string;
    kubeconfig?: string;
    timeoutMs?: number;
    /** Variables set (or, as '', emptied) on top of the test's environment. */
    env?: Record<string, string>;
  } = {},
): Promise<Exec> {
  return new Promise(resolve => {
    const child = execFile(
      'kubectl',
      [...args],
      {
        env: {
          ...process.env,
          KUBECONFIG: options.kubeconfig ?? target().kubeconfig,
          ...options.env,
        },
        maxBuffer: 512 * 1024 * 1024,
        timeout: options.timeoutMs ?? 120_000,
      },
      (error, stdout, stderr) => {
        const code = error
          ? typeof error.code === 'number'
            ? error.code
            : 1
          : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export async function kubectlOk(
  args: readonly string[],
  options: { input?: string; kubeconfig?: string } = {},
): Promise<string> {
  const result = await kubectl(args, options);
  if (result.code !== 0)
    throw new Error(
      `kubectl ${args.join(' ')} failed (${String(result.code)}): ${result.stderr}`,
    );
  return result.stdout;
}

/** A client certificate user: `scripts/k8s.sh user` -> its kubeconfig path. */
export function x509User(name: string, groups: readonly string[] = []): string {
  const run = spawnSync(
    'bash',
    [K8S_SCRIPT, 'user', target().run, name, ...groups],
    {
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`k8s.sh user failed: ${run.stderr}`);
  return run.stdout.trim();
}

interface KubeconfigFile {
  clusters: { cluster: { server: string; 'certificate-authority': string } }[];
  users: { user: { 'client-certificate': string; 'client-key': string } }[];
}

/** Raw JSON requests as the kubeconfig's x509 user, over one keep-alive agent. */
export class Api {
  readonly server: URL;
  readonly agent: https.Agent;

  constructor(kubeconfig = target().kubeconfig, maxSockets = 8) {
    const config = parse(readFileSync(kubeconfig, 'utf8')) as KubeconfigFile;
    const c = config.clusters[0]?.cluster;
    const u = config.users[0]?.user;
    if (!c || !u) throw new Error(`${kubeconfig}: no cluster or user`);
    this.server = new URL(c.server);
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets,
      ca: readFileSync(c['certificate-authority']),
      cert: readFileSync(u['client-certificate']),
      key: readFileSync(u['client-key']),
    });
  }

  request(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<{ status: number; body: unknown }> {
    const data = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(
        new URL(path, this.server),
        {
          method,
          agent: this.agent,
          headers: {
            Accept: 'application/json',
            ...(data === undefined
              ? {}
              : {
                  'Content-Type': contentType,
                  'Content-Length': Buffer.byteLength(data),
                }),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text) as unknown;
            } catch {
              // Keep the text.
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i] as T, i);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return out;
}

export function docsOf(text: string): Doc[] {
  return parseAllDocuments(text)
    .map(d => d.toJS() as unknown)
    .filter((d): d is Doc => typeof d === 'object' && d !== null);
}

export function offlineSnapshot(
  docs: readonly Doc[],
  clusterName = 'it',
): Promise<Snapshot> {
  const text = docs.map(d => stringify(d)).join('---\n');
  return readInputs(['-'], {
    readStdin: () => Promise.resolve(text),
    clusterName,
    now: () => new Date('2026-01-01T00:00:00Z'),
    tool: 'chokepoint it',
  });
}

export const objectKey = (o: {
  kind: string;
  metadata: { namespace?: string; name: string };
}) => `${o.kind}:${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/**
 * The live snapshot restricted to the objects another snapshot holds. It is
 * no longer a complete listing, so it is marked offline: the engine infers
 * what a partial input implies (catalog 2.6) on both sides alike.
 */
export function restrictTo(live: Snapshot, to: Snapshot): Snapshot {
  const keys = new Set(
    Object.values(to.objects).flatMap(list => list.map(objectKey)),
  );
  const objects: Record<string, KubeObject[]> = {};
  for (const [kind, list] of Object.entries(live.objects)) {
    const kept = list.filter(o => keys.has(objectKey(o)));
    if (kept.length > 0) objects[kind] = kept;
  }
  return {
    ...live,
    collection: { ...live.collection, method: 'offline' },
    objects,
  };
}

export interface GraphDiff {
  readonly onlyOffline: string[];
  readonly onlyLive: string[];
  readonly edges: number;
}

function graphFacts(snapshot: Snapshot): Set<string> {
  const json = toGraphJson(buildGraph(snapshot).graph);
  const facts = new Set<string>();
  for (const node of json.nodes) facts.add(`node ${node.id}`);
  for (const edge of json.edges) {
    const confidence = (edge as { confidence?: string }).confidence ?? '';
    facts.add(`edge ${edge.from} -${edge.kind}-> ${edge.to} ${confidence}`);
  }
  return facts;
}

export function compareGraphs(offline: Snapshot, live: Snapshot): GraphDiff {
  const a = graphFacts(offline);
  const b = graphFacts(live);
  return {
    onlyOffline: [...a].filter(f => !b.has(f)).sort(),
    onlyLive: [...b].filter(f => !a.has(f)).sort(),
    edges: [...a].filter(f => f.startsWith('edge ')).length,
  };
}

export interface ResourceRef {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

export function objectPath(
  ref: ResourceRef,
  doc: Doc,
  withName = true,
): string {
  const meta = record(doc.metadata);
  const base =
    ref.group === ''
      ? `/api/${ref.version}`
      : `/apis/${ref.group}/${ref.version}`;
  const ns = ref.namespaced
    ? `/namespaces/${typeof meta.namespace === 'string' ? meta.namespace : 'default'}`
    : '';
  const name = withName ? `/${encodeURIComponent(String(meta.name))}` : '';
  return `${base}${ns}/${ref.plural}${name}`;
}
