/**
 * A realistic synthetic cluster, for benchmarks and scale tests: namespaces
 * of deployments with their ReplicaSet-owned pods spread over worker nodes,
 * a ServiceAccount per deployment, RoleBindings to built-in and custom roles,
 * a few cluster-wide grants (monitoring, CI, auditors), Services, Ingresses,
 * Secrets, a privileged kube-proxy on every node, and a plausible share of
 * risky pod settings. Seeded, so the same arguments give the same snapshot.
 */

import { createHash } from 'node:crypto';
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_SCHEMA_VERSION,
  ANALYSED_KINDS,
} from '@chokepoint/model';
import type { KubeObject, Snapshot } from '@chokepoint/model';

export interface GenerateOptions {
  readonly pods: number;
  readonly seed?: number;
  readonly tool: string;
  readonly now: () => Date;
}

/** mulberry32: a small, fast, seedable PRNG; quality is ample for shaping test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEAMS = [
  'shop',
  'payments',
  'search',
  'data',
  'identity',
  'ads',
  'media',
  'ops',
  'ml',
  'risk',
];
const APPS = [
  'api',
  'web',
  'worker',
  'cache',
  'gateway',
  'indexer',
  'scheduler',
  'ingest',
  'auth',
  'report',
];

export function generateCluster(options: GenerateOptions): Snapshot {
  const rand = seededRandom(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T =>
    list[Math.floor(rand() * list.length)] as T;
  const chance = (p: number): boolean => rand() < p;
  const hex = (n: number): string =>
    Array.from(
      { length: n },
      () => '0123456789abcdefghijklmnopqrstuvwxyz'[Math.floor(rand() * 36)],
    ).join('');

  const objects: Record<string, KubeObject[]> = {};
  const add = (object: KubeObject): void => {
    (objects[object.kind] ??= []).push(object);
  };

  const workers = Math.max(2, Math.ceil(options.pods / 40));
  const nodeNames: string[] = [];
  for (let i = 0; i < 3; i++) {
    const name = `cp-${String(i + 1)}`;
    nodeNames.push(name);
    add(node(name, true));
  }
  for (let i = 0; i < workers; i++) {
    const name = `worker-${String(i + 1)}`;
    nodeNames.push(name);
    add(
      node(
        name,
        false,
        chance(0.05) ? `203.0.113.${String(i % 250)}` : undefined,
      ),
    );
  }
  const workerNames = nodeNames.slice(3);

  // kube-system: the add-ons every cluster has.
  for (const name of [
    'kube-system',
    'kube-public',
    'kube-node-lease',
    'default',
    'monitoring',
    'ci',
    'ingress-nginx',
  ]) {
    add({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  add(serviceAccount('kube-system', 'kube-proxy'));
  add({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kube-proxy', namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-proxy' } },
        spec: kubeProxySpec(),
      },
    },
  });
  for (const nodeName of nodeNames) {
    add(
      pod(
        'kube-system',
        `kube-proxy-${hex(5)}`,
        { 'k8s-app': 'kube-proxy' },
        { ...kubeProxySpec(), nodeName },
        { kind: 'DaemonSet', name: 'kube-proxy' },
      ),
    );
  }
  add(secret('kube-system', 'cloud-provider-credentials', 'Opaque'));
  add(serviceAccount('kube-system', 'deploy-bot'));
  add(
    secret(
      'kube-system',
      'deploy-bot-token',
      'kubernetes.io/service-account-token',
      { 'kubernetes.io/service-account.name': 'deploy-bot' },
    ),
  );
  add(
    clusterRoleBinding('deploy-bot-admin', 'cluster-admin', [
      { kind: 'ServiceAccount', name: 'deploy-bot', namespace: 'kube-system' },
    ]),
  );

  // Cluster-wide grants: the ones that fan out to every pod or node.
  add(serviceAccount('monitoring', 'prometheus'));
  add(
    clusterRole('prometheus', [
      {
        apiGroups: [''],
        resources: ['nodes', 'nodes/proxy', 'pods', 'services', 'endpoints'],
        verbs: ['get', 'list', 'watch'],
      },
    ]),
  );
  add(
    clusterRoleBinding('prometheus', 'prometheus', [
      { kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' },
    ]),
  );
  add(serviceAccount('ci', 'deployer'));
  add(
    clusterRole('ci-deployer', [
      {
        apiGroups: ['apps'],
        resources: ['deployments'],
        verbs: ['get', 'list', 'create', 'patch'],
      },
      {
        apiGroups: [''],
        resources: ['pods', 'pods/exec'],
        verbs: ['get', 'list', 'create'],
      },
    ]),
  );
  add(
    clusterRoleBinding('ci-deployer', 'ci-deployer', [
      { kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' },
    ]),
  );
  add(
    clusterRole('secret-auditor', [
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
    ]),
  );
  add(
    clusterRoleBinding('secret-auditors', 'secret-auditor', [
      {
        kind: 'Group',
        name: 'auditors',
        apiGroup: 'rbac.authorization.k8s.io',
      },
    ]),
  );
  add(
    clusterRoleBinding('sre-admins', 'cluster-admin', [
      { kind: 'Group', name: 'sre', apiGroup: 'rbac.authorization.k8s.io' },
    ]),
  );
  add(
    clusterRole('namespace-operator', [
      { apiGroups: [''], resources: ['pods'], verbs: ['*'] },
      {
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['rolebindings'],
        verbs: ['create'],
      },
    ]),
  );

  // Application namespaces, about 100 pods each.
  const namespaceCount = Math.max(1, Math.round(options.pods / 100));
  let podsLeft = options.pods - nodeNames.length;
  for (let n = 0; n < namespaceCount && podsLeft > 0; n++) {
    const team = TEAMS[n % TEAMS.length] ?? 'team';
    const ns = `${team}-${String(n + 1)}`;
    const labels: Record<string, string> = { team };
    const level: PodSecurityLevel = chance(0.3)
      ? chance(0.7)
        ? 'baseline'
        : 'restricted'
      : 'privileged';
    if (level !== 'privileged')
      labels['pod-security.kubernetes.io/enforce'] = level;
    add({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels },
    });
    add(serviceAccount(ns, 'default'));
    add(
      roleBinding(
        ns,
        `${team}-devs`,
        'ClusterRole',
        chance(0.2) ? 'admin' : 'edit',
        [
          {
            kind: 'Group',
            name: `${team}-developers`,
            apiGroup: 'rbac.authorization.k8s.io',
          },
        ],
      ),
    );
    if (chance(0.1))
      add(
        secret(
          ns,
          `legacy-token-${hex(5)}`,
          'kubernetes.io/service-account-token',
          { 'kubernetes.io/service-account.name': 'default' },
        ),
      );
    const perNamespace = Math.min(podsLeft, 100);
    let placed = 0;
    let d = 0;
    while (placed < perNamespace) {
      const app = `${pick(APPS)}-${String(d++)}`;
      const replicas = Math.min(
        perNamespace - placed,
        1 + Math.floor(rand() * 9),
      );
      const sa = chance(0.7) ? app : 'default';
      if (sa !== 'default')
        add(serviceAccount(ns, sa, chance(0.2) ? false : undefined));
      const appLabels = { app };
      const spec = appSpec(app, sa, level, rand, chance);
      const hash = hex(9);
      add({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: app, namespace: ns, labels: appLabels },
        spec: {
          replicas,
          selector: { matchLabels: appLabels },
          template: { metadata: { labels: appLabels }, spec },
        },
      });
      for (let r = 0; r < replicas; r++) {
        add(
          pod(
            ns,
            `${app}-${hash}-${hex(5)}`,
            { ...appLabels, 'pod-template-hash': hash },
            { ...spec, nodeName: pick(workerNames) },
            { kind: 'ReplicaSet', name: `${app}-${hash}` },
          ),
        );
      }
      placed += replicas;
      if (sa !== 'default' && chance(0.15)) {
        add(
          roleBinding(
            ns,
            `${app}-ops`,
            chance(0.5) ? 'ClusterRole' : 'Role',
            chance(0.5) ? 'view' : `${app}-ops`,
            [{ kind: 'ServiceAccount', name: sa, namespace: ns }],
          ),
        );
        add({
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'Role',
          metadata: { name: `${app}-ops`, namespace: ns },
          rules: [
            {
              apiGroups: [''],
              resources: chance(0.3) ? ['secrets'] : ['configmaps'],
              verbs: ['get', 'list'],
            },
          ],
        });
      }
      if (chance(0.5)) {
        const type = chance(0.08)
          ? 'LoadBalancer'
          : chance(0.05)
            ? 'NodePort'
            : 'ClusterIP';
        add({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: app, namespace: ns },
          spec: {
            type,
            selector: appLabels,
            ports: [{ port: 80, targetPort: 'http' }],
          },
        });
        if (type === 'ClusterIP' && chance(0.1)) {
          add({
            apiVersion: 'networking.k8s.io/v1',
            kind: 'Ingress',
            metadata: { name: app, namespace: ns },
            spec: {
              ingressClassName: 'nginx',
              rules: [
                {
                  host: `${app}.${ns}.example.com`,
                  http: {
                    paths: [
                      {
                        path: '/',
                        pathType: 'Prefix',
                        backend: {
                          service: { name: app, port: { number: 80 } },
                        },
                      },
                    ],
                  },
                },
              ],
            },
          });
        }
      }
      if (chance(0.3)) add(secret(ns, `${app}-config`, 'Opaque'));
    }
    if (chance(0.02))
      add(
        roleBinding(ns, 'ops-binder', 'ClusterRole', 'namespace-operator', [
          { kind: 'ServiceAccount', name: 'default', namespace: ns },
        ]),
      );
    podsLeft -= placed;
  }

  for (const list of Object.values(objects)) {
    list.sort((a, b) => {
      const na = a.metadata.namespace ?? '';
      const nb = b.metadata.namespace ?? '';
      return na !== nb
        ? na < nb
          ? -1
          : 1
        : a.metadata.name < b.metadata.name
          ? -1
          : a.metadata.name > b.metadata.name
            ? 1
            : 0;
    });
  }
  const sorted: Record<string, KubeObject[]> = {};
  for (const kind of Object.keys(objects).sort())
    sorted[kind] = objects[kind] ?? [];
  return {
    format: SNAPSHOT_FORMAT,
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    cluster: {
      name: `synthetic-${String(options.pods)}`,
      serverVersion: 'v1.31.4',
    },
    collection: {
      collectedAt: options.now().toISOString(),
      method: 'offline',
      tool: options.tool,
      sources: [
        {
          path: `generated:pods=${String(options.pods)},seed=${String(options.seed ?? 1)}`,
          format: 'snapshot',
          objects: Object.values(sorted).reduce((n, l) => n + l.length, 0),
        },
      ],
      missingKinds: ANALYSED_KINDS.filter(kind => !(kind in sorted)),
      gaps: [],
      redacted: {
        secretValues: 0,
        lastAppliedAnnotations: 0,
        configMapValues: 0,
      },
      warnings: [],
    },
    objects: sorted,
  };
}

function node(
  name: string,
  controlPlane: boolean,
  externalIP?: string,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': name,
        ...(controlPlane
          ? { 'node-role.kubernetes.io/control-plane': '' }
          : {}),
      },
    },
    spec: controlPlane
      ? {
          taints: [
            {
              key: 'node-role.kubernetes.io/control-plane',
              effect: 'NoSchedule',
            },
          ],
        }
      : {},
    status: {
      addresses: [
        { type: 'InternalIP', address: '10.0.0.1' },
        ...(externalIP ? [{ type: 'ExternalIP', address: externalIP }] : []),
      ],
      nodeInfo: {
        containerRuntimeVersion: 'containerd://1.7.22',
        kubeletVersion: 'v1.31.4',
        osImage: 'Ubuntu 24.04.1 LTS',
        operatingSystem: 'linux',
        kernelVersion: '6.8.0',
      },
    },
  };
}

function serviceAccount(
  namespace: string,
  name: string,
  automount?: boolean,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace },
    ...(automount === undefined
      ? {}
      : { automountServiceAccountToken: automount }),
  };
}

function secret(
  namespace: string,
  name: string,
  type: string,
  annotations?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, ...(annotations ? { annotations } : {}) },
    type,
  };
}

function clusterRole(name: string, rules: unknown[]): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name },
    rules,
  };
}

function clusterRoleBinding(
  name: string,
  role: string,
  subjects: unknown[],
): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: role,
    },
    subjects,
  };
}

function roleBinding(
  namespace: string,
  name: string,
  kind: 'Role' | 'ClusterRole',
  role: string,
  subjects: unknown[],
): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: role },
    subjects,
  };
}

function pod(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  spec: Record<string, unknown>,
  owner: { kind: string; name: string },
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      labels,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: owner.kind,
          name: owner.name,
          // The API server requires the owner's uid; derived from its name, so
          // the same seed still gives the same cluster.
          uid: ownerUid(namespace, owner.kind, owner.name),
          controller: true,
        },
      ],
    },
    spec,
    status: { phase: 'Running' },
  };
}

function ownerUid(namespace: string, kind: string, name: string): string {
  const hash = createHash('sha1')
    .update(`${namespace}/${kind}/${name}`)
    .digest('hex');
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
}

function kubeProxySpec(): Record<string, unknown> {
  return {
    serviceAccountName: 'kube-proxy',
    hostNetwork: true,
    tolerations: [{ operator: 'Exists' }],
    containers: [
      {
        name: 'kube-proxy',
        image: 'registry.k8s.io/kube-proxy:v1.31.4',
        securityContext: { privileged: true },
        volumeMounts: [
          { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
        ],
      },
    ],
    volumes: [{ name: 'lib-modules', hostPath: { path: '/lib/modules' } }],
  };
}

type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/**
 * An application's pod spec, with a plausible share of risky settings, that
 * a real API server admits (issue #17, point 9): never `privileged` or
 * CAP_SYS_ADMIN with `allowPrivilegeEscalation: false` (API validation
 * refuses the pair), and nothing the namespace's enforced Pod Security level
 * refuses. Every choice is drawn whatever the level, so the level changes
 * no other part of the cluster.
 */
