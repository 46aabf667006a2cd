import { describe, expect, it } from 'vitest';
import { buildAttackGraph } from '../../../src/build-graph.ts';
import { RULES } from '../../../src/rules/index.ts';
import { BASE, snapshotOf } from '../../manifests.ts';
import {
  grant,
  OTHER_NS,
  token,
  terminatedDocs as docs,
} from '../../rbac-manifests.ts';

// One holder that lists, gets and impersonates everything (not
// cluster-admin), one that only gets Secrets and specs and impersonates
// users; legacy tokens in three namespaces (ci's ServiceAccounts only
// inferred from its pods), two whose names ServiceAccounts reveal, and two
// bound users.
const MANIFESTS = docs(
  BASE,
  OTHER_NS,
  grant(
    'all',
    'default',
    `[{ apiGroups: [''], resources: [secrets, pods, podtemplates, replicationcontrollers, serviceaccounts], verbs: [get, list] }, { apiGroups: [apps, batch], resources: ['*'], verbs: [get, list] }, { apiGroups: [''], resources: [users, groups, serviceaccounts], verbs: [impersonate] }, { apiGroups: [''], resources: [serviceaccounts/token], verbs: [create] }]`,
    'cluster',
  ),
  grant(
    'reader',
    'default',
    `[{ apiGroups: [''], resources: [secrets, pods, podtemplates, replicationcontrollers, serviceaccounts], verbs: [get] }, { apiGroups: [apps, batch], resources: ['*'], verbs: [get] }, { apiGroups: [''], resources: [users], verbs: [impersonate] }, { apiGroups: [''], resources: [groups], verbs: [impersonate], resourceNames: [system:authenticated] }]`,
    'cluster',
  ),
  'apiVersion: v1\nkind: Namespace\nmetadata: { name: ci }\n',
  `apiVersion: v1
kind: Pod
metadata: { name: runner, namespace: ci }
spec:
  serviceAccountName: runner
  containers: [{ name: c, image: busybox }]
---
apiVersion: v1
kind: Pod
metadata: { name: builder, namespace: ci }
spec:
  serviceAccountName: builder
  containers: [{ name: c, image: busybox }]
---
apiVersion: v1
kind: Secret
type: kubernetes.io/service-account-token
metadata: { name: runner-token, namespace: ci, annotations: { kubernetes.io/service-account.name: runner } }
---
apiVersion: v1
kind: Secret
type: kubernetes.io/service-account-token
metadata: { name: builder-token, namespace: ci, annotations: { kubernetes.io/service-account.name: builder } }
`,
  token('a-token', 'default', 'a'),
  token('b-token', 'default', 'b'),
  token('c-token', 'other', 'c'),
  token('d-token', 'other', 'd'),
  `apiVersion: v1
kind: ServiceAccount
metadata: { name: e, namespace: default }
secrets: [{ name: e-token }]
---
apiVersion: v1
kind: Secret
type: kubernetes.io/service-account-token
metadata: { name: e-token, namespace: default, annotations: { kubernetes.io/service-account.name: e } }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: f, namespace: default }
secrets: [{ name: f-token }]
---
apiVersion: v1
kind: Secret
type: kubernetes.io/service-account-token
metadata: { name: f-token, namespace: default, annotations: { kubernetes.io/service-account.name: f } }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: people }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: User, name: alice }, { kind: User, name: bob }]
`,
);

describe('the Scope nodes of the identity rules', () => {
  it('each set of targets is one node, named for what it holds and where', async () => {
    const { graph } = buildAttackGraph(await snapshotOf(MANIFESTS), RULES);
    const scopes = graph
      .filterNodes((_id, attributes) => attributes.kind === 'Scope')
      .map(id => [id, graph.getNodeAttribute(id, 'name')])
      .sort();
    expect(scopes).toEqual([
      ['Scope:identity:groups@cluster', 'every group'],
      [
        'Scope:identity:sa-exists-inferred@Namespace:ci',
        'ServiceAccounts inferred to exist in namespace ci',
      ],
      [
        'Scope:identity:sa-exists@Namespace:default',
        'existing ServiceAccounts in namespace default',
      ],
      [
        'Scope:identity:sa-exists@Namespace:other',
        'existing ServiceAccounts in namespace other',
      ],
      [
        'Scope:identity:sa-exists@cluster',
        'existing ServiceAccounts in every namespace',
      ],
      [
        'Scope:identity:sa-nodes@Namespace:ci',
        'ServiceAccounts in namespace ci',
      ],
      [
        'Scope:identity:sa-nodes@Namespace:default',
        'ServiceAccounts in namespace default',
      ],
      [
        'Scope:identity:sa-nodes@Namespace:other',
        'ServiceAccounts in namespace other',
      ],
      ['Scope:identity:sa-nodes@cluster', 'ServiceAccounts in every namespace'],
      [
        'Scope:identity:sa-token-all-inferred@Namespace:ci',
        'ServiceAccounts with a live legacy token Secret (inferred) in namespace ci',
      ],
      [
        'Scope:identity:sa-token-all@Namespace:default',
        'ServiceAccounts with a live legacy token Secret in namespace default',
      ],
      [
        'Scope:identity:sa-token-all@Namespace:other',
        'ServiceAccounts with a live legacy token Secret in namespace other',
      ],
      [
        'Scope:identity:sa-token-all@cluster',
        'ServiceAccounts with a live legacy token Secret in every namespace',
      ],
      [
        'Scope:identity:sa-token-hidden-inferred@Namespace:ci',
        'ServiceAccounts with a live legacy token Secret whose name is not revealed (inferred) in namespace ci',
      ],
      [
        'Scope:identity:sa-token-hidden@Namespace:default',
        'ServiceAccounts with a live legacy token Secret whose name is not revealed in namespace default',
      ],
      [
        'Scope:identity:sa-token-hidden@Namespace:other',
        'ServiceAccounts with a live legacy token Secret whose name is not revealed in namespace other',
      ],
      [
        'Scope:identity:sa-token-hidden@cluster',
        'ServiceAccounts with a live legacy token Secret whose name is not revealed in every namespace',
      ],
      [
        'Scope:identity:sa-token-revealed@Namespace:default',
        'ServiceAccounts with a live legacy token Secret whose name is revealed in namespace default',
      ],
      [
        'Scope:identity:secrets-revealed@Namespace:default',
        'Secrets whose name a ServiceAccount or pod spec reveals in namespace default',
      ],
      ['Scope:identity:secrets@Namespace:ci', 'Secrets in namespace ci'],
      [
        'Scope:identity:secrets@Namespace:default',
        'Secrets in namespace default',
      ],
      ['Scope:identity:secrets@Namespace:other', 'Secrets in namespace other'],
      ['Scope:identity:secrets@cluster', 'Secrets in every namespace'],
      ['Scope:identity:users-plain@cluster', 'users without group memberships'],
      ['Scope:identity:users@cluster', 'every user'],
    ]);
  });
});
