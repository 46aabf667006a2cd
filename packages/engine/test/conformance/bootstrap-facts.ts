/**
 * Every fact of shared/conformance/k8s-bootstrap-rbac/expected.md, one case
 * each: the entries of its machine-readable summary (section 8) and each
 * table row, top-level bullet and bold lead of sections 1 to 7, by the place
 * fact-coverage.test.ts computes from the raw markdown (`§<n>|<first cell>`,
 * `§<n>- <first 40 characters>`, `§<n>* <bold text>`, `json/<key>/<entry>`).
 *
 * Section 5 and 6 facts need objects the six files lack; each group gets its
 * own small addition (nodes, Secrets, pods and controllers, aws-auth, a
 * webhook, a namespace where each default ClusterRole is bound), so one
 * group's objects cannot make another's facts pass.
 */

import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { EDGE_KINDS } from '@chokepoint/model';
import type { AttackGraph } from '@chokepoint/model';
import { resolveTargets } from '../../src/analysis/targets.ts';
import {
  RbacModel,
  authorize,
  isClusterAdminRule,
} from '../../src/rbac/index.ts';
import type { Identity, ResourceRequest } from '../../src/rbac/index.ts';
import { buildSnapshotIndex } from '../../src/snapshot-index.ts';
import {
  BOOTSTRAP_FILES,
  readBootstrapObjects,
} from '../rbac/bootstrap-policy-build.ts';
import { rbacInput } from '../rbac/fixtures.ts';
import type { Built, ConformanceFact } from './fact-catalog.ts';
import {
  assertFinding,
  assertHas,
  assertHasNot,
  assertReaches,
  assertReachesNot,
  graphOf,
} from './fact-catalog.ts';
import {
  CLUSTER_ADMIN,
  clusterAdminNodes,
  edgeMatches,
  reachableFrom,
} from './graph-facts.ts';
import type { EdgeFactSpec } from './graph-facts.ts';
import { SHARED, toYaml } from './kubehound-input.ts';
import type { Doc } from './kubehound-input.ts';

export const BOOTSTRAP = 'k8s-bootstrap-rbac/expected.md';
const DIR = new URL('k8s-bootstrap-rbac/', SHARED);
const policyYaml = BOOTSTRAP_FILES.map(f =>
  readFileSync(new URL(f, DIR), 'utf8'),
).join('\n---\n');
const CLUSTER = 'bootstrap';
const withObjects = (extra: readonly Doc[] = []) =>
  graphOf(
    extra.length === 0 ? policyYaml : `${policyYaml}\n---\n${toYaml(extra)}`,
    {},
    CLUSTER,
  );
const alone = () => withObjects();

const markdown = readFileSync(new URL('expected.md', DIR), 'utf8');
interface Summary {
  readonly clusterAdminEquivalent: readonly string[];
  readonly mustReachClusterAdminEquivalent: Readonly<Record<string, string>>;
  readonly mustHaveEdges: readonly EdgeFactSpec[];
  readonly mustNotHaveEdges: readonly EdgeFactSpec[];
  readonly mustNotReachAnyCriticalAsset: readonly string[];
  readonly reachCriticalOnlyWithMoreObjects: Readonly<Record<string, string>>;
  readonly findings: readonly string[];
}
const summary = JSON.parse(
  /```json\n([\s\S]*?)\n```/.exec(markdown)?.[1] ?? '{}',
) as Summary;

// ---- objects added by the section 5 and 6 groups ----

const node = (name: string, controlPlane = false): Doc => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name,
    labels: {
      'kubernetes.io/os': 'linux',
      ...(controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
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
const NODES = [node('worker-1'), node('cp-1', true)];
const namespace = (name: string): Doc => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
});
const secret = (ns: string, name: string, sa?: string): Doc => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name,
    namespace: ns,
    ...(sa === undefined
      ? {}
      : { annotations: { 'kubernetes.io/service-account.name': sa } }),
  },
  type: sa === undefined ? 'Opaque' : 'kubernetes.io/service-account-token',
});
const TOKEN_OF = 'clusterrole-aggregation-controller';
const SECRETS = [
  namespace('default'),
  namespace('kube-system'),
  secret('kube-system', 'etcd-backup'),
  secret('default', 'app'),
  secret('kube-system', `${TOKEN_OF}-token`, TOKEN_OF),
];
const SECRETS_NO_TOKEN = SECRETS.slice(0, 4);
const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx' }] },
};
const DEPLOYMENT: Doc = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { matchLabels: { app: 'web' } }, template },
};
const JOB: Doc = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'once', namespace: 'default' },
  spec: {
    template: {
      ...template,
      spec: { ...template.spec, restartPolicy: 'Never' },
    },
  },
};
const POD: Doc = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0', namespace: 'default', labels: { app: 'web' } },
  spec: { nodeName: 'worker-1', containers: [{ name: 'web', image: 'nginx' }] },
  status: { phase: 'Running' },
};
const AWS_AUTH: Doc = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'aws-auth', namespace: 'kube-system' },
  data: {
    mapRoles:
      '- rolearn: arn:aws:iam::111122223333:role/nodes\n  username: system:node:{{EC2PrivateDNSName}}\n  groups: [system:bootstrappers, system:nodes]\n',
  },
};
const WEBHOOK: Doc = {
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'MutatingWebhookConfiguration',
  metadata: { name: 'some-hook' },
  webhooks: [],
};

