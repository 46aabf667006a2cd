// RBAC differential test: randomly generated (seeded) Roles, ClusterRoles
// (some aggregated), RoleBindings and ClusterRoleBindings are applied to the
// real API server; then thousands of random (subject, verb, resource,
// subresource, namespace, name) questions are asked both to the engine's
// evaluator (RbacModel over the collected RBAC objects + authorize) and to
// SubjectAccessReview. Every answer must agree. CHOKEPOINT_RBAC_SEED and
// CHOKEPOINT_RBAC_QUESTIONS change the seed and the count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '@chokepoint/collector';
import type { KubeObject } from '@chokepoint/model';
import {
  RbacModel,
  authorize,
  serviceAccountIdentity,
} from '../../../packages/engine/src/rbac/index.ts';
import type {
  Identity,
  ResourceRequest,
} from '../../../packages/engine/src/rbac/index.ts';
import { Api, cluster, pool, record, target } from './support.ts';

const SEED = Number(process.env.CHOKEPOINT_RBAC_SEED ?? 20261201);
const QUESTIONS = Number(process.env.CHOKEPOINT_RBAC_QUESTIONS ?? 6000);
const NAMESPACES = ['diff-a', 'diff-b'];
const RBAC = 'rbac.authorization.k8s.io';

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(SEED);
const pick = <T>(items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;
const some = <T>(items: readonly T[], max: number): T[] => {
  const n = 1 + Math.floor(random() * max);
  return [...new Set(Array.from({ length: n }, () => pick(items)))];
};
const chance = (p: number) => random() < p;

const RULE_VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'bind',
  'escalate',
  'impersonate',
];
const RULE_GROUPS = ['', '', 'apps', RBAC, 'example.com'];
const RULE_RESOURCES = [
  'pods',
  'pods/exec',
  'pods/log',
  'secrets',
  'configmaps',
  'nodes',
  'nodes/proxy',
  'namespaces',
  'deployments',
  'deployments/scale',
  'roles',
  'clusterroles',
  'widgets',
  'users',
  'serviceaccounts/token',
];
const NAMES = ['n1', 'n2', '*', 'diff-a'];

function randomRule(): Record<string, unknown> {
  const verbs = chance(0.1) ? ['*'] : some(RULE_VERBS, 3);
  const apiGroups = chance(0.1)
    ? ['*']
    : chance(0.03)
      ? ['core']
      : some(RULE_GROUPS, 2);
  const resources = chance(0.08)
    ? ['*']
    : chance(0.06)
      ? [pick(['*/exec', 'pods/*', '*/scale', '*/*'])]
      : some(RULE_RESOURCES, 3);
  return {
    verbs,
    apiGroups,
    resources,
    ...(chance(0.3) ? { resourceNames: some(NAMES, 2) } : {}),
  };
}

const USERS = ['diff-u0', 'diff-u1', 'diff-u2', 'diff-u3'];
const GROUPS = [
  'diff-g0',
  'diff-g1',
  'diff-g2',
  'system:serviceaccounts:diff-a',
];
const ACCOUNTS = [
  ['diff-a', 'sa0'],
  ['diff-a', 'sa1'],
  ['diff-b', 'sa0'],
] as const;

function randomSubject(
  bindingNamespace: string | undefined,
): Record<string, unknown> {
  const r = random();
  if (r < 0.35) return { kind: 'User', apiGroup: RBAC, name: pick(USERS) };
  if (r < 0.6) return { kind: 'Group', apiGroup: RBAC, name: pick(GROUPS) };
  if (r < 0.68)
    return {
      kind: 'User',
      apiGroup: RBAC,
      name: 'system:serviceaccount:diff-b:sa0',
    };
  const [ns, name] = pick(ACCOUNTS);
  // A RoleBinding may leave a ServiceAccount's namespace empty: its own.
  if (bindingNamespace !== undefined && chance(0.3))
    return { kind: 'ServiceAccount', name };
  return { kind: 'ServiceAccount', name, namespace: ns };
}

