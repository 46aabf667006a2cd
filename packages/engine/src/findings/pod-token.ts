/**
 * F-POD-TOKEN (catalog 6, 2.6): the pod's ServiceAccount token is
 * automounted (the admission-injected `kube-api-access-*` volume, or the
 * automount a not-yet-admitted spec will get) although the ServiceAccount
 * holds no RBAC permission beyond the defaults every identity has (grants of
 * unchanged bootstrap bindings such as `system:basic-user` and
 * `system:discovery`). The token serves nothing but an intruder, who gets an
 * authenticated identity and the API server's attack surface. Explicit
 * projected token volumes are deliberate and not reported. Per pod.
 *
 * Reference: https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
 */

import { objectId } from '@chokepoint/model';
import { serviceAccountIdentity } from '../rbac/index.ts';
import {
  KUBE_API_ACCESS_PREFIX,
  saExists,
  tokenMounted,
} from '../predicates/service-account-token.ts';
import { serviceAccountIndexOf } from '../rules/escape-utils/service-account-tokens.ts';
import { podField } from '../rules/escape-utils/escape-evidence.ts';
import { defineFinding } from './define-finding.ts';
import {
  bindingsById,
  isUnchangedDefaultBinding,
} from './finding-utils/rbac-findings.ts';
import { workloadFindings } from './finding-utils/workload-findings.ts';

export const podToken = defineFinding({
  id: 'F-POD-TOKEN',
  title: 'Unneeded ServiceAccount token mounted',
  severity: 'low',
  description:
    'A ServiceAccount token is automounted, but the ServiceAccount holds no permission beyond the defaults.',
  check: ctx => {
    const saIndex = serviceAccountIndexOf(ctx.index);
    const bindings = bindingsById(ctx.rbac);
    const needsToken = new Map<string, boolean>();
    const holdsMore = (namespace: string, name: string): boolean => {
      const key = `${namespace}/${name}`;
      let more = needsToken.get(key);
      if (more === undefined) {
        more = ctx.rbac
          .grantsFor(serviceAccountIdentity(namespace, name))
          .some(grant => {
            const binding = bindings.get(grant.binding);
            return binding === undefined || !isUnchangedDefaultBinding(binding);
          });
        needsToken.set(key, more);
      }
      return more;
    };
    return workloadFindings(
      ctx,
      {
        check: 'F-POD-TOKEN',
        title: 'Unneeded ServiceAccount token mounted',
        severity: 'low',
        remediation:
          'Set automountServiceAccountToken: false on the pod (or the ServiceAccount); mount a projected token only where the application calls the API.',
        checklist: [
          'Limit the use of service account tokens only to pods that require them.',
        ],
      },
      workload => {
        // Static pods get no ServiceAccount token (the kubelet mounts none).
        if (workload.mirror) return undefined;
        const { namespace } = workload;
        const name = workload.serviceAccount;
        if (!saExists(saIndex, namespace, name).exists) return undefined;
        const serviceAccount = ctx.index.get('ServiceAccount', namespace, name);
        const containers: string[] = [];
        for (const container of workload.containers) {
          if (!container.running) continue;
          const mount = tokenMounted({
            pod: workload.spec,
            container: container.view,
            ...(serviceAccount === undefined ? {} : { serviceAccount }),
            apiAudiences: ctx.policy.apiAudiences,
          });
          const automounted = mount.ways.some(
            way =>
              way.kind === 'automount' ||
              (way.kind === 'projected' &&
                way.volume?.startsWith(KUBE_API_ACCESS_PREFIX) === true),
          );
          if (automounted) containers.push(container.name);
        }
        if (containers.length === 0 || holdsMore(namespace, name))
          return undefined;
        return {
          problem: `mounts the token of ServiceAccount ${namespace}/${name}, which holds no permission beyond the defaults, in ${containers.join(', ')}`,
          fields: [podField(workload, 'automountServiceAccountToken')],
          objects: [objectId('ServiceAccount', name, namespace)],
        };
      },
    );
  },
});