// ---- the identities and the assertions ----

/** A technique (a rule's edge kind), not structure or group membership. */
const isAttackKind = (kind: string): boolean =>
  kind !== 'MEMBER_OF' &&
  Object.entries(EDGE_KINDS).some(
    ([k, info]) => k === kind && info.derivedBy === 'rule',
  );

const ks = (name: string) => `ServiceAccount:kube-system/${name}`;
const POD_CREATORS = [
  'daemon-set-controller',
  'job-controller',
  'replicaset-controller',
  'replication-controller',
  'statefulset-controller',
  'persistent-volume-binder',
  'deployment-controller',
  'cronjob-controller',
].map(ks);
const KCM = 'User:system:kube-controller-manager';
const GC = ks('generic-garbage-collector');

/** Critical assets of catalog section 5 as the analysis defines them, and every cluster-admin node. */
function criticalAssets({ graph, snapshot, policy }: Built): Set<string> {
  const index = buildSnapshotIndex(snapshot, policy);
  return new Set([
    ...resolveTargets(graph, index).criticalAssets,
    ...clusterAdminNodes(graph),
  ]);
}

async function reachesNoCritical(
  input: Promise<Built>,
  ids: readonly string[],
) {
  const built = await input;
  const critical = criticalAssets(built);
  for (const id of ids) {
    const reached = [...reachableFrom(built.graph, id)].filter(n =>
      critical.has(n),
    );
    expect(reached, `${id} reaches no critical asset`).toEqual([]);
  }
}

async function reachesCritical(input: Promise<Built>, ids: readonly string[]) {
  const built = await input;
  const critical = criticalAssets(built);
  for (const id of ids) {
    expect(
      [...reachableFrom(built.graph, id)].some(n => critical.has(n)),
      `${id} reaches a critical asset`,
    ).toBe(true);
  }
}

const serviceAccountNodes = (graph: AttackGraph): string[] =>
  graph.filterNodes((_id, a) => a.kind === 'ServiceAccount').sort();

/** An edge of `kind` from `from` to every ServiceAccount node: `high` for the default ones that always exist, `medium` for inferred ones. */
function toEveryServiceAccount(graph: AttackGraph, from: string, kind: string) {
  const found = new Map(
    edgeMatches(graph, { from, to: 'ServiceAccount:*', kind }).map(m => [
      m.to,
      m.confidence,
    ]),
  );
  const accounts = serviceAccountNodes(graph);
  expect(accounts.length).toBeGreaterThan(40);
  for (const account of accounts) {
    expect(found.get(account), `${kind} ${from} -> ${account}`).toBe(
      account.endsWith('/default') ? 'high' : 'medium',
    );
  }
}

const model = RbacModel.fromObjects(rbacInput(readBootstrapObjects()), {
  assumeDefaults: 'auto',
});
const allowed = (identity: Identity, request: ResourceRequest): boolean =>
  authorize(model.grantsFor(identity), request) !== undefined;
const saIdentity = (name: string): Identity => ({
  user: `system:serviceaccount:kube-system:${name}`,
  groups: [
    'system:serviceaccounts',
    'system:serviceaccounts:kube-system',
    'system:authenticated',
  ],
});

/** The first edge of a route to cluster-admin-equivalent power is of `kind`. */
async function routeStartsWith(from: string, kind: string) {
  const { graph } = await alone();
  const admins = clusterAdminNodes(graph);
  const first = edgeMatches(graph, { from, to: '*', kind });
  expect(
    first.some(
      m =>
        admins.has(m.to) ||
        [...reachableFrom(graph, m.to)].some(n => admins.has(n)),
    ),
    `${from}: ${kind}, then on to cluster-admin-equivalent power`,
  ).toBe(true);
}

// ---- section 6: each default ClusterRole granted to its own user ----

const DEV = 'dev';
const SECTION6_ROLES = [
  'cluster-admin',
  'admin',
  'edit',
  'view',
  'system:kubelet-api-admin',
  'system:node-bootstrapper',
  'system:certificates.k8s.io:kube-apiserver-client-approver',
  'system:auth-delegator',
  'system:heapster',
  'system:kube-aggregator',
  'system:persistent-volume-provisioner',
  'system:node-problem-detector',
  'system:monitoring',
  'system:service-account-issuer-discovery',
  'system:certificates.k8s.io:legacy-unknown-approver',
  'system:certificates.k8s.io:kubelet-serving-approver',
  'system:certificates.k8s.io:kube-apiserver-client-kubelet-approver',
];
const RBAC = 'rbac.authorization.k8s.io';
const inNs = (role: string) => `User:ns-${role}`;
const clusterWide = (role: string) => `User:cw-${role}`;
const bindings = SECTION6_ROLES.flatMap((role): Doc[] => [
  {
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name: `ns-${role.replaceAll(':', '-')}`, namespace: DEV },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: RBAC, kind: 'User', name: `ns-${role}` }],
  },
  {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name: `cw-${role.replaceAll(':', '-')}` },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: RBAC, kind: 'User', name: `cw-${role}` }],
  },
]);
const SECTION6 = [
  node('worker-1'),
  namespace(DEV),
  {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'builder', namespace: DEV },
  },
  secret(DEV, 'builder-token', 'builder'),
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'shell', namespace: DEV },
    spec: {
      nodeName: 'worker-1',
      serviceAccountName: 'builder',
      containers: [{ name: 'shell', image: 'ubuntu', stdin: true }],
    },
    status: { phase: 'Running' },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'other', namespace: 'elsewhere' },
    spec: { nodeName: 'worker-1', containers: [{ name: 'c', image: 'nginx' }] },
    status: { phase: 'Running' },
  },
  ...bindings,
];
const section6 = () => withObjects(SECTION6);