function generatePolicy(): Record<string, unknown>[] {
  const objects: Record<string, unknown>[] = [];
  const clusterRoles: string[] = [];
  for (let i = 0; i < 14; i++) {
    const name = `diff-cr-${String(i)}`;
    clusterRoles.push(name);
    objects.push({
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRole',
      metadata: {
        name,
        ...(chance(0.4) ? { labels: { 'diff-agg': pick(['x', 'y']) } } : {}),
      },
      rules: Array.from({ length: 1 + Math.floor(random() * 3) }, randomRule),
    });
  }
  for (const value of ['x', 'y']) {
    const name = `diff-agg-${value}`;
    clusterRoles.push(name);
    objects.push({
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRole',
      metadata: { name },
      aggregationRule: {
        clusterRoleSelectors: [{ matchLabels: { 'diff-agg': value } }],
      },
      rules: [],
    });
  }
  const roles = new Map<string, string[]>();
  for (const ns of NAMESPACES) {
    roles.set(ns, []);
    for (let i = 0; i < 7; i++) {
      const name = `diff-role-${String(i)}`;
      roles.get(ns)?.push(name);
      objects.push({
        apiVersion: `${RBAC}/v1`,
        kind: 'Role',
        metadata: { name, namespace: ns },
        rules: Array.from({ length: 1 + Math.floor(random() * 3) }, randomRule),
      });
    }
  }
  for (let i = 0; i < 10; i++) {
    objects.push({
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: `diff-crb-${String(i)}` },
      roleRef: {
        apiGroup: RBAC,
        kind: 'ClusterRole',
        name: chance(0.05) ? 'diff-missing' : pick(clusterRoles),
      },
      subjects: Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
        randomSubject(undefined),
      ),
    });
  }
  for (const ns of NAMESPACES) {
    for (let i = 0; i < 10; i++) {
      const toRole = chance(0.5);
      objects.push({
        apiVersion: `${RBAC}/v1`,
        kind: 'RoleBinding',
        metadata: { name: `diff-rb-${String(i)}`, namespace: ns },
        roleRef: toRole
          ? {
              apiGroup: RBAC,
              kind: 'Role',
              name: chance(0.05) ? 'diff-missing' : pick(roles.get(ns) ?? []),
            }
          : { apiGroup: RBAC, kind: 'ClusterRole', name: pick(clusterRoles) },
        subjects: Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
          randomSubject(ns),
        ),
      });
    }
  }
  return objects;
}

interface Asked {
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly namespaced: boolean;
}

const ASKED: readonly Asked[] = [
  { group: '', resource: 'pods', namespaced: true },
  { group: '', resource: 'pods', subresource: 'exec', namespaced: true },
  { group: '', resource: 'pods', subresource: 'log', namespaced: true },
  { group: '', resource: 'secrets', namespaced: true },
  { group: '', resource: 'configmaps', namespaced: true },
  {
    group: '',
    resource: 'serviceaccounts',
    subresource: 'token',
    namespaced: true,
  },
  { group: '', resource: 'nodes', namespaced: false },
  { group: '', resource: 'nodes', subresource: 'proxy', namespaced: false },
  { group: '', resource: 'namespaces', namespaced: false },
  { group: '', resource: 'users', namespaced: false },
  { group: 'apps', resource: 'deployments', namespaced: true },
  {
    group: 'apps',
    resource: 'deployments',
    subresource: 'scale',
    namespaced: true,
  },
  { group: RBAC, resource: 'roles', namespaced: true },
  { group: RBAC, resource: 'clusterroles', namespaced: false },
  { group: 'example.com', resource: 'widgets', namespaced: true },
  { group: 'core', resource: 'pods', namespaced: true },
];
const ASK_VERBS = [...RULE_VERBS, 'use', 'approve'];

interface Question {
  readonly identity: Identity;
  readonly request: ResourceRequest;
}

function identities(): Identity[] {
  const users: Identity[] = USERS.map((user, i) => ({
    user,
    groups: [
      ...GROUPS.filter((_, j) => (i + j) % 2 === 0),
      'system:authenticated',
    ],
  }));
  return [
    ...users,
    ...ACCOUNTS.map(([ns, name]) => serviceAccountIdentity(ns, name)),
    { user: 'diff-nobody', groups: ['system:authenticated'] },
  ];
}

function questions(count: number): Question[] {
  const who = identities();
  return Array.from({ length: count }, () => {
    const asked = pick(ASKED);
    const namespace = asked.namespaced
      ? chance(0.1)
        ? ''
        : pick([...NAMESPACES, 'default'])
      : '';
    const name = chance(0.35) ? '' : pick([...NAMES, 'other']);
    return {
      identity: pick(who),
      request: {
        verb: pick(ASK_VERBS),
        apiGroup: asked.group,
        resource: asked.resource,
        ...(asked.subresource === undefined
          ? {}
          : { subresource: asked.subresource }),
        namespace,
        ...(name === '' ? {} : { name }),
      },
    };
  });
}

async function subjectAccessReview(api: Api, q: Question): Promise<boolean> {
  const { request, identity } = q;
  const res = await api.request(
    'POST',
    '/apis/authorization.k8s.io/v1/subjectaccessreviews',
    {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        ...(identity.user === undefined ? {} : { user: identity.user }),
        groups: identity.groups,
        resourceAttributes: {
          namespace: request.namespace,
          verb: request.verb,
          group: request.apiGroup,
          resource: request.resource,
          subresource: request.subresource ?? '',
          name: request.name ?? '',
        },
      },
    },
  );
  if (res.status !== 201 && res.status !== 200)
    throw new Error(
      `SubjectAccessReview: ${String(res.status)} ${JSON.stringify(res.body)}`,
    );
  return record(record(res.body).status).allowed === true;
}

