// Conformance: the Kubernetes bootstrap policy (shared/conformance/k8s-bootstrap-rbac,
// expected.md) loaded as input, and the same facts from the assumed defaults.
import { describe, expect, it } from 'vitest';
import {
  RbacModel,
  authorize,
  covers,
  isClusterAdminRule,
  reach,
  serviceAccountIdentity,
} from '../../src/rbac/index.ts';
import type {
  Identity,
  NamedSubject,
  ResourceRequest,
} from '../../src/rbac/index.ts';
import { readBootstrapObjects } from './bootstrap-policy-build.ts';
import { rbacInput, roleBinding } from './fixtures.ts';

const yamlObjects = readBootstrapObjects();
const fromYaml = RbacModel.fromObjects(rbacInput(yamlObjects), {
  assumeDefaults: 'auto',
});
const assumed = RbacModel.fromObjects(rbacInput([]), {
  assumeDefaults: 'auto',
});

/** The identity a subject node authenticates as, with its catalog 3.6 memberships. */
function identityOf(subject: NamedSubject): Identity {
  switch (subject.kind) {
    case 'ServiceAccount':
      return serviceAccountIdentity(subject.namespace ?? '', subject.name);
    case 'Group':
      return { groups: [subject.name] };
    case 'User':
      return {
        user: subject.name,
        groups: [
          subject.name === 'system:anonymous'
            ? 'system:unauthenticated'
            : 'system:authenticated',
        ],
      };
  }
}

const sa = (name: string) => serviceAccountIdentity('kube-system', name);
const req = (
  verb: string,
  apiGroup: string,
  resource: string,
  namespace: string,
  name?: string,
  subresource?: string,
): ResourceRequest => ({
  verb,
  apiGroup,
  resource,
  namespace,
  ...(name === undefined ? {} : { name }),
  ...(subresource === undefined ? {} : { subresource }),
});

