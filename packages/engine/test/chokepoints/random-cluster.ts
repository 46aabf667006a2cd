/**
 * Small random clusters dense in attack paths, for the differential test of
 * the what-if engine: a control-plane node and workers; namespaces of
 * Deployments (ReplicaSet-owned pods) and bare Pods with risky settings
 * drawn at random (privileged, host namespaces, hostPath of /, the kubelet's
 * pods directory or the containerd socket, added capabilities, tokens
 * mounted or not); ServiceAccounts bound to roles of risky rules (pods
 * create/exec, secrets, nodes/proxy, bind, impersonate, cluster-admin),
 * shared bindings, groups and users; NodePort and LoadBalancer Services.
 * Even seeds are whole clusters (their own cluster-admin objects), odd ones
 * leave the built-in RBAC to be assumed.
 * Seeded: the same seed gives the same cluster. The output is a manifest
 * stream read by the real reader, so every object is one the API server
 * would accept.
 */

import { seededRandom } from '@chokepoint/collector';
import type { Snapshot } from '@chokepoint/model';
import { snapshotOf } from '../manifests.ts';

export interface RandomClusterOptions {
  readonly seed: number;
  readonly namespaces: number;
  readonly workloadsPerNamespace: number;
}

const RISKY_RULES: readonly Record<string, unknown>[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['create'] },
  { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] },
  { apiGroups: [''], resources: ['pods/attach'], verbs: ['create', 'get'] },
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
  { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get', 'create'] },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] },
  { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['patch'] },
  {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['rolebindings'],
    verbs: ['create'],
  },
  {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['clusterroles'],
    verbs: ['bind'],
  },
  { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
  {
    apiGroups: [''],
    resources: ['serviceaccounts/token'],
    verbs: ['create'],
  },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] },
];

const HOST_PATHS = [
  '/',
  '/var/lib/kubelet/pods',
  '/run/containerd/containerd.sock',
  '/var/log',
  '/etc/kubernetes',
];