/** The rule edges (not MEMBER_OF) leaving `from` or its permission holders. */
async function attackEdges(from: string): Promise<string[]> {
  const { graph } = await section6();
  return edgeMatches(graph, { from, to: '*', kind: '*' })
    .filter(m => isAttackKind(m.kind))
    .map(m => `${m.kind} ${m.to}`);
}

const shellContainer = `Container:${DEV}/shell/shell`;
const shellPod = `Pod:${DEV}/shell`;
const builder = `ServiceAccount:${DEV}/builder`;

async function editLike(user: string) {
  const { graph } = await section6();
  const has = (kind: string, to: string) => {
    assertHas(graph, { from: user, to, kind });
  };
  has('POD_EXEC', shellPod);
  has('POD_ATTACH_API', shellContainer);
  has('POD_PATCH', shellPod);
  has('POD_CREATE_WITH_SA', builder);
  has('POD_CREATE', 'Node:worker-1');
  has('SECRET_READ', `Secret:${DEV}/builder-token`);
  has('TOKEN_LIST', builder);
  has('TOKEN_REQUEST', builder);
  has('TOKEN_SECRET_CREATE', builder);
  has('IMPERSONATE_SA', builder);
  assertHasNot(graph, { from: user, to: '*', kind: 'POD_DEBUG' });
  // Granted in dev, nothing outside it.
  assertHasNot(graph, { from: user, to: 'Pod:elsewhere/*', kind: '*' });
}

// ---- the facts ----

const fact = (
  place: string,
  name: string,
  check: () => Promise<void>,
): ConformanceFact => ({ place: `${BOOTSTRAP}#${place}`, name, check });
const row = (section: number, cell: string, check: () => Promise<void>) =>
  fact(`§${String(section)}|${cell}`, `§${String(section)} ${cell}`, check);
const bullet = (section: number, text: string, check: () => Promise<void>) =>
  fact(
    `§${String(section)}- ${text.slice(0, 40)}`,
    `§${String(section)} ${text}`,
    check,
  );
const bold = (section: number, text: string, check: () => Promise<void>) =>
  fact(`§${String(section)}* ${text}`, `§${String(section)} ${text}`, check);

const notReaching = (
  cell: string,
  ids: readonly string[],
  more: readonly Doc[] = [],
) => row(4, cell, () => reachesNoCritical(withObjects(more), ids));

const SECTION4_LONG = [
  'disruption-controller',
  'pod-garbage-collector',
  'pv-protection-controller',
  'pvc-protection-controller',
  'expand-controller',
  'attachdetach-controller',
  'ephemeral-volume-controller',
  'resource-claim-controller',
  'selinux-warning-controller',
  'service-controller',
  'service-cidrs-controller',
  'validatingadmissionpolicy-status-controller',
  'volumeattributesclass-protection-controller',
  'ttl-after-finished-controller',
];

