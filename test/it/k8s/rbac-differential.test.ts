// RBAC differential test: randomly generated (seeded) Roles, ClusterRoles
// (some aggregated through matchLabels and matchExpressions selectors, some
// with non-resource URLs), RoleBindings and ClusterRoleBindings are applied
// to the real API server; then random (subject, verb, resource, subresource,
// namespace, name) and (subject, verb, non-resource URL) questions are asked
// both to the engine's evaluator (RbacModel over the collected RBAC objects +
// authorize / authorizeNonResource) and to SubjectAccessReview. Every answer
// must agree, for the aggregation collected from the server and for the
// engine's own resolution of it. Besides the random part, each seed applies
// aggregated ClusterRoles whose source rules overlap with and without
// resourceNames, the case where de-duplicating rules on a key without
// resourceNames denies what the server allows.
//
// CHOKEPOINT_RBAC_SEEDS (comma-separated) and CHOKEPOINT_RBAC_QUESTIONS
// (per seed) change the seeds and the count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, seededRandom } from '@chokepoint/collector';
import type { KubeObject } from '@chokepoint/model';
import {
  RbacModel,
  authorize,
  authorizeNonResource,
  serviceAccountIdentity,
} from '../../../packages/engine/src/rbac/index.ts';
import type {
  Identity,
  ResourceRequest,
} from '../../../packages/engine/src/rbac/index.ts';
import { Api, cluster, pool, record, target } from './support.ts';

const SEEDS = (process.env.CHOKEPOINT_RBAC_SEEDS ?? '20261201,7,31337')
  .split(',')
  .map(Number);
const QUESTIONS = Number(process.env.CHOKEPOINT_RBAC_QUESTIONS ?? 2500);
const RBAC = 'rbac.authorization.k8s.io';

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
const URL_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head'];
const RULE_URLS = [
  '/healthz',
  '/healthz/*',
  '/metrics',
  '/logs/*',
  '/diff/*',
  '/diff/custom',
  '/ap*',
  '*',
  '/version',
];
const ASKED_URLS = [
  '/healthz',
  '/healthz/etcd',
  '/metrics',
  '/logs',
  '/logs/kube-apiserver.log',
  '/api',
  '/apis/apps',
  '/version',
  '/openapi/v2',
  '/diff/custom',
  '/diff/custom/sub',
  '/diff',
  '/other',
];

const USERS = ['diff-u0', 'diff-u1', 'diff-u2', 'diff-u3'];
const GROUPS = ['diff-g0', 'diff-g1', 'diff-g2'];

interface Question {
  readonly identity: Identity;
  readonly request?: ResourceRequest;
  readonly url?: { readonly verb: string; readonly path: string };
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

type Obj = Record<string, unknown>;

const clusterRole = (
  name: string,
  rules: unknown[],
  labels?: Record<string, string>,
  selectors?: unknown[],
): Obj => ({
  apiVersion: `${RBAC}/v1`,
  kind: 'ClusterRole',
  metadata: { name, ...(labels === undefined ? {} : { labels }) },
  ...(selectors === undefined
    ? {}
    : { aggregationRule: { clusterRoleSelectors: selectors } }),
  rules,
});

const crb = (name: string, role: string, subjects: unknown[]): Obj => ({
  apiVersion: `${RBAC}/v1`,
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
  subjects,
});

/**
 * One seed's policy and questions. Names carry the seed's index so seeds
 * run one after the other without waiting for the previous namespaces to go.
 */
class Scenario {
  readonly random: () => number;
  readonly prefix: string;
  readonly namespaces: readonly string[];
  readonly accounts: readonly (readonly [string, string])[];
  readonly groups: readonly string[];
  readonly aggregators: string[] = [];

