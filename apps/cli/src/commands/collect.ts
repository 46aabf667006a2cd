/**
 * `chokepoint collect [--kubeconfig F] [--context C] [--namespace N]... -o FILE`:
 * read a live cluster into one redacted snapshot file. Missing permissions
 * give a partial snapshot with warnings (exit 0); an unreachable cluster or
 * rejected credentials exit 3 with what to do.
 */

import {
  ClusterAuthError,
  ClusterUnreachableError,
  collect,
  escapeControls,
  writeSnapshot,
} from '@chokepoint/collector';
import type { CollectProgress } from '@chokepoint/collector';
import type { Command } from '../command.ts';
import { stringOption } from '../command.ts';
import { EXIT, RuntimeFailure, UsageError } from '../errors.ts';
import { Progress } from '../progress.ts';
import { snapshotSummary } from '../output/snapshot-summary.ts';
import { TOOL } from '../version.ts';

function positiveInt(
  value: string | undefined,
  flag: string,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag} needs a positive integer, not "${value}"`);
  return n;
}

export const collectCommand: Command = {
  usage:
    'chokepoint collect [--kubeconfig FILE] [--context NAME] [--namespace NS]... -o FILE',
  help: `Lists every resource the analysis reads (pods, nodes, namespaces, service
accounts, secrets' metadata and type only, roles and bindings, services,
endpoint slices, ingresses and Gateway routes, pod controllers, network
policies, webhook configurations, the kube-system/aws-auth ConfigMap) with
read-only requests. Secret values and ConfigMap values are never requested.
Resources the identity may not read are recorded as gaps, and the warnings
say which techniques are blind because of them; the exit code stays 0.

Credentials: --kubeconfig, else KUBECONFIG, else ~/.kube/config, else the
in-cluster ServiceAccount (see docs/collect.md and deploy/).

Options:
  -o, --out FILE          write the snapshot here (required)
      --kubeconfig FILE   kubeconfig to use
      --context NAME      context of the kubeconfig (default: current-context)
  -n, --namespace NS      only this namespace for namespaced resources (repeatable)
      --cluster-name NAME name recorded for the cluster (default: the kubeconfig's)
      --page-size N       objects per list request (default 500)
      --concurrency N     requests in flight at once (default 4)
      --qps N             requests per second at most (default 100)
  -q, --quiet             print nothing but warnings and errors

Exit codes: 0 (also for a partial snapshot), 2 bad usage or kubeconfig,
3 cluster unreachable or credentials rejected.

Example:
  chokepoint collect --context prod -o prod.snapshot.json`,
  options: {
    out: { type: 'string', short: 'o' },
    kubeconfig: { type: 'string' },
    context: { type: 'string' },
    namespace: { type: 'string', short: 'n', multiple: true },
    'cluster-name': { type: 'string' },
    'page-size': { type: 'string' },
    concurrency: { type: 'string' },
    qps: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
  },
  async run(args, io) {
    const out = stringOption(args, 'out');
    if (out === undefined) throw new UsageError('collect needs -o FILE');
    if (args.positionals.length > 0)
      throw new UsageError(
        `unexpected argument "${args.positionals[0] ?? ''}"`,
      );
    const kubeconfig = stringOption(args, 'kubeconfig');
    const context = stringOption(args, 'context');
    const clusterName = stringOption(args, 'cluster-name');
    const rawNamespaces = args.values.namespace;
    const namespaces = Array.isArray(rawNamespaces)
      ? rawNamespaces.filter((n): n is string => typeof n === 'string')
      : [];
    const pageSize = positiveInt(
      stringOption(args, 'page-size'),
      '--page-size',
    );
    const concurrency = positiveInt(
      stringOption(args, 'concurrency'),
      '--concurrency',
    );
    const qps = positiveInt(stringOption(args, 'qps'), '--qps');
    const progress = new Progress(io, 'collect', args);
    progress.phase('collect');
    const onProgress = (p: CollectProgress): void => {
      progress.phase(
        'collect',
        `${String(p.done)} of ${String(p.total)} resource types, ${String(p.objects)} objects, ${String(p.requests)} requests${p.retries > 0 ? `, ${String(p.retries)} retries` : ''}; ${p.resource}`,
      );
    };
    let result;
    try {
      result = await collect({
        tool: TOOL,
        now: () => new Date(),
        onProgress,
        ...(kubeconfig === undefined ? {} : { kubeconfig }),
        ...(context === undefined ? {} : { context }),
        ...(clusterName === undefined ? {} : { clusterName }),
        ...(namespaces.length === 0 ? {} : { namespaces }),
        ...(pageSize === undefined ? {} : { pageSize }),
        http: {
          ...(concurrency === undefined ? {} : { concurrency }),
          ...(qps === undefined
            ? {}
            : { qps, burst: Math.max(1, Math.ceil(qps / 5)) }),
        },
      });
    } catch (error) {
      if (error instanceof ClusterUnreachableError) {
        throw new RuntimeFailure(
          `${error.message}.\nCheck that the cluster is running and that the kubeconfig's server (${error.server}) is right and reachable from here (VPN, proxy, firewall); kubectl --context ${context ?? '<context>'} get --raw /version should answer.`,
        );
      }
      if (error instanceof ClusterAuthError) {
        throw new RuntimeFailure(
          `${error.message}.\nRenew the credentials (expired token or certificate?) or pick another --context.`,
        );
      }
      throw error;
    } finally {
      progress.end();
    }
    try {
      await writeSnapshot(out, result.snapshot);
    } catch (error) {
      throw new RuntimeFailure(
        `cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (args.values.quiet !== true) {
      io.stdout(snapshotSummary(result.snapshot, out));
      const { stats } = result;
      io.stdout(
        `collected from ${result.server} in ${(stats.durationMs / 1000).toFixed(1)} s: ${String(stats.requests)} requests, ${String(stats.pages)} pages${stats.retries > 0 ? `, ${String(stats.retries)} retries` : ''}${stats.restarts > 0 ? `, ${String(stats.restarts)} lists restarted` : ''}\n`,
      );
    }
    for (const warning of result.snapshot.collection.warnings)
      io.stderr(`warning: ${escapeControls(warning)}\n`);
    return EXIT.ok;
  },
};