async function applyPolicy(
  api: Api,
  objects: readonly Record<string, unknown>[],
): Promise<void> {
  for (const ns of NAMESPACES)
    await api.request('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
  await pool(objects, 6, async o => {
    const meta = record(o.metadata);
    const plural =
      o.kind === 'ClusterRole'
        ? 'clusterroles'
        : o.kind === 'Role'
          ? 'roles'
          : o.kind === 'RoleBinding'
            ? 'rolebindings'
            : 'clusterrolebindings';
    const path =
      typeof meta.namespace === 'string'
        ? `/apis/${RBAC}/v1/namespaces/${meta.namespace}/${plural}`
        : `/apis/${RBAC}/v1/${plural}`;
    const res = await api.request('POST', path, o);
    if (res.status !== 201)
      throw new Error(
        `create ${String(o.kind)} ${String(meta.name)}: ${String(res.status)} ${JSON.stringify(res.body)}`,
      );
  });
}

async function deletePolicy(api: Api): Promise<void> {
  const sel = (p: string) => api.request('GET', p);
  for (const plural of ['clusterroles', 'clusterrolebindings']) {
    const list = record((await sel(`/apis/${RBAC}/v1/${plural}`)).body).items;
    for (const item of Array.isArray(list) ? list : []) {
      const name = String(record(record(item).metadata).name);
      if (name.startsWith('diff-'))
        await api.request('DELETE', `/apis/${RBAC}/v1/${plural}/${name}`);
    }
  }
  for (const ns of NAMESPACES)
    await api.request('DELETE', `/api/v1/namespaces/${ns}`);
}

/** The aggregation controller fills diff-agg-*: wait (bounded) until they are stable. */
async function aggregated(api: Api): Promise<void> {
  let last = '';
  for (let i = 0; i < 60; i++) {
    const rules = await Promise.all(
      ['x', 'y'].map(async v =>
        JSON.stringify(
          record(
            (
              await api.request(
                'GET',
                `/apis/${RBAC}/v1/clusterroles/diff-agg-${v}`,
              )
            ).body,
          ).rules ?? [],
        ),
      ),
    );
    const now = rules.join('|');
    if (now === last && !rules.includes('[]')) return;
    last = now;
    await new Promise(r => setTimeout(r, 500));
  }
}

describe.skipIf(cluster === undefined)(
  'RBAC differential: engine evaluator vs SubjectAccessReview',
  () => {
    let api: Api;
    beforeAll(async () => {
      api = new Api(undefined, 8);
      await applyPolicy(api, generatePolicy());
      await aggregated(api);
    });
    afterAll(async () => {
      await deletePolicy(api);
      api.close();
    });

    it(`${String(QUESTIONS)} random questions (seed ${String(SEED)}) get the same answer`, async () => {
      const { snapshot } = await collect({
        kubeconfig: target().kubeconfig,
        tool: 'it',
        now: () => new Date(),
      });
      const input = {
        roles: snapshot.objects.Role ?? [],
        clusterRoles: snapshot.objects.ClusterRole ?? [],
        roleBindings: snapshot.objects.RoleBinding ?? [],
        clusterRoleBindings: snapshot.objects.ClusterRoleBinding ?? [],
      };
      // As the engine reads a live snapshot (collected aggregation trusted), and
      // with its own aggregation resolution (catalog 4.5) as a second opinion.
      const trusted = RbacModel.fromObjects(input, {
        assumeDefaults: false,
        trustCollectedAggregation: true,
      });
      const resolved = RbacModel.fromObjects(input, { assumeDefaults: false });
      const asked = questions(QUESTIONS);
      const answers = await pool(asked, 8, q => subjectAccessReview(api, q));
      const mismatches: string[] = [];
      let allowed = 0;
      let resolvedMismatches = 0;
      asked.forEach((q, i) => {
        const sar = answers[i] === true;
        if (sar) allowed++;
        const engine =
          authorize(trusted.grantsFor(q.identity), q.request) !== undefined;
        const own =
          authorize(resolved.grantsFor(q.identity), q.request) !== undefined;
        if (own !== sar) resolvedMismatches++;
        if (engine !== sar) {
          const grants = trusted
            .grantsFor(q.identity)
            .map(g => `${g.binding}->${g.role}`);
          mismatches.push(
            `${JSON.stringify(q.identity)} ${JSON.stringify(q.request)}: SubjectAccessReview ${String(sar)}, engine ${String(engine)}; grants ${grants.join(', ')}`,
          );
        }
      });
      const policy = (kind: string) =>
        (snapshot.objects[kind] ?? []).filter((o: KubeObject) =>
          o.metadata.name.startsWith('diff-'),
        ).length;
      console.log(
        `RBAC differential: ${String(asked.length)} questions (seed ${String(SEED)}), ${String(allowed)} allowed, ` +
          `${String(mismatches.length)} mismatches (engine aggregation: ${String(resolvedMismatches)}); policy: ` +
          `${String(policy('ClusterRole'))} ClusterRoles, ${String(policy('Role'))} Roles, ${String(policy('ClusterRoleBinding'))} ClusterRoleBindings, ${String(policy('RoleBinding'))} RoleBindings`,
      );
      expect(mismatches.slice(0, 20)).toEqual([]);
      expect(resolvedMismatches).toBe(0);
      expect(allowed).toBeGreaterThan(asked.length / 50);
    });
  },
);
