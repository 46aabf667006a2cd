/**
 * Whether a workload of no known component uses its ServiceAccount token,
 * from what the cluster shows: a container that names the token path in its
 * command, args or environment reads it; a ServiceAccount someone granted
 * permissions to is likely meant to call the API server with them. Neither:
 * nothing shows the token is used.
 */

import { asArray, asRecord, asString } from '../../predicates/json.ts';
import { TOKEN_MOUNT_PATH } from '../../predicates/service-account-token.ts';
import type { WorkloadInfo } from '../../snapshot-index.ts';
import type { ImpactContext } from './context.ts';
import { workloadName } from './context.ts';
import type { Impact } from './impact.ts';
import { grantsNamingServiceAccount } from './subjects.ts';

function texts(raw: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const key of ['command', 'args'])
    for (const item of asArray(raw[key])) {
      const text = asString(item);
      if (text !== undefined) out.push(text);
    }
  for (const item of asArray(raw.env)) {
    const value = asString(asRecord(item)?.value);
    if (value !== undefined) out.push(value);
  }
  return out;
}

export function tokenUse(ctx: ImpactContext, workload: WorkloadInfo): Impact {
  const name = workloadName(workload);
  for (const container of workload.containers) {
    if (texts(container.view.spec.raw).some(t => t.includes(TOKEN_MOUNT_PATH)))
      return {
        level: 'breaks',
        component: name,
        reason: `container ${container.name} of ${name} reads the token at ${TOKEN_MOUNT_PATH}`,
      };
  }
  const account = `ServiceAccount:${workload.namespace}/${workload.serviceAccount}`;
  const grants = grantsNamingServiceAccount(
    ctx.rbac,
    workload.namespace,
    workload.serviceAccount,
  );
  const first = grants[0];
  if (first !== undefined)
    return {
      level: 'degrades',
      component: name,
      reason: `${account} is granted ${first.role} by ${first.id}${grants.length > 1 ? ` (and ${String(grants.length - 1)} more)` : ''}: ${name} loses those permissions if it calls the API server`,
    };
  return {
    level: 'none',
    reason: `nothing shows ${name} uses its token: no container names the token path and ${account} holds no permissions of its own`,
  };
}