function proseFacts(): ConformanceFact[] {
  return [
    bullet(
      1,
      'The `system:controller:*` ClusterRoles are bound to ServiceAccounts in `kube-system`.',
      async () => {
        const { graph } = await alone();
        const controllerBindings = readBootstrapObjects().filter(
          o =>
            o.kind === 'ClusterRoleBinding' &&
            o.metadata.name.startsWith('system:controller:'),
        );
        expect(controllerBindings.length).toBeGreaterThan(30);
        for (const b of controllerBindings) {
          const subjects =
            (
              b as {
                subjects?: { kind: string; namespace?: string; name: string }[];
              }
            ).subjects ?? [];
          for (const s of subjects) {
            expect([s.kind, s.namespace], b.metadata.name).toEqual([
              'ServiceAccount',
              'kube-system',
            ]);
            expect(graph.hasNode(ks(s.name)), s.name).toBe(true);
          }
        }
      },
    ),
    bullet(
      1,
      'Their tokens are not mounted in any pod. An attacker gets them in two ways:',
      async () => {
        const { graph } = await alone();
        const target = ks(TOKEN_OF);
        assertHas(graph, {
          from: POD_CREATORS[0] ?? '',
          to: target,
          kind: 'POD_CREATE_WITH_SA',
        });
        assertHas(graph, { from: KCM, to: target, kind: 'TOKEN_REQUEST' });
        expect(
          graph
            .inEdges(target)
            .filter(
              e => graph.getEdgeAttribute(e, 'kind') === 'IDENTITY_ASSUME',
            ),
        ).toEqual([]);
      },
    ),
    bullet(
      1,
      'The catalog creates a ServiceAccount node for every binding subject, so all of them are',
      async () => {
        const { graph } = await alone();
        const subjects = readBootstrapObjects().flatMap(o =>
          (
            (
              o as {
                subjects?: { kind: string; namespace?: string; name: string }[];
              }
            ).subjects ?? []
          )
            .filter(s => s.kind === 'ServiceAccount')
            .map(
              s =>
                `ServiceAccount:${s.namespace ?? o.metadata.namespace ?? ''}/${s.name}`,
            ),
        );
        expect(subjects.length).toBeGreaterThan(40);
        for (const s of subjects) expect(graph.hasNode(s), s).toBe(true);
      },
    ),
    bullet(
      1,
      'The `system:node` ClusterRoleBinding has no subjects. `Group:system:nodes` and',
      async () => {
        const binding = readBootstrapObjects().find(
          o =>
            o.kind === 'ClusterRoleBinding' &&
            o.metadata.name === 'system:node',
        ) as { subjects?: unknown[] } | undefined;
        expect(binding?.subjects ?? []).toEqual([]);
        expect(model.grantsFor({ groups: ['system:nodes'] })).toEqual([]);
        const { graph } = await withObjects(NODES);
        for (const from of ['Group:system:nodes', 'User:system:node:worker-1'])
          expect(
            edgeMatches(graph, { from, to: '*', kind: '*' }).filter(m =>
              isAttackKind(m.kind),
            ),
            from,
          ).toEqual([]);
      },
    ),
    row(2, '`Group:system:masters`', async () => {
      const { graph } = await alone();
      expect(clusterAdminNodes(graph).has('Group:system:masters')).toBe(true);
      const holders = graph.filterNodes(
        (_id, a) =>
          ['User', 'Group', 'ServiceAccount'].includes(a.kind) &&
          a.props?.clusterAdmin === true,
      );
      expect(holders, 'no other subject holds * on *').toEqual([
        'Group:system:masters',
      ]);
    }),
    bold(
      3,
      '`ServiceAccount:kube-system/clusterrole-aggregation-controller`',
      () => reachesCritical(alone(), [ks(TOKEN_OF)]),
    ),
    bullet(
      3,
      'Route: ROLE_ESCALATE, one step, to `RoleInScope:*@cluster`.',
      async () => {
        const { graph } = await alone();
        assertHas(graph, {
          from: ks(TOKEN_OF),
          toRoleInScope: { role: '*', scope: 'cluster' },
          kind: 'ROLE_ESCALATE',
        });
      },
    ),
    bullet(
      3,
      'Rule: its ClusterRole grants `escalate, get, list, patch, update, watch` on',
      async () => {
        const role = readBootstrapObjects().find(
          o =>
            o.kind === 'ClusterRole' &&
            o.metadata.name === `system:controller:${TOKEN_OF}`,
        ) as
          | {
              rules?: { verbs: string[]; resources?: string[] }[];
              aggregationRule?: unknown;
            }
          | undefined;
        expect(role?.aggregationRule).toBeUndefined();
        for (const verb of [
          'escalate',
          'get',
          'list',
          'patch',
          'update',
          'watch',
        ])
          expect(
            allowed(saIdentity(TOKEN_OF), {
              verb,
              apiGroup: RBAC,
              resource: 'clusterroles',
              namespace: '',
              name: 'any',
            }),
            verb,
          ).toBe(true);
        await routeStartsWith(ks(TOKEN_OF), 'ROLE_ESCALATE');
      },
    ),
    bullet(
      3,
      'The same holds through `system:basic-user`, `system:discovery` and',
      async () => {
        const { graph } = await alone();
        assertHas(graph, {
          from: ks(TOKEN_OF),
          to: 'Group:system:authenticated',
          kind: 'MEMBER_OF',
        });
        expect(
          edgeMatches(graph, {
            from: ks(TOKEN_OF),
            to: 'RoleInScope:*',
            kind: 'ROLE_ESCALATE',
          }).map(m => m.to),
        ).toEqual(['RoleInScope:*@cluster']);
      },
    ),
    bullet(
      3,
      'Expected edge: ROLE_ESCALATE to `{role: *, scope: cluster}`.',
      async () => {
        assertHas((await alone()).graph, {
          from: ks(TOKEN_OF),
          toRoleInScope: { role: '*', scope: 'cluster' },
          kind: 'ROLE_ESCALATE',
          confidence: 'high',
        });
      },
    ),
    bold(3, 'Pod creators.', async () => {
      await reachesCritical(alone(), POD_CREATORS);
      const { graph } = await alone();
      for (const creator of POD_CREATORS) {
        toEveryServiceAccount(graph, creator, 'POD_CREATE_WITH_SA');
        assertReaches(graph, {
          from: creator,
          to: CLUSTER_ADMIN,
          via: 'ROLE_ESCALATE',
        });
      }
    }),
    ...(
      [
        ['daemon-set-controller', '', 'pods'],
        ['job-controller', '', 'pods'],
        ['replicaset-controller', '', 'pods'],
        ['replication-controller', '', 'pods'],
        ['statefulset-controller', '', 'pods'],
        ['persistent-volume-binder', '', 'pods'],
        ['deployment-controller', 'apps', 'replicasets'],
        ['cronjob-controller', 'batch', 'jobs'],
      ] as const
    ).map(([name, group, resource]) =>
      row(3, `\`${name}\``, async () => {
        const id = saIdentity(name);
        for (const ns of ['kube-system', 'default'])
          expect(
            allowed(id, {
              verb: 'create',
              apiGroup: group,
              resource,
              namespace: ns,
            }),
            `${name} create ${resource} in ${ns}`,
          ).toBe(true);
        if (resource !== 'pods')
          expect(
            allowed(id, {
              verb: 'create',
              apiGroup: '',
              resource: 'pods',
              namespace: 'default',
            }),
          ).toBe(false);
        if (name === 'deployment-controller')
          // The `extensions` entry grants nothing: no such workload is served there.
          expect(
            allowed(id, {
              verb: 'create',
              apiGroup: 'extensions',
              resource,
              namespace: 'default',
            }),
          ).toBe(true);
        const { graph } = await alone();
        toEveryServiceAccount(graph, ks(name), 'POD_CREATE_WITH_SA');
      }),
    ),
    bold(3, '`User:system:kube-controller-manager`', () =>
      reachesCritical(alone(), [KCM]),
    ),
    bullet(
      3,
      'Route: TOKEN_REQUEST to `ServiceAccount:kube-system/clusterrole-aggregation-controller`',
      async () => {
        assertHas((await alone()).graph, {
          from: KCM,
          to: ks(TOKEN_OF),
          kind: 'TOKEN_REQUEST',
        });
        await routeStartsWith(KCM, 'TOKEN_REQUEST');
      },
    ),
    bullet(
      3,
      'Rule: `create` `serviceaccounts/token` cluster-wide, without resourceNames.',
      () => {
        const kcm: Identity = {
          user: 'system:kube-controller-manager',
          groups: ['system:authenticated'],
        };
        for (const [namespace, name] of [
          ['kube-system', 'x'],
          ['default', 'anything'],
          ['dev', 'builder'],
        ] as const)
          expect(
            allowed(kcm, {
              verb: 'create',
              apiGroup: '',
              resource: 'serviceaccounts',
              subresource: 'token',
              namespace,
              name,
            }),
          ).toBe(true);
        return Promise.resolve();
      },
    ),
    bullet(
      3,
      'Expected: TOKEN_REQUEST and TOKEN_SECRET_CREATE, at `medium`, to every ServiceAccount',
      async () => {
        const { graph } = await alone();
        toEveryServiceAccount(graph, KCM, 'TOKEN_REQUEST');
        toEveryServiceAccount(graph, KCM, 'TOKEN_SECRET_CREATE');
      },
    ),
    notReaching('`Group:system:authenticated`', ['Group:system:authenticated']),
    notReaching('`Group:system:unauthenticated`, `User:system:anonymous`', [
      'Group:system:unauthenticated',
      'User:system:anonymous',
    ]),
    notReaching(
      '`Group:system:serviceaccounts`, `Group:system:serviceaccounts:<ns>`',
      [
        'Group:system:serviceaccounts',
        'Group:system:serviceaccounts:kube-system',
      ],
    ),
    row(4, 'every `ServiceAccount:<ns>/default`', async () => {
      const built = await alone();
      const defaults = serviceAccountNodes(built.graph).filter(id =>
        id.endsWith('/default'),
      );
      expect(defaults).toContain('ServiceAccount:kube-system/default');
      await reachesNoCritical(alone(), defaults);
    }),
    notReaching(
      '`Group:system:nodes`, `User:system:node:<n>`',
      [
        'Group:system:nodes',
        'User:system:node:worker-1',
        'User:system:node:cp-1',
      ],
      NODES,
    ),
    notReaching('`User:system:kube-scheduler`', ['User:system:kube-scheduler']),
    notReaching('`User:system:kube-proxy`', ['User:system:kube-proxy']),
    notReaching('`ServiceAccount:kube-system/kube-dns`', [ks('kube-dns')]),
    notReaching(
      '`ServiceAccount:kube-system/kube-controller-manager`, `…/leader-election-controller`, `…/kube-scheduler`',
      [
        ks('kube-controller-manager'),
        ks('leader-election-controller'),
        ks('kube-scheduler'),
      ],
    ),
    row(4, '`ServiceAccount:kube-system/certificate-controller`', async () => {
      await reachesNoCritical(alone(), [ks('certificate-controller')]);
      assertHasNot((await alone()).graph, {
        from: ks('certificate-controller'),
        to: '*',
        kind: 'CSR_CLIENT_CERT',
      });
    }),
    notReaching(
      '`ServiceAccount:kube-system/node-controller`, `…/ttl-controller`, `…/route-controller`',
      ['node-controller', 'ttl-controller', 'route-controller'].map(ks),
    ),
    notReaching(
      '`ServiceAccount:kube-system/endpoint-controller`, `…/endpointslice-controller`, `…/endpointslicemirroring-controller`',
      [
        'endpoint-controller',
        'endpointslice-controller',
        'endpointslicemirroring-controller',
      ].map(ks),
    ),
    notReaching('`ServiceAccount:kube-system/horizontal-pod-autoscaler`', [
      ks('horizontal-pod-autoscaler'),
    ]),
    notReaching(
      ['disruption-controller', ...SECTION4_LONG.slice(1)]
        .map((n, i) =>
          i === 0 ? `\`ServiceAccount:kube-system/${n}\`` : `\`…/${n}\``,
        )
        .join(', '),
      SECTION4_LONG.map(ks),
    ),
    notReaching('`ServiceAccount:kube-system/service-account-controller`', [
      ks('service-account-controller'),
    ]),
    notReaching(
      '`ServiceAccount:kube-system/legacy-service-account-token-cleaner`',
      [ks('legacy-service-account-token-cleaner')],
    ),
    row(4, '`ServiceAccount:kube-system/cloud-provider`', async () => {
      await reachesNoCritical(alone(), [ks('cloud-provider')]);
      assertHasNot((await alone()).graph, {
        from: ks('cloud-provider'),
        to: '*',
        kind: 'AWS_AUTH_PATCH',
      });
    }),
    row(
      4,
      '`ServiceAccount:kube-system/podcheckpoint-controller`',
      async () => {
        await reachesNoCritical(alone(), [ks('podcheckpoint-controller')]);
        await assertFinding(
          alone(),
          'F-RBAC-MISSINGROLE',
          'ClusterRoleBinding:system:controller:podcheckpoint-controller',
        );
      },
    ),
    bold(5, 'Secrets', async () => {
      const built = await withObjects(SECRETS);
      expect(criticalAssets(built).has('Secret:kube-system/etcd-backup')).toBe(
        true,
      );
    }),
    bullet(
      5,
      'Adding Secrets, especially in `kube-system`, and live legacy',
      () =>
        reachesCritical(withObjects(SECRETS), [
          ks('namespace-controller'),
          ks('resourcequota-controller'),
          ks('bootstrap-signer'),
          ks('token-cleaner'),
          KCM,
        ]),
    ),
    ...(['namespace-controller', 'resourcequota-controller'] as const).map(
      name =>
        row(5, `\`ServiceAccount:kube-system/${name}\``, async () => {
          const { graph } = await withObjects(SECRETS);
          for (const s of [
            'kube-system/etcd-backup',
            'default/app',
            `kube-system/${TOKEN_OF}-token`,
          ])
            assertHas(graph, {
              from: ks(name),
              to: `Secret:${s}`,
              kind: 'SECRET_READ',
            });
          assertHas(graph, {
            from: ks(name),
            to: ks(TOKEN_OF),
            kind: 'TOKEN_LIST',
          });
          expect(
            edgeMatches(graph, {
              from: ks(name),
              to: 'ServiceAccount:*',
              kind: 'TOKEN_LIST',
            }).map(m => m.to),
          ).toEqual([ks(TOKEN_OF)]);
        }),
    ),
    row(
      5,
      '`ServiceAccount:kube-system/bootstrap-signer`, `…/token-cleaner`',
      async () => {
        const { graph } = await withObjects(SECRETS);
        for (const name of ['bootstrap-signer', 'token-cleaner']) {
          assertHas(graph, {
            from: ks(name),
            to: 'Secret:kube-system/etcd-backup',
            kind: 'SECRET_READ',
          });
          assertHasNot(graph, {
            from: ks(name),
            to: 'Secret:default/*',
            kind: 'SECRET_READ',
          });
          assertHas(graph, {
            from: ks(name),
            to: ks(TOKEN_OF),
            kind: 'TOKEN_LIST',
          });
        }
      },
    ),
    row(5, '`User:system:kube-controller-manager`', async () => {
      const { graph } = await withObjects(SECRETS);
      for (const s of ['kube-system/etcd-backup', 'default/app'])
        assertHas(graph, { from: KCM, to: `Secret:${s}`, kind: 'SECRET_READ' });
      assertHas(graph, { from: KCM, to: ks(TOKEN_OF), kind: 'TOKEN_LIST' });
    }),
    bullet(
      5,
      'Whether any of these then reaches cluster-admin depends on which live token Secrets',
      async () => {
        // With the live token of the aggregation controller: ROLE_ESCALATE behind it.
        assertReaches((await withObjects(SECRETS)).graph, {
          from: ks('namespace-controller'),
          to: CLUSTER_ADMIN,
        });
        assertReachesNot((await withObjects(SECRETS_NO_TOKEN)).graph, {
          from: ks('namespace-controller'),
          to: CLUSTER_ADMIN,
        });
      },
    ),
    bold(5, 'Pods and controllers', () =>
      reachesCritical(withObjects([...NODES, DEPLOYMENT, POD]), [GC]),
    ),
    bullet(
      5,
      '`ServiceAccount:kube-system/generic-garbage-collector` gets POD_PATCH and POD_DEBUG on',
      async () => {
        const { graph } = await withObjects([...NODES, DEPLOYMENT, POD]);
        assertHas(graph, {
          from: GC,
          to: 'Pod:default/web-0',
          kind: 'POD_PATCH',
        });
        assertHas(graph, {
          from: GC,
          to: 'Pod:default/web-0',
          kind: 'POD_DEBUG',
        });
      },
    ),
    bullet(
      5,
      'It also gets POD_CREATE_WITH_SA through `patch`/`update` of any existing Deployment,',
      async () => {
        assertHas((await withObjects([...NODES, DEPLOYMENT])).graph, {
          from: GC,
          to: 'ServiceAccount:default/default',
          kind: 'POD_CREATE_WITH_SA',
        });
        assertHas((await withObjects([...NODES, DEPLOYMENT])).graph, {
          from: GC,
          to: 'Node:cp-1',
          kind: 'POD_CREATE',
        });
        // A Job's pod template is immutable.
        const jobOnly = (await withObjects([...NODES, JOB])).graph;
        assertHasNot(jobOnly, {
          from: GC,
          to: '*',
          kind: 'POD_CREATE_WITH_SA',
        });
        assertHasNot(jobOnly, { from: GC, to: '*', kind: 'POD_CREATE' });
      },
    ),
    bullet(
      5,
      'The pod creators of section 3 that may patch or update pods get POD_PATCH on existing',
      async () => {
        const { graph } = await withObjects([...NODES, POD]);
        for (const name of [
          'deployment-controller',
          'daemon-set-controller',
          'job-controller',
          'replicaset-controller',
          'replication-controller',
          'statefulset-controller',
        ])
          assertHas(graph, {
            from: ks(name),
            to: 'Pod:default/web-0',
            kind: 'POD_PATCH',
          });
      },
    ),
    bold(5, 'Nodes', async () => {
      const built = await withObjects(NODES);
      expect(criticalAssets(built).has('Node:cp-1')).toBe(true);
    }),
    bullet(
      5,
      'Every pod creator of section 3 gets POD_CREATE to every Linux, non-virtual Node, the',
      async () => {
        const { graph } = await withObjects(NODES);
        for (const creator of POD_CREATORS)
          for (const n of ['Node:worker-1', 'Node:cp-1'])
            assertHas(graph, {
              from: creator,
              to: n,
              kind: 'POD_CREATE',
              confidence: 'high',
            });
      },
    ),
    bold(5, 'ConfigMap `kube-system/aws-auth` (EKS)', () =>
      reachesCritical(withObjects([AWS_AUTH]), [
        ks('root-ca-cert-publisher'),
        GC,
      ]),
    ),
    bullet(
      5,
      '`ServiceAccount:kube-system/root-ca-cert-publisher` (`update` configmaps cluster-wide)',
      async () => {
        const { graph } = await withObjects([AWS_AUTH]);
        for (const from of [ks('root-ca-cert-publisher'), GC])
          assertHas(graph, {
            from,
            to: 'Group:system:masters',
            kind: 'AWS_AUTH_PATCH',
            confidence: 'medium',
          });
      },
    ),
    bullet(
      5,
      'Without an aws-auth ConfigMap in the input, and without a live EKS cluster, the catalog',
      async () => {
        const { graph } = await alone();
        expect(
          graph.filterEdges((_e, a) => a.kind === 'AWS_AUTH_PATCH'),
        ).toEqual([]);
      },
    ),
    bold(5, 'Mutating webhook configurations', () =>
      reachesCritical(withObjects([...NODES, WEBHOOK, DEPLOYMENT, POD]), [GC]),
    ),
    bullet(
      5,
      '`ServiceAccount:kube-system/generic-garbage-collector` can `update`/`patch` but not',
      async () => {
        const { graph } = await withObjects([...NODES, WEBHOOK, DEPLOYMENT]);
        assertHas(graph, {
          from: GC,
          to: 'ServiceAccount:default/default',
          kind: 'WEBHOOK_CONTROL',
          confidence: 'medium',
        });
        for (const n of ['Node:worker-1', 'Node:cp-1'])
          assertHas(graph, {
            from: GC,
            to: n,
            kind: 'WEBHOOK_CONTROL',
            confidence: 'medium',
          });
        await reachesNoCritical(alone(), [GC]);
        for (const kind of ['ROLE_BIND', 'ROLE_ESCALATE'])
          assertHasNot((await alone()).graph, { from: GC, to: '*', kind });
      },
    ),
    row(6, '`cluster-admin`', async () => {
      const { graph } = await section6();
      assertReaches(graph, {
        from: clusterWide('cluster-admin'),
        to: CLUSTER_ADMIN,
      });
      assertReachesNot(graph, {
        from: inNs('cluster-admin'),
        to: CLUSTER_ADMIN,
      });
      assertHas(graph, {
        from: inNs('cluster-admin'),
        to: shellPod,
        kind: 'POD_EXEC',
      });
    }),
    row(6, '`admin` (aggregated: admin ⊇ edit ⊇ view)', async () => {
      await editLike(inNs('admin'));
      const { graph } = await section6();
      for (const kind of ['ROLE_BIND', 'ROLE_ESCALATE'])
        assertHasNot(graph, { from: inNs('admin'), to: '*', kind });
    }),
    row(6, '`edit`', () => editLike(inNs('edit'))),
    row(6, '`view`', async () => {
      for (const user of [inNs('view'), clusterWide('view')])
        expect(await attackEdges(user), user).toEqual([]);
    }),
    row(6, '`system:kubelet-api-admin`', async () => {
      const { graph } = await section6();
      for (const pod of [shellPod, 'Pod:elsewhere/other'])
        assertHas(graph, {
          from: clusterWide('system:kubelet-api-admin'),
          to: pod,
          kind: 'NODE_PROXY_EXEC',
        });
    }),
    row(6, '`system:node-bootstrapper`', async () => {
      const { graph } = await section6();
      assertHasNot(graph, {
        from: clusterWide('system:node-bootstrapper'),
        to: '*',
        kind: 'CSR_CLIENT_CERT',
      });
      await reachesNoCritical(section6(), [
        clusterWide('system:node-bootstrapper'),
      ]);
    }),
    row(
      6,
      '`system:certificates.k8s.io:kube-apiserver-client-approver`',
      async () => {
        const { graph } = await section6();
        assertHasNot(graph, {
          from: clusterWide(
            'system:certificates.k8s.io:kube-apiserver-client-approver',
          ),
          to: '*',
          kind: 'CSR_CLIENT_CERT',
        });
      },
    ),
    row(
      6,
      '`system:auth-delegator`, `system:heapster`, `system:kube-aggregator`, `system:persistent-volume-provisioner`, `system:node-problem-detector`, `system:monitoring`, `system:service-account-issuer-discovery`, `system:certificates.k8s.io:*` (others)',
      async () => {
        for (const role of SECTION6_ROLES.slice(7))
          for (const user of [inNs(role), clusterWide(role)])
            expect(await attackEdges(user), user).toEqual([]);
      },
    ),
    ...[
      ['`system:kube-scheduler`', ['system:kube-scheduler']],
      ['`system:node-bootstrapper`', ['system:node-bootstrapper']],
      [
        '`view`, `system:aggregate-to-view`',
        ['view', 'system:aggregate-to-view'],
      ],
      [
        '`system:public-info-viewer`, `system:monitoring`',
        ['system:public-info-viewer', 'system:monitoring'],
      ],
      [
        '`system:service-account-issuer-discovery`, `system:volume-scheduler`',
        ['system:service-account-issuer-discovery', 'system:volume-scheduler'],
      ],
    ].map(([text, roles]) =>
      bullet(7, text as string, async () => {
        const { graph } = await alone();
        const admins = clusterAdminNodes(graph);
        for (const role of roles as string[]) {
          expect(
            admins.has(`RoleInScope:ClusterRole:${role}@cluster`),
            role,
          ).toBe(false);
          // Bound cluster-wide to a user of its own, it makes that user no critical asset.
          const user = `crit-${role}`;
          const built = await withObjects([
            {
              apiVersion: `${RBAC}/v1`,
              kind: 'ClusterRoleBinding',
              metadata: { name: user.replaceAll(':', '-') },
              roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
              subjects: [{ apiGroup: RBAC, kind: 'User', name: user }],
            },
          ]);
          expect(criticalAssets(built).has(`User:${user}`), role).toBe(false);
        }
      }),
    ),
    bullet(7, 'most `system:controller:*` roles', async () => {
      const built = await alone();
      const critical = criticalAssets(built);
      const roles = [...model.roles()].filter(r =>
        r.id.startsWith('ClusterRole:system:controller:'),
      );
      expect(roles.length).toBeGreaterThan(30);
      for (const r of roles)
        expect(
          (model.effectiveRules(r.id) ?? []).some(isClusterAdminRule),
          r.id,
        ).toBe(false);
      expect(
        [...critical].filter(id =>
          id.startsWith('ServiceAccount:kube-system/'),
        ),
      ).toEqual([]);
    }),
  ];
}