  constructor(seed: number, index: number) {
    this.random = seededRandom(seed);
    this.prefix = `diff-s${String(index)}-`;
    this.namespaces = [`${this.prefix}a`, `${this.prefix}b`];
    const [a = '', b = ''] = this.namespaces;
    this.accounts = [
      [a, 'sa0'],
      [a, 'sa1'],
      [b, 'sa0'],
    ];
    this.groups = [...GROUPS, `system:serviceaccounts:${a}`];
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  some<T>(items: readonly T[], max: number): T[] {
    const n = 1 + Math.floor(this.random() * max);
    return [...new Set(Array.from({ length: n }, () => this.pick(items)))];
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  resourceRule(): Obj {
    const verbs = this.chance(0.1) ? ['*'] : this.some(RULE_VERBS, 3);
    const apiGroups = this.chance(0.1)
      ? ['*']
      : this.chance(0.03)
        ? ['core']
        : this.some(RULE_GROUPS, 2);
    const resources = this.chance(0.08)
      ? ['*']
      : this.chance(0.06)
        ? [this.pick(['*/exec', 'pods/*', '*/scale', '*/*'])]
        : this.some(RULE_RESOURCES, 3);
    return {
      verbs,
      apiGroups,
      resources,
      ...(this.chance(0.3) ? { resourceNames: this.some(NAMES, 2) } : {}),
    };
  }

  urlRule(): Obj {
    return {
      verbs: this.chance(0.15) ? ['*'] : this.some(URL_VERBS, 2),
      nonResourceURLs: this.some(RULE_URLS, 2),
    };
  }

  subject(bindingNamespace: string | undefined): Obj {
    const r = this.random();
    if (r < 0.35)
      return { kind: 'User', apiGroup: RBAC, name: this.pick(USERS) };
    if (r < 0.6)
      return { kind: 'Group', apiGroup: RBAC, name: this.pick(this.groups) };
    if (r < 0.68)
      return {
        kind: 'User',
        apiGroup: RBAC,
        name: `system:serviceaccount:${this.namespaces[1] ?? ''}:sa0`,
      };
    const [ns, name] = this.pick(this.accounts);
    // A RoleBinding may leave a ServiceAccount's namespace empty: its own.
    if (bindingNamespace !== undefined && this.chance(0.3))
      return { kind: 'ServiceAccount', name };
    return { kind: 'ServiceAccount', name, namespace: ns };
  }

  /** Label selectors of the aggregated roles: matchLabels, matchExpressions, both, several. */
  selectors(): unknown[][] {
    return [
      [{ matchLabels: { 'diff-agg': 'x' } }],
      [{ matchLabels: { 'diff-agg': 'y' } }],
      [
        {
          matchExpressions: [
            { key: 'diff-agg', operator: 'In', values: ['x', 'z'] },
          ],
        },
      ],
      [
        {
          matchExpressions: [
            { key: 'diff-agg', operator: 'NotIn', values: ['x'] },
            { key: 'diff-tier', operator: 'Exists' },
          ],
        },
      ],
      [
        {
          matchLabels: { 'diff-agg': 'y' },
          matchExpressions: [{ key: 'diff-tier', operator: 'DoesNotExist' }],
        },
      ],
      [
        { matchLabels: { 'diff-agg': 'z' } },
        {
          matchExpressions: [
            { key: 'diff-tier', operator: 'In', values: ['gold'] },
          ],
        },
      ],
    ];
  }

  /**
   * Aggregated roles over sources with the same verbs, groups and resources
   * but different resourceNames (none, n1, n2), in both name orders: the
   * union must keep each rule.
   */
  overlapping(): Obj[] {
    const p = this.prefix;
    const rule = (names?: string[]) => ({
      verbs: ['get'],
      apiGroups: [''],
      resources: ['configmaps'],
      ...(names === undefined ? {} : { resourceNames: names }),
    });
    const sources: [string, Obj][] = [
      ['ov-1-names', rule(['n1'])],
      ['ov-2-all', rule()],
      ['ov-3-n2', rule(['n2'])],
      ['ov-4-n1', rule(['n1'])],
    ];
    const agg = `${p}ov-agg`;
    const byExpression = `${p}ov-agg-expr`;
    this.aggregators.push(agg, byExpression);
    return [
      ...sources.map(([name, r]) =>
        clusterRole(`${p}${name}`, [r], {
          'diff-ov': name.endsWith('all') ? 'all' : 'named',
        }),
      ),
      clusterRole(`${p}ov-0-named-only`, [rule(['n2'])], {
        'diff-ov': 'named',
      }),
      clusterRole(agg, [], undefined, [
        { matchExpressions: [{ key: 'diff-ov', operator: 'Exists' }] },
      ]),
      clusterRole(byExpression, [], undefined, [
        {
          matchExpressions: [
            { key: 'diff-ov', operator: 'In', values: ['named'] },
          ],
        },
      ]),
      crb(`${p}ov-agg`, agg, [
        { kind: 'User', apiGroup: RBAC, name: 'diff-ov-all' },
      ]),
      crb(`${p}ov-agg-expr`, byExpression, [
        { kind: 'User', apiGroup: RBAC, name: 'diff-ov-named' },
      ]),
    ];
  }

  /** The overlap questions: every name, for both aggregated roles' users. */
  overlapQuestions(): Question[] {
    const names = ['n1', 'n2', 'n3', ''];
    return ['diff-ov-all', 'diff-ov-named'].flatMap(user =>
      names.flatMap(name =>
        [this.namespaces[0] ?? '', 'default'].map(namespace => ({
          identity: { user, groups: ['system:authenticated'] },
          request: {
            verb: 'get',
            apiGroup: '',
            resource: 'configmaps',
            namespace,
            ...(name === '' ? {} : { name }),
          },
        })),
      ),
    );
  }

  policy(): Obj[] {
    const p = this.prefix;
    const objects: Obj[] = [];
    const clusterRoles: string[] = [];
    for (let i = 0; i < 16; i++) {
      const name = `${p}cr-${String(i)}`;
      clusterRoles.push(name);
      const labels: Record<string, string> = {};
      if (this.chance(0.5)) labels['diff-agg'] = this.pick(['x', 'y', 'z']);
      if (this.chance(0.3)) labels['diff-tier'] = this.pick(['gold', 'iron']);
      const rules = Array.from(
        { length: 1 + Math.floor(this.random() * 3) },
        () => this.resourceRule(),
      );
      if (this.chance(0.3)) rules.push(this.urlRule());
      // Sometimes the same rule with and without names, or with other names.
      const first = rules[0];
      if (first !== undefined && this.chance(0.25)) {
        const { resourceNames: _names, ...unnamed } = first;
        rules.push(
          this.chance(0.5) ? unnamed : { ...unnamed, resourceNames: ['n2'] },
        );
      }
      objects.push(
        clusterRole(
          name,
          rules,
          Object.keys(labels).length > 0 ? labels : undefined,
        ),
      );
    }
    this.selectors().forEach((selectors, i) => {
      const name = `${p}agg-${String(i)}`;
      clusterRoles.push(name);
      this.aggregators.push(name);
      objects.push(clusterRole(name, [], undefined, selectors));
    });
    const roles = new Map<string, string[]>();
    for (const ns of this.namespaces) {
      roles.set(ns, []);
      for (let i = 0; i < 7; i++) {
        const name = `${p}role-${String(i)}`;
        roles.get(ns)?.push(name);
        objects.push({
          apiVersion: `${RBAC}/v1`,
          kind: 'Role',
          metadata: { name, namespace: ns },
          rules: Array.from({ length: 1 + Math.floor(this.random() * 3) }, () =>
            this.resourceRule(),
          ),
        });
      }
    }
    for (let i = 0; i < 12; i++) {
      objects.push(
        crb(
          `${p}crb-${String(i)}`,
          this.chance(0.05) ? `${p}missing` : this.pick(clusterRoles),
          Array.from({ length: 1 + Math.floor(this.random() * 3) }, () =>
            this.subject(undefined),
          ),
        ),
      );
    }
    for (const ns of this.namespaces) {
      for (let i = 0; i < 10; i++) {
        const toRole = this.chance(0.5);
        objects.push({
          apiVersion: `${RBAC}/v1`,
          kind: 'RoleBinding',
          metadata: { name: `${p}rb-${String(i)}`, namespace: ns },
          roleRef: toRole
            ? {
                apiGroup: RBAC,
                kind: 'Role',
                name: this.chance(0.05)
                  ? `${p}missing`
                  : this.pick(roles.get(ns) ?? []),
              }
            : {
                apiGroup: RBAC,
                kind: 'ClusterRole',
                name: this.pick(clusterRoles),
              },
          subjects: Array.from(
            { length: 1 + Math.floor(this.random() * 3) },
            () => this.subject(ns),
          ),
        });
      }
    }
    return [...objects, ...this.overlapping()];
  }

  identities(): Identity[] {
    const users: Identity[] = USERS.map((user, i) => ({
      user,
      groups: [
        ...this.groups.filter((_, j) => (i + j) % 2 === 0),
        'system:authenticated',
      ],
    }));
    return [
      ...users,
      ...this.accounts.map(([ns, name]) => serviceAccountIdentity(ns, name)),
      { user: 'diff-nobody', groups: ['system:authenticated'] },
      { user: 'system:anonymous', groups: ['system:unauthenticated'] },
    ];
  }

  questions(count: number): Question[] {
    const who = this.identities();
    const random = Array.from({ length: count }, (): Question => {
      const identity = this.pick(who);
      if (this.chance(0.15))
        return {
          identity,
          url: { verb: this.pick(URL_VERBS), path: this.pick(ASKED_URLS) },
        };
      const asked = this.pick(ASKED);
      const namespace = asked.namespaced
        ? this.chance(0.1)
          ? ''
          : this.pick([...this.namespaces, 'default'])
        : '';
      const name = this.chance(0.35) ? '' : this.pick([...NAMES, 'other']);
      return {
        identity,
        request: {
          verb: this.pick(ASK_VERBS),
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
    return [...this.overlapQuestions(), ...random];
  }
}

async function subjectAccessReview(api: Api, q: Question): Promise<boolean> {
  const { request, url, identity } = q;
  const res = await api.request(
    'POST',
    '/apis/authorization.k8s.io/v1/subjectaccessreviews',
    {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        ...(identity.user === undefined ? {} : { user: identity.user }),
        groups: identity.groups,
        ...(url === undefined
          ? {
              resourceAttributes: {
                namespace: request?.namespace ?? '',
                verb: request?.verb ?? '',
                group: request?.apiGroup ?? '',
                resource: request?.resource ?? '',
                subresource: request?.subresource ?? '',
                name: request?.name ?? '',
              },
            }
          : { nonResourceAttributes: { path: url.path, verb: url.verb } }),
      },
    },
  );
  if (res.status !== 201 && res.status !== 200)
    throw new Error(
      `SubjectAccessReview: ${String(res.status)} ${JSON.stringify(res.body)}`,
    );
  return record(record(res.body).status).allowed === true;
}

function engineAnswer(model: RbacModel, q: Question): boolean {
  const grants = model.grantsFor(q.identity);
  if (q.url !== undefined)
    return authorizeNonResource(grants, q.url.verb, q.url.path) !== undefined;
  return q.request !== undefined && authorize(grants, q.request) !== undefined;
}

const PLURAL: Readonly<Record<string, string>> = {
  ClusterRole: 'clusterroles',
  Role: 'roles',
  RoleBinding: 'rolebindings',
  ClusterRoleBinding: 'clusterrolebindings',
};

async function applyPolicy(
  api: Api,
  scenario: Scenario,
  objects: readonly Obj[],
): Promise<void> {
  for (const ns of scenario.namespaces)
    await api.request('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
  await pool(objects, 6, async o => {
    const meta = record(o.metadata);
    const plural = PLURAL[String(o.kind)] ?? '';
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

async function deletePolicy(api: Api, scenario: Scenario): Promise<void> {
  for (const plural of ['clusterroles', 'clusterrolebindings']) {
    const list = record(
      (await api.request('GET', `/apis/${RBAC}/v1/${plural}`)).body,
    ).items;
    for (const item of Array.isArray(list) ? list : []) {
      const name = String(record(record(item).metadata).name);
      if (name.startsWith(scenario.prefix))
        await api.request('DELETE', `/apis/${RBAC}/v1/${plural}/${name}`);
    }
  }
  for (const ns of scenario.namespaces)
    await api.request('DELETE', `/api/v1/namespaces/${ns}`);
}

/** The aggregation controller fills the aggregated roles: wait (bounded) until three reads agree. */
async function aggregated(api: Api, names: readonly string[]): Promise<void> {
  const read = async () =>
    (
      await Promise.all(
        names.map(async name =>
          JSON.stringify(
            record(
              (
                await api.request(
                  'GET',
                  `/apis/${RBAC}/v1/clusterroles/${name}`,
                )
              ).body,
            ).rules ?? [],
          ),
        ),
      )
    ).join('|');
  let last = '';
  let same = 0;
  for (let i = 0; i < 60 && same < 3; i++) {
    await new Promise(r => setTimeout(r, 500));
    const now = await read();
    same = now === last ? same + 1 : 0;
    last = now;
  }
}

describe.skipIf(cluster === undefined)(
  'RBAC differential: engine evaluator vs SubjectAccessReview',
  () => {
    let api: Api;
    beforeAll(() => {
      api = new Api(undefined, 8);
    });
    afterAll(() => {
      api.close();
    });

    SEEDS.forEach((seed, index) => {
      const scenario = new Scenario(seed, index);
      describe(`seed ${String(seed)}`, () => {
        let objects: Obj[] = [];
        beforeAll(async () => {
          objects = scenario.policy();
          await applyPolicy(api, scenario, objects);
          await aggregated(api, scenario.aggregators);
        });
        afterAll(async () => {
          await deletePolicy(api, scenario);
        });

        it(`${String(QUESTIONS)} random questions, non-resource URLs and overlapping aggregated rules get the same answer`, async () => {
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
          // As the engine reads a live snapshot (collected aggregation trusted),
          // and with its own aggregation resolution (catalog 4.5).
          const models = {
            collected: RbacModel.fromObjects(input, {
              assumeDefaults: false,
              trustCollectedAggregation: true,
            }),
            resolved: RbacModel.fromObjects(input, { assumeDefaults: false }),
          };
          const asked = scenario.questions(QUESTIONS);
          const answers = await pool(asked, 8, q =>
            subjectAccessReview(api, q),
          );
          const mismatches: Record<keyof typeof models, string[]> = {
            collected: [],
            resolved: [],
          };
          let allowed = 0;
          let urls = 0;
          asked.forEach((q, i) => {
            const sar = answers[i] === true;
            if (sar) allowed++;
            if (q.url !== undefined) urls++;
            for (const key of ['collected', 'resolved'] as const) {
              const engine = engineAnswer(models[key], q);
              if (engine !== sar)
                mismatches[key].push(
                  `${JSON.stringify(q.identity)} ${JSON.stringify(q.request ?? q.url)}: SubjectAccessReview ${String(sar)}, engine (${key} aggregation) ${String(engine)}`,
                );
            }
          });
          const mine = (kind: string) =>
            (snapshot.objects[kind] ?? []).filter((o: KubeObject) =>
              o.metadata.name.startsWith(scenario.prefix),
            );
          const aggregatedRules = mine('ClusterRole')
            .filter(o => scenario.aggregators.includes(o.metadata.name))
            .map(o => (record(o).rules as unknown[] | undefined)?.length ?? 0);
          console.log(
            `RBAC differential seed ${String(seed)}: ${String(asked.length)} questions (${String(urls)} non-resource), ${String(allowed)} allowed, ` +
              `mismatches: collected ${String(mismatches.collected.length)}, resolved ${String(mismatches.resolved.length)}; ` +
              `${String(mine('ClusterRole').length)} ClusterRoles (aggregated rule counts ${aggregatedRules.join(' ')}), ${String(mine('Role').length)} Roles, ` +
              `${String(mine('ClusterRoleBinding').length)} ClusterRoleBindings, ${String(mine('RoleBinding').length)} RoleBindings`,
          );
          expect(mine('ClusterRole')).toHaveLength(
            objects.filter(o => o.kind === 'ClusterRole').length,
          );
          expect(mismatches.collected.slice(0, 20)).toEqual([]);
          expect(mismatches.resolved.slice(0, 20)).toEqual([]);
          expect(allowed).toBeGreaterThan(asked.length / 50);
          expect(urls).toBeGreaterThan(QUESTIONS / 10);
          // Every aggregated role the server filled is non-trivial somewhere.
          expect(aggregatedRules.some(n => n > 0)).toBe(true);
        });
      });
    });
  },
);
