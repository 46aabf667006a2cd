/**
 * The ServiceAccount token mounted only into the containers that use it
 * (fixes issue): a pod's token is mounted into every container, so a
 * sidecar that never calls the API server (Argo CD's Redis beside the
 * secret-init container that creates its password Secret; Longhorn's
 * image pre-puller beside its manager) holds the component's permissions
 * too. The expert's fix is isolation, not removal: the pod template turns
 * `automountServiceAccountToken` off and mounts the token, as a projected
 * volume like the one ServiceAccount admission injects, into the containers
 * the knowledge base says use it (`needs.token.containers`). Nothing the
 * component does changes: its impact is `none`.
 *
 * Offered for a container of a known component's controller template when
 * that container is not one of those, they are all in the pod, and the
 * token comes from automounting (a pod that mounts it explicitly already
 * chose where).
 */

import { objectId } from '@chokepoint/model';
import { asArray, asRecord, asString } from '../../predicates/json.ts';
import { TOKEN_MOUNT_PATH } from '../../predicates/service-account-token.ts';
import type { SnapshotIndex } from '../../snapshot-index.ts';
import type { Fix } from '../apply-fix.ts';
import { parseObjectId } from '../impact/object-ref.ts';
import { KNOWLEDGE, recogniseContainers } from '../knowledge/index.ts';
import { podsOf } from '../controller-pods.ts';
import { TEMPLATE_KINDS } from './template-kinds.ts';

/** The volume's name: not `kube-api-access-*`, which marks a pod admission gave the token. */
export const TOKEN_VOLUME = 'serviceaccount-token';

/** What ServiceAccount admission mounts: a bound token, the cluster CA and the namespace. */
const TOKEN_PROJECTION = {
  name: TOKEN_VOLUME,
  projected: {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      {
        configMap: {
          name: 'kube-root-ca.crt',
          items: [{ key: 'ca.crt', path: 'ca.crt' }],
        },
      },
      {
        downwardAPI: {
          items: [
            {
              path: 'namespace',
              fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
            },
          ],
        },
      },
    ],
  },
};

function withMount(item: unknown, users: ReadonlySet<string>): unknown {
  const container = asRecord(item);
  const name = asString(container?.name);
  if (container === undefined || name === undefined || !users.has(name))
    return item;
  return {
    ...container,
    volumeMounts: [
      ...asArray(container.volumeMounts),
      { name: TOKEN_VOLUME, mountPath: TOKEN_MOUNT_PATH, readOnly: true },
    ],
  };
}

/**
 * The fix for `container` of the controller `controllerId`, or undefined
 * when the knowledge base does not say which containers use the token.
 */
export function tokenContainersFix(
  index: SnapshotIndex,
  controllerId: string,
  container: string,
): Fix | undefined {
  const { kind, namespace, name } = parseObjectId(controllerId);
  if (!TEMPLATE_KINDS.has(kind)) return undefined;
  const controller = index.get(kind, namespace, name);
  if (controller === undefined) return undefined;
  const workload = index
    .workloadsInNamespace(namespace)
    .find(w => w.controller?.kind === kind && w.controller.name === name);
  if (workload === undefined) return undefined;
  const template = asRecord(asRecord(controller.spec)?.template);
  const spec = asRecord(template?.spec) ?? {};
  if (spec.automountServiceAccountToken === false) return undefined;
  const all = [...workload.spec.initContainers, ...workload.spec.containers];
  const { known } = recogniseContainers(KNOWLEDGE, all, workload.labels);
  const users = known
    .map(k => k.component.needs.token?.containers)
    .find(c => c !== undefined);
  if (users === undefined || users.includes(container)) return undefined;
  const names = new Set(all.map(c => c.name));
  if (!names.has(container) || !users.every(u => names.has(u)))
    return undefined;
  const volumes = asArray(spec.volumes);
  if (volumes.some(v => asRecord(v)?.name === TOKEN_VOLUME)) return undefined;
  // The template's own mounts (an admitted pod has the injected one everywhere).
  const mountsTokenPath = [
    ...asArray(spec.initContainers),
    ...asArray(spec.containers),
  ].some(c =>
    asArray(asRecord(c)?.volumeMounts).some(
      m =>
        asString(asRecord(m)?.mountPath)?.replace(/\/+$/, '') ===
        TOKEN_MOUNT_PATH,
    ),
  );
  if (mountsTokenPath) return undefined;
  const using = new Set(users);
  const target = objectId(kind, name, namespace);
  const replaces = podsOf(index, target);
  return {
    id: `patch:${target}#token-only-in-${users.join(',')}`,
    action: 'patch',
    target,
    patch: {
      spec: {
        template: {
          spec: {
            automountServiceAccountToken: false,
            volumes: [...volumes, TOKEN_PROJECTION],
            containers: asArray(spec.containers).map(c => withMount(c, using)),
            ...(spec.initContainers === undefined
              ? {}
              : {
                  initContainers: asArray(spec.initContainers).map(c =>
                    withMount(c, using),
                  ),
                }),
          },
        },
      },
    },
    ...(replaces.length > 0 ? { replaces } : {}),
    description: `mount the ServiceAccount token of ${target} only into container${users.length === 1 ? '' : 's'} ${users.join(', ')}, which use${users.length === 1 ? 's' : ''} it (automountServiceAccountToken: false and a projected token volume mounted there): ${container} and the other containers no longer hold it`,
  };
}