describe.each([
  ['the six YAML files as input', fromYaml],
  ['the assumed defaults of an empty input', assumed],
])('bootstrap policy: %s', (_title, m) => {
  const can = (identity: Identity, request: ResourceRequest) =>
    authorize(m.grantsFor(identity), request) !== undefined;

  it('gives Group system:masters a cluster-admin rule through a ClusterRoleBinding', () => {
    const grants = m.grantsFor({ groups: ['system:masters'] });
    expect(grants.map(g => [g.binding, g.role, g.namespace])).toEqual([
      ['ClusterRoleBinding:cluster-admin', 'ClusterRole:cluster-admin', ''],
    ]);
    expect(grants[0]?.rules.some(isClusterAdminRule)).toBe(true);
  });

  it('gives no other subject * on * (expected.md section 2)', () => {
    const holders = [...m.subjectsNamed()]
      .filter(s =>
        m
          .grantsFor(identityOf(s))
          .some(g => g.namespace === '' && g.rules.some(isClusterAdminRule)),
      )
      .map(s => `${s.kind}:${s.name}`);
    expect(holders).toEqual(['Group:system:masters']);
  });

  it('lets clusterrole-aggregation-controller escalate and patch clusterroles cluster-wide', () => {
    const id = sa('clusterrole-aggregation-controller');
    for (const verb of ['escalate', 'patch', 'update']) {
      const allow = authorize(
        m.grantsFor(id),
        req(
          verb,
          'rbac.authorization.k8s.io',
          'clusterroles',
          '',
          'system:controller:clusterrole-aggregation-controller',
        ),
      );
      expect(allow?.grant.binding).toBe(
        'ClusterRoleBinding:system:controller:clusterrole-aggregation-controller',
      );
    }
    expect(
      can(
        id,
        req(
          'bind',
          'rbac.authorization.k8s.io',
          'clusterroles',
          '',
          'cluster-admin',
        ),
      ),
    ).toBe(false);
    expect(
      can(
        id,
        req(
          'escalate',
          'rbac.authorization.k8s.io',
          'roles',
          'kube-system',
          'x',
        ),
      ),
    ).toBe(false);
  });

  it.each([
    'daemon-set-controller',
    'job-controller',
    'replicaset-controller',
    'replication-controller',
    'statefulset-controller',
    'persistent-volume-binder',
  ])('lets %s create pods in any namespace', name => {
    expect(can(sa(name), req('create', '', 'pods', 'kube-system'))).toBe(true);
    expect(can(sa(name), req('create', '', 'pods', 'default'))).toBe(true);
  });

  it('lets deployment-controller create apps replicasets, not pods', () => {
    const grants = m.grantsFor(sa('deployment-controller'));
    const allow = authorize(
      grants,
      req('create', 'apps', 'replicasets', 'kube-system'),
    );
    expect(allow?.grant.role).toBe(
      'ClusterRole:system:controller:deployment-controller',
    );
    expect(
      authorize(grants, req('create', '', 'pods', 'kube-system')),
    ).toBeUndefined();
    // Its rule lists `extensions` too, but only `apps` serves workloads:
    // the same rule without `apps` allows no workload request.
    if (allow === undefined) throw new Error('deployment-controller: no allow');
    const rule = allow.grant.rules[allow.ruleIndex];
    expect(rule?.apiGroups).toEqual(['apps', 'extensions']);
    const extensionsOnly = {
      ...rule,
      verbs: rule?.verbs ?? [],
      apiGroups: ['extensions'],
    };
    const g = { ...allow.grant, rules: [extensionsOnly] };
    expect(
      authorize([g], req('create', 'apps', 'replicasets', 'kube-system')),
    ).toBeUndefined();
  });

  it('lets cronjob-controller create batch jobs', () => {
    expect(
      can(sa('cronjob-controller'), req('create', 'batch', 'jobs', 'default')),
    ).toBe(true);
    expect(
      can(sa('cronjob-controller'), req('create', '', 'pods', 'default')),
    ).toBe(false);
  });

  it('lets User system:kube-controller-manager request tokens of every ServiceAccount', () => {
    const grants = m.grantsFor({
      user: 'system:kube-controller-manager',
      groups: ['system:authenticated'],
    });
    const where = reach(grants, {
      verb: 'create',
      apiGroup: '',
      resource: 'serviceaccounts',
      subresource: 'token',
    });
    expect(where.everywhere?.grant.role).toBe(
      'ClusterRole:system:kube-controller-manager',
    );
    expect(
      authorize(grants, req('create', '', 'secrets', 'kube-system')),
    ).toBeDefined();
  });

  it('gives Group system:nodes and node users no RBAC grants of their own', () => {
    expect(m.grantsFor({ groups: ['system:nodes'] })).toEqual([]);
    const node = m.grantsFor({
      user: 'system:node:n1',
      groups: ['system:nodes', 'system:authenticated'],
    });
    expect(node.map(g => g.binding)).toEqual([
      'ClusterRoleBinding:system:basic-user',
      'ClusterRoleBinding:system:discovery',
      'ClusterRoleBinding:system:public-info-viewer',
    ]);
    const systemNode = [...m.bindings()].find(
      b => b.id === 'ClusterRoleBinding:system:node',
    );
    expect(systemNode).toMatchObject({ roleExists: true, subjects: [] });
  });

  it('keeps certificate-controller from approving kube-apiserver-client CSRs', () => {
    const id = sa('certificate-controller');
    const approve = (signer: string) =>
      req('approve', 'certificates.k8s.io', 'signers', '', signer);
    expect(
      can(id, approve('kubernetes.io/kube-apiserver-client-kubelet')),
    ).toBe(true);
    expect(can(id, approve('kubernetes.io/kube-apiserver-client'))).toBe(false);
    expect(can(id, approve('kubernetes.io/*'))).toBe(false);
    expect(
      can(
        id,
        req('create', 'certificates.k8s.io', 'certificatesigningrequests', ''),
      ),
    ).toBe(false);
  });

  it('gives generic-garbage-collector patch but no create, bind or escalate', () => {
    const id = sa('generic-garbage-collector');
    const hooks = (verb: string, name?: string) =>
      req(
        verb,
        'admissionregistration.k8s.io',
        'mutatingwebhookconfigurations',
        '',
        name,
      );
    expect(can(id, hooks('patch', 'x'))).toBe(true);
    expect(can(id, hooks('create'))).toBe(false);
    expect(
      can(
        id,
        req(
          'bind',
          'rbac.authorization.k8s.io',
          'clusterroles',
          '',
          'cluster-admin',
        ),
      ),
    ).toBe(false);
    expect(
      can(
        id,
        req(
          'escalate',
          'rbac.authorization.k8s.io',
          'clusterroles',
          '',
          'admin',
        ),
      ),
    ).toBe(false);
    const owner = m.grantsFor(id).flatMap(g => g.rules);
    expect(
      covers(owner, m.effectiveRules('ClusterRole:cluster-admin') ?? []),
    ).toBe(false);
  });

  it('limits bootstrap-signer to secrets of kube-system (Roles)', () => {
    const id = sa('bootstrap-signer');
    expect(can(id, req('list', '', 'secrets', 'kube-system'))).toBe(true);
    expect(can(id, req('list', '', 'secrets', 'kube-public'))).toBe(false);
    expect(can(id, req('list', '', 'secrets', ''))).toBe(false);
    expect(
      can(id, req('update', '', 'configmaps', 'kube-public', 'cluster-info')),
    ).toBe(true);
    expect(
      can(id, req('update', '', 'configmaps', 'kube-public', 'other')),
    ).toBe(false);
  });

  it('resolves admin ⊇ edit ⊇ view by aggregation', () => {
    const rules = (name: string) =>
      m.effectiveRules(`ClusterRole:${name}`) ?? [];
    for (const name of ['admin', 'edit', 'view'])
      expect(rules(name).length).toBeGreaterThan(0);
    expect(covers(rules('admin'), rules('edit'))).toBe(true);
    expect(covers(rules('edit'), rules('view'))).toBe(true);
    expect(covers(rules('edit'), rules('admin'))).toBe(false);
    expect(covers(rules('view'), rules('edit'))).toBe(false);
  });

  it('lets admin, bound in a namespace, exec into pods there only', () => {
    const bound = RbacModel.fromObjects(
      rbacInput([
        ...(m === fromYaml ? yamlObjects : []),
        roleBinding('dev', 'admins', { kind: 'ClusterRole', name: 'admin' }, [
          { kind: 'User', name: 'alice' },
        ]),
      ]),
      { assumeDefaults: 'auto' },
    );
    const grants = bound.grantsFor({ user: 'alice', groups: [] });
    const exec = (namespace: string) =>
      req('create', '', 'pods', namespace, 'web-0', 'exec');
    expect(authorize(grants, exec('dev'))?.grant).toMatchObject({
      binding: 'RoleBinding:dev/admins',
      role: 'ClusterRole:admin',
      namespace: 'dev',
    });
    expect(authorize(grants, exec('prod'))).toBeUndefined();
    expect(
      authorize(
        grants,
        req('create', 'rbac.authorization.k8s.io', 'rolebindings', 'dev'),
      ),
    ).toBeDefined();
    expect(
      authorize(
        grants,
        req('create', 'rbac.authorization.k8s.io', 'clusterrolebindings', ''),
      ),
    ).toBeUndefined();
  });

  it('gives edit token requests and secrets, and view neither', () => {
    const edit = m.grantOf('ClusterRole:edit', 'Namespace:dev');
    const view = m.grantOf('ClusterRole:view', 'Namespace:dev');
    const token = req(
      'create',
      '',
      'serviceaccounts',
      'dev',
      'builder',
      'token',
    );
    const secret = req('get', '', 'secrets', 'dev', 's');
    expect(edit && authorize([edit], token)).toBeDefined();
    expect(edit && authorize([edit], secret)).toBeDefined();
    expect(
      edit &&
        authorize(
          [edit],
          req('patch', '', 'pods', 'dev', 'p', 'ephemeralcontainers'),
        ),
    ).toBeUndefined();
    expect(view && authorize([view], token)).toBeUndefined();
    expect(view && authorize([view], secret)).toBeUndefined();
    expect(
      view && authorize([view], req('get', '', 'pods', 'dev', 'p', 'log')),
    ).toBeDefined();
  });

  it('gives system:authenticated and anonymous users only reviews and public URLs', () => {
    const anonymous = m.grantsFor({
      user: 'system:anonymous',
      groups: ['system:unauthenticated'],
    });
    expect(anonymous.map(g => g.role)).toEqual([
      'ClusterRole:system:public-info-viewer',
    ]);
    const authenticated = m.grantsFor({ groups: ['system:authenticated'] });
    const rules = authenticated.flatMap(g => g.rules);
    expect(
      rules.every(
        r =>
          !r.verbs.includes('*') &&
          (r.resources ?? []).every(res => res.startsWith('self')),
      ),
    ).toBe(true);
  });
});