export function randomClusterYaml(options: RandomClusterOptions): string {
  const rand = seededRandom(options.seed);
  const chance = (p: number): boolean => rand() < p;
  const pick = <T>(list: readonly T[]): T =>
    list[Math.floor(rand() * list.length)] as T;
  const docs: Record<string, unknown>[] = [];
  let uid = 0;
  const nextUid = (): string =>
    `00000000-0000-4000-8000-${String(++uid).padStart(12, '0')}`;

  const nodes = ['cp-1', 'worker-1', 'worker-2'];
  for (const name of nodes) {
    const controlPlane = name.startsWith('cp-');
    docs.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          'kubernetes.io/os': 'linux',
          ...(controlPlane
            ? { 'node-role.kubernetes.io/control-plane': '' }
            : {}),
        },
      },
      ...(controlPlane
        ? {
            spec: {
              taints: [
                {
                  key: 'node-role.kubernetes.io/control-plane',
                  effect: 'NoSchedule',
                },
              ],
            },
          }
        : {}),
    });
  }
  if (options.seed % 2 === 0) {
    // A whole cluster: its own cluster-admin objects, no assumed bootstrap
    // policy (catalog 4.5); odd seeds leave the built-ins to be assumed.
    docs.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'cluster-admin' },
      rules: [
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
        { nonResourceURLs: ['*'], verbs: ['*'] },
      ],
    });
    docs.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'cluster-admin' },
      subjects: [
        {
          kind: 'Group',
          name: 'system:masters',
          apiGroup: 'rbac.authorization.k8s.io',
        },
      ],
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'cluster-admin',
      },
    });
  }
  docs.push({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'cluster-ca', namespace: 'kube-system' },
    type: 'Opaque',
  });

  const namespaces = Array.from(
    { length: options.namespaces },
    (_, i) => `team-${String(i + 1)}`,
  );
  const accounts: { namespace: string; name: string }[] = [];
  for (const namespace of namespaces) {
    docs.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        ...(chance(0.3)
          ? { labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } }
          : {}),
      },
    });
    for (let a = 0; a < 3; a++) {
      const name = `sa-${String(a)}`;
      accounts.push({ namespace, name });
      docs.push({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name, namespace },
        ...(chance(0.2) ? { automountServiceAccountToken: false } : {}),
      });
    }
  }

  // Roles of random risky rules, bound to one or more subjects.
  const subjectOf = (): Record<string, unknown> => {
    const roll = rand();
    if (roll < 0.75) {
      const account = pick(accounts);
      return { kind: 'ServiceAccount', ...account };
    }
    if (roll < 0.85)
      return {
        kind: 'Group',
        name: 'system:authenticated',
        apiGroup: 'rbac.authorization.k8s.io',
      };
    return {
      kind: 'User',
      name: `user-${String(Math.floor(rand() * 3))}`,
      apiGroup: 'rbac.authorization.k8s.io',
    };
  };
  const roles = 2 + options.namespaces;
  for (let r = 0; r < roles; r++) {
    const clusterWide = chance(0.5);
    const namespace = pick(namespaces);
    const name = `role-${String(r)}`;
    const rules = Array.from({ length: 1 + Math.floor(rand() * 2) }, () =>
      pick(RISKY_RULES),
    );
    docs.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: clusterWide ? 'ClusterRole' : 'Role',
      metadata: clusterWide ? { name } : { name, namespace },
      rules,
    });
    const subjects = Array.from(
      { length: chance(0.3) ? 2 : 1 },
      subjectOf,
    ).filter(
      (s, i, all) =>
        all.findIndex(t => JSON.stringify(t) === JSON.stringify(s)) === i,
    );
    const roleRef = {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: clusterWide ? 'ClusterRole' : 'Role',
      name,
    };
    docs.push(
      clusterWide && chance(0.6)
        ? {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'ClusterRoleBinding',
            metadata: { name: `${name}-binding` },
            subjects,
            roleRef,
          }
        : {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'RoleBinding',
            metadata: { name: `${name}-binding`, namespace },
            subjects,
            roleRef,
          },
    );
  }
  if (chance(0.7)) {
    // One account made cluster-admin-equivalent: where paths converge.
    docs.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'admin-binding' },
      subjects: [
        { kind: 'ServiceAccount', ...pick(accounts) },
        ...(chance(0.5) ? [{ kind: 'ServiceAccount', ...pick(accounts) }] : []),
      ].filter(
        (s, i, all) =>
          all.findIndex(t => JSON.stringify(t) === JSON.stringify(s)) === i,
      ),
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'cluster-admin',
      },
    });
  }

  const podSpec = (namespace: string): Record<string, unknown> => {
    const account = pick(accounts.filter(a => a.namespace === namespace));
    const securityContext: Record<string, unknown> = {};
    if (chance(0.15)) securityContext.privileged = true;
    if (chance(0.1))
      securityContext.capabilities = {
        add: [pick(['SYS_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'NET_ADMIN'])],
      };
    if (chance(0.3))
      Object.assign(securityContext, {
        runAsNonRoot: true,
        runAsUser: 1000,
        allowPrivilegeEscalation: false,
      });
    const hostPath = chance(0.2) ? pick(HOST_PATHS) : undefined;
    return {
      serviceAccountName: account.name,
      ...(chance(0.15) ? { automountServiceAccountToken: false } : {}),
      ...(chance(0.1) ? { hostPID: true } : {}),
      ...(chance(0.1) ? { hostNetwork: true } : {}),
      containers: [
        {
          name: 'app',
          image: 'registry.example/app:1.0',
          ports: [
            {
              containerPort: 8080,
              ...(chance(0.08) ? { hostPort: 8080 } : {}),
            },
          ],
          ...(Object.keys(securityContext).length > 0
            ? { securityContext }
            : {}),
          ...(hostPath === undefined
            ? {}
            : { volumeMounts: [{ name: 'host', mountPath: '/host' }] }),
        },
      ],
      ...(hostPath === undefined
        ? {}
        : { volumes: [{ name: 'host', hostPath: { path: hostPath } }] }),
    };
  };

  for (const namespace of namespaces) {
    for (let w = 0; w < options.workloadsPerNamespace; w++) {
      const app = `app-${String(w)}`;
      const labels = { app };
      const spec = podSpec(namespace);
      const node = pick(nodes.slice(1));
      const podMeta = (name: string, owner?: Record<string, unknown>) => ({
        name,
        namespace,
        labels,
        ...(owner === undefined ? {} : { ownerReferences: [owner] }),
      });
      if (chance(0.6)) {
        const deploymentUid = nextUid();
        const replicaSetUid = nextUid();
        docs.push({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: app, namespace, uid: deploymentUid },
          spec: {
            replicas: 2,
            selector: { matchLabels: labels },
            template: { metadata: { labels }, spec },
          },
        });
        docs.push({
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name: `${app}-5d8f`,
            namespace,
            uid: replicaSetUid,
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                name: app,
                uid: deploymentUid,
                controller: true,
              },
            ],
          },
          spec: {
            selector: { matchLabels: labels },
            template: { metadata: { labels }, spec },
          },
        });
        for (const suffix of ['a1', 'b2']) {
          docs.push({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: podMeta(`${app}-5d8f-${suffix}`, {
              apiVersion: 'apps/v1',
              kind: 'ReplicaSet',
              name: `${app}-5d8f`,
              uid: replicaSetUid,
              controller: true,
            }),
            spec: { ...spec, nodeName: pick(nodes.slice(1)) },
            status: { phase: 'Running' },
          });
        }
      } else {
        docs.push({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: podMeta(app),
          spec: { ...spec, nodeName: node },
          status: { phase: 'Running' },
        });
      }
      if (chance(0.2)) {
        docs.push({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: app, namespace },
          spec: {
            type: chance(0.5) ? 'NodePort' : 'LoadBalancer',
            selector: labels,
            ports: [{ port: 80, targetPort: 8080 }],
          },
        });
      }
    }
  }
  // JSON documents are YAML flow mappings; the comment makes it a YAML stream.
  return `# random cluster, seed ${String(options.seed)}\n${docs.map(doc => JSON.stringify(doc)).join('\n---\n')}\n`;
}

export function randomCluster(
  options: RandomClusterOptions,
): Promise<Snapshot> {
  return snapshotOf(
    randomClusterYaml(options),
    `random-${String(options.seed)}`,
  );
}
