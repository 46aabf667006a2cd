/**
 * Where the cluster is and how to authenticate, from @kubernetes/client-node's
 * KubeConfig: an explicit kubeconfig file, or the default chain (`KUBECONFIG`
 * with colon-separated files merged, then `~/.kube/config`, then the
 * in-cluster ServiceAccount token and CA). Produces a Connection: the server
 * URL, the TLS material and a function for the Authorization header
 * (refreshed on a 401, for exec and OIDC credentials).
 *
 * client-node is imported on the first connection only: loading it costs
 * about 1.4 s of CPU, which every command that reads no live cluster
 * (`--version`, `analyze FILE`) would otherwise pay at start.
 */

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type * as ClientNodeModule from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { InputError } from './input-error.ts';

export interface KubeConfigSource {
  /** A kubeconfig file; default: KUBECONFIG, ~/.kube/config, in-cluster. */
  readonly kubeconfig?: string;
  /** A context of that kubeconfig; default: its current-context. */
  readonly context?: string;
  /** Kubeconfig YAML text instead of a file (tests). */
  readonly kubeconfigText?: string;
}

export interface TlsMaterial {
  ca?: Buffer | string;
  cert?: Buffer | string;
  key?: Buffer | string;
  rejectUnauthorized?: boolean;
  servername?: string;
}

export interface Connection {
  readonly server: URL;
  readonly tls: TlsMaterial;
  /** Headers every request carries (Authorization, impersonation). */
  readonly headers: () => Readonly<Record<string, string>>;
  /** Reads the credentials again (expired exec or OIDC tokens). */
  readonly refresh: () => Promise<void>;
  /** The kubeconfig cluster entry's name (`in-cluster` inside a pod). */
  readonly clusterName: string;
  readonly contextName: string;
  /** `in-cluster`, or the kubeconfig file(s) read. */
  readonly origin: string;
}

function headerRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string') out[key] = v;
    else if (typeof v === 'number') out[key] = String(v);
    else if (Array.isArray(v)) out[key] = v.map(String).join(', ');
  }
  return out;
}

type ClientNode = typeof ClientNodeModule;

function loadKubeConfig(
  client: ClientNode,
  source: KubeConfigSource,
): {
  kc: KubeConfig;
  origin: string;
} {
  const kc = new client.KubeConfig();
  if (source.kubeconfigText !== undefined) {
    kc.loadFromString(source.kubeconfigText);
    return { kc, origin: '<kubeconfig text>' };
  }
  if (source.kubeconfig !== undefined) {
    if (!existsSync(source.kubeconfig)) {
      throw new InputError(
        { file: source.kubeconfig },
        'kubeconfig file not found',
      );
    }
    try {
      kc.loadFromFile(source.kubeconfig);
    } catch (error) {
      throw new InputError(
        { file: source.kubeconfig },
        `not a readable kubeconfig: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return { kc, origin: source.kubeconfig };
  }
  const envFiles = process.env.KUBECONFIG;
  const home = join(homedir(), '.kube', 'config');
  const inCluster =
    process.env.KUBERNETES_SERVICE_HOST !== undefined &&
    existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token');
  if ((envFiles === undefined || envFiles === '') && !existsSync(home)) {
    if (!inCluster) {
      throw new InputError(
        { file: home },
        'no kubeconfig: pass --kubeconfig FILE, set KUBECONFIG, or run inside a pod with a ServiceAccount token',
      );
    }
    kc.loadFromCluster();
    return { kc, origin: 'in-cluster' };
  }
  try {
    kc.loadFromDefault();
  } catch (error) {
    throw new InputError(
      { file: envFiles ?? home },
      `not a readable kubeconfig: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return { kc, origin: envFiles ?? home };
}

export async function connect(source: KubeConfigSource): Promise<Connection> {
  const client = await import('@kubernetes/client-node');
  const loaded = loadKubeConfig(client, source);
  let { kc } = loaded;
  const { origin } = loaded;
  if (source.context !== undefined) {
    const names = kc.getContexts().map(c => c.name);
    if (!names.includes(source.context)) {
      throw new InputError(
        { file: origin },
        `no context "${source.context}" (contexts: ${names.join(', ') || 'none'})`,
      );
    }
    kc.setCurrentContext(source.context);
  }
  const cluster = kc.getCurrentCluster();
  if (cluster === null) {
    throw new InputError(
      { file: origin },
      `context "${kc.getCurrentContext()}" names no cluster`,
    );
  }
  let server: URL;
  try {
    server = new URL(cluster.server);
  } catch {
    throw new InputError(
      { file: origin },
      `cluster "${cluster.name}" has no valid server URL: ${cluster.server}`,
    );
  }
  if (server.protocol === 'http:' && !cluster.skipTLSVerify) {
    // Plain HTTP (kubectl proxy, tests): client-node refuses it unless TLS
    // verification is off, which means nothing without TLS.
    const current = kc.getCurrentContext();
    const plain = new client.KubeConfig();
    plain.loadFromOptions({
      clusters: kc.clusters.map(c =>
        c.name === cluster.name ? { ...c, skipTLSVerify: true } : c,
      ),
      users: kc.users,
      contexts: kc.contexts,
      currentContext: current,
    });
    kc = plain;
  }
  let headers: Record<string, string> = {};
  const tls: TlsMaterial = {};
  const refresh = async (): Promise<void> => {
    const opts: {
      headers?: unknown;
      ca?: Buffer | string;
      cert?: Buffer | string;
      key?: Buffer | string;
      rejectUnauthorized?: boolean;
      servername?: string;
      auth?: string;
    } = {};
    await kc.applyToHTTPSOptions(opts);
    headers = headerRecord(opts.headers);
    if (opts.auth !== undefined && opts.auth !== 'undefined:undefined') {
      headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    }
    if (opts.ca !== undefined) tls.ca = opts.ca;
    if (opts.cert !== undefined) tls.cert = opts.cert;
    if (opts.key !== undefined) tls.key = opts.key;
    if (opts.rejectUnauthorized !== undefined)
      tls.rejectUnauthorized = opts.rejectUnauthorized;
    if (opts.servername !== undefined) tls.servername = opts.servername;
  };
  await refresh();
  return {
    server,
    tls,
    headers: () => headers,
    refresh,
    clusterName: origin === 'in-cluster' ? 'in-cluster' : cluster.name,
    contextName: kc.getCurrentContext(),
    origin,
  };
}