function appSpec(
  app: string,
  sa: string,
  level: PodSecurityLevel,
  rand: () => number,
  chance: (p: number) => boolean,
): Record<string, unknown> {
  const baseline = level !== 'privileged';
  const privileged = chance(0.02) && !baseline;
  const added = chance(0.03) ? (chance(0.5) ? 'SYS_ADMIN' : 'NET_ADMIN') : '';
  const nonRoot = chance(0.4) || level === 'restricted';
  const runAsUser = 10000 + Math.floor(rand() * 1000);
  const hostPath = chance(0.03)
    ? chance(0.5)
      ? '/var/log'
      : chance(0.5)
        ? '/'
        : '/var/run/docker.sock'
    : '';
  const readOnly = chance(0.5);
  const hostPID = chance(0.01) && !baseline;
  const hostNetwork = chance(0.02) && !baseline;
  // SYS_ADMIN and NET_ADMIN are beyond what baseline lets a container add.
  const capability = baseline ? '' : added;

  const securityContext: Record<string, unknown> = {};
  if (privileged) securityContext.privileged = true;
  if (capability !== '') securityContext.capabilities = { add: [capability] };
  if (nonRoot) {
    securityContext.runAsNonRoot = true;
    securityContext.runAsUser = runAsUser;
    if (!privileged && capability !== 'SYS_ADMIN')
      securityContext.allowPrivilegeEscalation = false;
  }
  if (level === 'restricted') {
    securityContext.capabilities = { drop: ['ALL'] };
    securityContext.seccompProfile = { type: 'RuntimeDefault' };
  }
  const volumes: unknown[] = [];
  const mounts: unknown[] = [];
  if (hostPath !== '' && !baseline) {
    volumes.push({ name: 'host', hostPath: { path: hostPath } });
    mounts.push({ name: 'host', mountPath: '/host', readOnly });
  }
  return {
    serviceAccountName: sa,
    ...(hostPID ? { hostPID: true } : {}),
    ...(hostNetwork ? { hostNetwork: true } : {}),
    containers: [
      {
        name: app.replace(/-\d+$/, ''),
        image: `registry.example.com/${app}:1.${String(Math.floor(rand() * 20))}`,
        ports: [{ name: 'http', containerPort: 8080 }],
        ...(Object.keys(securityContext).length > 0 ? { securityContext } : {}),
        ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
      },
    ],
    ...(volumes.length > 0 ? { volumes } : {}),
  };
}
