import { describe, expect, it } from 'vitest';
import { tokenBruteforce } from '../../src/rules/token-bruteforce.ts';
import { fixture } from '../manifests.ts';
import { graphFor, ruleTester } from '../rule-tester.ts';
import {
  GET,
  grant,
  INVALID,
  OTHER_NS,
  terminatedDocs as docs,
  token,
} from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

/** Reads every ServiceAccount and every pod and controller spec, and gets every Secret. */
const READS_EVERY_SPEC = `{ apiGroups: ['', apps, batch], resources: ['*'], verbs: [get] }`;

ruleTester(tokenBruteforce, {
  valid: [
    {
      name: 'no token Secret: nothing to guess (KubeHound links every ServiceAccount, Users and Groups too)',
      manifests: docs(
        grant('guesser', 'default', `[${GET}]`),
        `apiVersion: v1
kind: ServiceAccount
metadata: { name: app, namespace: default }`,
      ),
    },
    {
      name: 'get restricted by resourceNames: the name is known, nothing is guessed',
      manifests: docs(
        grant(
          'guesser',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [app-token, other] }]`,
        ),
        token('app-token', 'default', 'app'),
      ),
    },
    {
      name: 'list as well: the names are listed, no guess needed (TOKEN_LIST)',
      manifests: docs(
        grant(
          'guesser',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [get, list] }]`,
        ),
        token('app-token', 'default', 'app'),
      ),
    },
    {
      name: 'the name is revealed by the ServiceAccount the holder can read (TOKEN_NAME_KNOWN)',
      manifests: docs(
        grant(
          'guesser',
          'default',
          `[${GET}, { apiGroups: [''], resources: [serviceaccounts], verbs: [list] }]`,
        ),
        `apiVersion: v1
kind: ServiceAccount
metadata: { name: app, namespace: default }
secrets: [{ name: app-token }]
---
apiVersion: v1
kind: Secret
type: kubernetes.io/service-account-token
metadata:
  name: app-token
  namespace: default
  annotations: { kubernetes.io/service-account.name: app }`,
      ),
    },
    {
      name: 'an invalidated token, no patch or update',
      manifests: docs(
        grant('guesser', 'default', `[${GET}]`),
        token('app-token', 'default', 'app', INVALID),
      ),
    },
    {
      name: 'a RoleBinding in another namespace',
      manifests: docs(
        OTHER_NS,
        grant('guesser', 'other', `[${GET}]`),
        token('app-token', 'default', 'app'),
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: get without names, token name not revealed (low)',
      manifests: docs(await fixture('TOKEN_BRUTEFORCE')),
      edges: [
        [
          'ServiceAccount:default/guesser-yes',
          'ServiceAccount:default/target-yes',
          'low',
        ],
      ],
    },
    {
      name: 'a ClusterRoleBinding: every namespace; revealed names are not guessed',
      manifests: docs(
        OTHER_NS,
        grant(
          'guesser',
          'default',
          `[${GET}, { apiGroups: [''], resources: [serviceaccounts], verbs: [get] }]`,
          'cluster',
        ),
        token('a-token', 'default', 'a'),
        token('b-token', 'other', 'b'),
        `apiVersion: v1
kind: ServiceAccount
metadata: { name: c, namespace: other }
secrets: [{ name: c-token }]
---
apiVersion: v1
kind: Secret
type: kubernetes.io/service-account-token
metadata:
  name: c-token
  namespace: other
  annotations: { kubernetes.io/service-account.name: c }`,
      ),
      edges: [
        ['ServiceAccount:default/guesser', 'ServiceAccount:default/a', 'low'],
        ['ServiceAccount:default/guesser', 'ServiceAccount:other/b', 'low'],
      ],
    },
    {
      name: 'a full reader of ServiceAccounts and specs guesses only the unrevealed tokens',
      manifests: docs(
        grant(
          'guesser',
          'default',
          `[{ apiGroups: ['', apps, batch], resources: ['*'], verbs: [get] }]`,
          'cluster',
        ),
        token('a-token', 'default', 'a'),
        `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  containers: [{ name: c, image: busybox, envFrom: [{ secretRef: { name: b-token } }] }]`,
        token('b-token', 'default', 'b'),
      ),
      edges: [
        ['ServiceAccount:default/guesser', 'ServiceAccount:default/a', 'low'],
      ],
    },
    {
      name: 'an invalidated token the holder can update is revived',
      manifests: docs(
        grant(
          'guesser',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [get, update] }]`,
        ),
        token('app-token', 'default', 'app', INVALID),
      ),
      edges: [
        ['ServiceAccount:default/guesser', 'ServiceAccount:default/app', 'low'],
      ],
    },
    {
      name: 'get everywhere, list in one namespace: the listed namespace needs no guess (TOKEN_LIST)',
      manifests: docs(
        OTHER_NS,
        grant('guesser', 'default', `[${READS_EVERY_SPEC}]`, 'cluster'),
        `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: lister, namespace: other }
rules: [{ apiGroups: [''], resources: [secrets], verbs: [list] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: lister, namespace: other }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: lister }
subjects: [{ kind: ServiceAccount, name: guesser, namespace: default }]`,
        token('a-token', 'default', 'a'),
        token('b-token', 'other', 'b'),
      ),
      edges: [
        ['ServiceAccount:default/guesser', 'ServiceAccount:default/a', 'low'],
      ],
    },
    {
      name: 'list by name: the named token needs no guess, the others are guessed one by one',
      manifests: docs(
        grant(
          'guesser',
          'default',
          `[${READS_EVERY_SPEC}, { apiGroups: [''], resources: [secrets], verbs: [list], resourceNames: [x-token] }]`,
        ),
        token('a-token', 'default', 'a'),
        token('x-token', 'default', 'x'),
      ),
      edges: [
        ['ServiceAccount:default/guesser', 'ServiceAccount:default/a', 'low'],
      ],
    },
  ],
});

describe('TOKEN_BRUTEFORCE evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('TOKEN_BRUTEFORCE');
    expect(
      await evidenceOf(
        tokenBruteforce,
        { manifests },
        'ServiceAccount:default/guesser-yes',
        'ServiceAccount:default/target-yes',
      ),
    ).toEqual({
      reason:
        'Can get any Secret in namespace default; guessing the name target-yes-token-b8n3m yields a live legacy token of ServiceAccount target-yes.',
      permissions: [
        {
          verb: 'get',
          apiGroup: '',
          resource: 'secrets',
          namespace: 'default',
          binding: 'RoleBinding:default/guesser-yes',
          role: 'Role:default/get-secrets',
          rule: 0,
        },
      ],
      secret: 'Secret:default/target-yes-token-b8n3m',
      token: 'live legacy token',
    });
  });
});

const KIND = 'TOKEN_BRUTEFORCE';

/** The rule's steps as the graph holds them: [from, to], one per edge (a Scope edge is one step). */
async function stepsOf(manifests: string): Promise<string[][]> {
  const graph = await graphFor(tokenBruteforce, { name: '', manifests });
  return graph
    .filterEdges((_key, attributes) => attributes.kind === KIND)
    .map(edge => [graph.source(edge), graph.target(edge)])
    .sort();
}

const HIDDEN_REASON = (place: string) =>
  `Can get any Secret in ${place}; the names of these legacy token Secrets are not revealed, so they must be guessed.`;
const HIDDEN_TARGETS =
  'ServiceAccounts whose live legacy token Secret name is not revealed';

describe('TOKEN_BRUTEFORCE: a reader of every spec guesses the unrevealed names as one Scope step', () => {
  const namespaceWide = docs(
    OTHER_NS,
    grant(
      'guesser',
      'default',
      `[${READS_EVERY_SPEC}, { apiGroups: [''], resources: [secrets], verbs: [update] }]`,
    ),
    token('a-token', 'default', 'a'),
    token('d-token', 'default', 'd'),
    token('b-token', 'other', 'b'),
    token('c-token', 'default', 'c', INVALID),
  );
  const holder = 'RoleInScope:Role:default/guesser-role@Namespace:default';

  it('namespace-wide: the Scope of the hidden live tokens of the namespace, and the revivable token on its own', async () => {
    expect(await stepsOf(namespaceWide)).toEqual([
      [holder, 'Scope:identity:sa-token-hidden@Namespace:default'],
      [holder, 'ServiceAccount:default/c'],
    ]);
    expect(
      await evidenceOf(
        tokenBruteforce,
        { manifests: namespaceWide },
        'ServiceAccount:default/guesser',
        'Scope:identity:sa-token-hidden@Namespace:default',
      ),
    ).toEqual({
      reason: HIDDEN_REASON('namespace default'),
      permissions: [
        {
          verb: 'get',
          apiGroup: '',
          resource: 'secrets',
          namespace: 'default',
          binding: 'RoleBinding:default/guesser-binding',
          role: 'Role:default/guesser-role',
          rule: 0,
        },
      ],
      namespace: 'default',
      targets: HIDDEN_TARGETS,
    });
  });

  it('an invalidated token is guessed and revived: the get and the update by name', async () => {
    expect(
      await evidenceOf(
        tokenBruteforce,
        { manifests: namespaceWide },
        'ServiceAccount:default/guesser',
        'ServiceAccount:default/c',
      ),
    ).toEqual({
      reason:
        'Can get any Secret in namespace default; guessing the name c-token yields a revivable legacy token of ServiceAccount c.',
      permissions: [
        {
          verb: 'get',
          apiGroup: '',
          resource: 'secrets',
          namespace: 'default',
          binding: 'RoleBinding:default/guesser-binding',
          role: 'Role:default/guesser-role',
          rule: 0,
        },
        {
          verb: 'update',
          apiGroup: '',
          resource: 'secrets',
          namespace: 'default',
          name: 'c-token',
          binding: 'RoleBinding:default/guesser-binding',
          role: 'Role:default/guesser-role',
          rule: 1,
        },
      ],
      secret: 'Secret:default/c-token',
      token:
        'invalidated (kubernetes.io/legacy-token-invalid-since), revivable by patch/update',
    });
  });

  it('cluster-wide: one step to the cluster Scope, in every namespace', async () => {
    const manifests = docs(
      OTHER_NS,
      grant('guesser', 'default', `[${READS_EVERY_SPEC}]`, 'cluster'),
      token('a-token', 'default', 'a'),
      token('b-token', 'other', 'b'),
    );
    expect(await stepsOf(manifests)).toEqual([
      [
        'RoleInScope:ClusterRole:guesser-role@cluster',
        'Scope:identity:sa-token-hidden@cluster',
      ],
    ]);
    expect(
      await evidenceOf(
        tokenBruteforce,
        { manifests },
        'ServiceAccount:default/guesser',
        'Scope:identity:sa-token-hidden@cluster',
      ),
    ).toEqual({
      reason: HIDDEN_REASON('every namespace'),
      permissions: [
        {
          verb: 'get',
          apiGroup: '',
          resource: 'secrets',
          binding: 'ClusterRoleBinding:guesser-binding',
          role: 'ClusterRole:guesser-role',
          rule: 0,
        },
      ],
      namespace: '*',
      targets: HIDDEN_TARGETS,
    });
  });
});
