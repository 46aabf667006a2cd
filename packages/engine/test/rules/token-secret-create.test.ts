import { tokenSecretCreate } from '../../src/rules/token-secret-create.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import {
  grant,
  LIST,
  OTHER_NS,
  sa,
  terminatedDocs as docs,
} from '../rbac-manifests.ts';
const secret = (name: string): string => `apiVersion: v1
kind: Secret
type: Opaque
metadata: { name: ${name}, namespace: default }
`;

ruleTester(tokenSecretCreate, {
  valid: [
    {
      name: 'create without read-back',
      manifests: docs(
        grant(
          'c',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [create, update, patch] }]`,
        ),
      ),
    },
    {
      name: 'read-back without create',
      manifests: docs(
        grant(
          'c',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [get, list, watch] }]`,
        ),
      ),
    },
    {
      name: 'resourceNames never allow create',
      manifests: docs(
        grant(
          'c',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [create, get], resourceNames: [mine] }]`,
        ),
      ),
    },
    {
      name: 'get restricted to names that existing Secrets already use',
      manifests: docs(
        grant(
          'c',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [create] }, { apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [taken] }]`,
        ),
        secret('taken'),
      ),
    },
    {
      name: 'create in one namespace, read-back in another',
      manifests: docs(
        OTHER_NS,
        grant(
          'c',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [create] }]`,
        ),
        `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: list, namespace: other }
rules: ${LIST}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: list, namespace: other }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: list }
subjects: [{ kind: ServiceAccount, name: c, namespace: default }]
`,
        sa('x', 'other'),
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: create + get without names reaches every ServiceAccount of the namespace',
      manifests: docs(await fixture('TOKEN_SECRET_CREATE')),
      edges: [
        ['ServiceAccount:ci/creator-yes', 'ServiceAccount:ci/default', 'high'],
        [
          'ServiceAccount:ci/creator-yes',
          'ServiceAccount:ci/blind-creator-no',
          'high',
        ],
        [
          'ServiceAccount:ci/creator-yes',
          'ServiceAccount:ci/creator-yes',
          'high',
        ],
        ['ServiceAccount:ci/creator-yes', 'ServiceAccount:ci/deployer', 'high'],
      ],
    },
    {
      name: 'get restricted to a name no Secret uses: the attacker creates the Secret under that name',
      manifests: docs(
        grant(
          'c',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [create] }, { apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [taken, free] }]`,
        ),
        secret('taken'),
        sa('app'),
      ),
      edges: [
        ['ServiceAccount:default/c', 'ServiceAccount:default/default'],
        ['ServiceAccount:default/c', 'ServiceAccount:default/app'],
        ['ServiceAccount:default/c', 'ServiceAccount:default/c'],
      ],
    },
    {
      name: 'a ClusterRoleBinding with create and watch: every namespace',
      manifests: docs(
        OTHER_NS,
        grant(
          'c',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [create, watch] }]`,
          'cluster',
        ),
        sa('x', 'other'),
      ),
      edges: [
        ['ServiceAccount:default/c', 'ServiceAccount:default/default'],
        ['ServiceAccount:default/c', 'ServiceAccount:other/default'],
        ['ServiceAccount:default/c', 'ServiceAccount:default/c'],
        ['ServiceAccount:default/c', 'ServiceAccount:other/x'],
      ],
    },
  ],
});