describe('bootstrap policy: input versus assumed', () => {
  it('detects the YAML files as built-in RBAC', () => {
    expect(fromYaml.assumedDefaults).toBe(false);
    expect(assumed.assumedDefaults).toBe(true);
  });

  it('reports the podcheckpoint binding as missing its role in the input, and drops it from the defaults', () => {
    const id = 'ClusterRoleBinding:system:controller:podcheckpoint-controller';
    const missing = [...fromYaml.bindings()]
      .filter(b => !b.roleExists)
      .map(b => b.id);
    expect(missing).toEqual([id]);
    expect(
      fromYaml.grantsFor(sa('podcheckpoint-controller')).map(g => g.binding),
    ).not.toContain(id);
    expect([...assumed.bindings()].some(b => b.id === id)).toBe(false);
    expect(
      [...assumed.bindings()].every(b => b.roleExists && b.assumedDefault),
    ).toBe(true);
  });

  it('holds every role and the other bindings of the files', () => {
    const ids = (m: RbacModel) =>
      [...m.roles()].map(r => r.id).concat([...m.bindings()].map(b => b.id));
    const expected = ids(fromYaml).filter(
      id => !id.endsWith(':podcheckpoint-controller'),
    );
    expect(ids(assumed)).toEqual(expected);
    expect(yamlObjects).toHaveLength(131);
    expect(expected).toHaveLength(130);
  });
});