function summaryFacts(): ConformanceFact[] {
  const j = (path: string, name: string, check: () => Promise<void>) =>
    fact(`json/${path}`, `summary ${name}`, check);
  return [
    j(
      'clusterAdminEquivalent',
      `clusterAdminEquivalent ${summary.clusterAdminEquivalent.join(', ')}`,
      async () => {
        const { graph } = await alone();
        const identities = graph.filterNodes(
          (id, a) =>
            ['User', 'Group', 'ServiceAccount'].includes(a.kind) &&
            clusterAdminNodes(graph).has(id),
        );
        expect(identities).toEqual([...summary.clusterAdminEquivalent]);
      },
    ),
    ...Object.entries(summary.mustReachClusterAdminEquivalent).map(
      ([from, kind]) =>
        j(
          `mustReachClusterAdminEquivalent/${from}`,
          `mustReachClusterAdminEquivalent ${from} first by ${kind}`,
          async () => {
            assertReaches((await alone()).graph, { from, to: CLUSTER_ADMIN });
            await routeStartsWith(from, kind);
          },
        ),
    ),
    ...summary.mustHaveEdges.map((e, i) =>
      j(
        `mustHaveEdges/${String(i)}`,
        `mustHaveEdges ${e.kind} ${e.from} -> ${e.to ?? JSON.stringify(e.toRoleInScope)}`,
        async () => {
          assertHas((await alone()).graph, e);
        },
      ),
    ),
    ...summary.mustNotHaveEdges.map((e, i) =>
      j(
        `mustNotHaveEdges/${String(i)}`,
        `mustNotHaveEdges ${e.kind} ${e.from} -> ${e.to ?? ''}`,
        async () => {
          assertHasNot((await alone()).graph, e);
        },
      ),
    ),
    ...summary.mustNotReachAnyCriticalAsset.map((id, i) =>
      j(
        `mustNotReachAnyCriticalAsset/${String(i)}`,
        `mustNotReachAnyCriticalAsset ${id}`,
        async () => {
          await reachesNoCritical(alone(), [id]);
        },
      ),
    ),
    ...Object.keys(summary.reachCriticalOnlyWithMoreObjects).map(id =>
      j(
        `reachCriticalOnlyWithMoreObjects/${id}`,
        `reachCriticalOnlyWithMoreObjects ${id}: nothing critical with the files alone`,
        () => reachesNoCritical(alone(), [id]),
      ),
    ),
    ...summary.findings.map((text, i) =>
      j(`findings/${String(i)}`, `finding ${text}`, () =>
        assertFinding(
          alone(),
          'F-RBAC-MISSINGROLE',
          'ClusterRoleBinding:system:controller:podcheckpoint-controller',
        ),
      ),
    ),
  ];
}

export const bootstrapFacts = (): ConformanceFact[] => [
  ...proseFacts(),
  ...summaryFacts(),
];
