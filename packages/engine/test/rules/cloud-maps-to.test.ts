import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@chokepoint/model';
import { cloudMapsTo } from '../../src/rules/cloud-maps-to.ts';
import {
  awsAuthMappings,
  templateMatcher,
} from '../../src/entities/aws-auth.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { evidenceOf } from './evidence-of.ts';

const ROLE = 'CloudIdentity:aws:arn:aws:iam::111122223333:role/';
const FIXTURE_EDGES: [string, string][] = [
  [`${ROLE}eks-node-role`, 'Group:system:bootstrappers'],
  [`${ROLE}eks-node-role`, 'Group:system:nodes'],
  [`${ROLE}eks-node-role`, 'User:system:node:ip-10-0-1-23.ec2.internal'],
  [`${ROLE}eks-node-role`, 'User:system:node:worker-1'],
  [`${ROLE}platform-admin`, 'Group:system:masters'],
  [`${ROLE}platform-admin`, 'User:platform-admin'],
  [
    'CloudIdentity:aws:arn:aws:iam::111122223333:user/alice',
    'Group:developers',
  ],
  ['CloudIdentity:aws:arn:aws:iam::111122223333:user/alice', 'User:alice'],
];

ruleTester(cloudMapsTo, {
  valid: [
    {
      name: 'EKS authentication mode API ignores the ConfigMap',
      manifests: await fixture('CLOUD_MAPS_TO'),
      policy: { eks: { authenticationMode: 'API' } },
    },
    {
      name: 'an aws-auth ConfigMap outside kube-system is not read',
      manifests: `apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: default }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::1:role/x
      groups: [system:masters]`,
    },
    {
      name: 'an entry without an ARN maps nothing',
      manifests: `apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: '- username: nobody'`,
    },
  ],
  invalid: [
    {
      name: 'the fixture: roles, users, templated node usernames (mode defaulted: medium)',
      manifests: await fixture('CLOUD_MAPS_TO'),
      edges: FIXTURE_EDGES.map(([from, to]) => [from, to, 'medium'] as const),
    },
    {
      name: 'the mode given in the policy: high',
      manifests: await fixture('CLOUD_MAPS_TO'),
      policy: { eks: { authenticationMode: 'CONFIG_MAP' } },
      edges: FIXTURE_EDGES.map(([from, to]) => [from, to, 'high'] as const),
    },
    {
      name: 'a templated session name reaches the users it can produce',
      manifests: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ci, namespace: default }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects:
- { kind: User, name: 'ci:deploy-bot' }
- { kind: User, name: 'cd:deploy-bot' }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: '[{"rolearn": "arn:aws:iam::1:role/ci", "username": "ci:{{SessionName}}"}]'`,
      edges: [
        [
          'CloudIdentity:aws:arn:aws:iam::1:role/ci',
          'User:ci:deploy-bot',
          'medium',
        ],
      ],
    },
  ],
});

describe('aws-auth reader', () => {
  const configMap = (mapRoles: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'aws-auth', namespace: 'kube-system' },
    data: { mapRoles },
  });

  it('reads block and flow group lists, quotes and comments', () => {
    const { mappings, problems } = awsAuthMappings(
      configMap(`  - rolearn: "arn:a" # the node role
    username: 'it''s'
    groups:
    - g1
    - "g2"
  - rolearn: arn:b
    groups: [g3, 'g4']
`),
    );
    expect(problems).toEqual([]);
    expect(mappings).toEqual([
      {
        key: 'mapRoles',
        entry: 0,
        arn: 'arn:a',
        username: "it's",
        groups: ['g1', 'g2'],
      },
      { key: 'mapRoles', entry: 1, arn: 'arn:b', groups: ['g3', 'g4'] },
    ]);
  });

  it('reports entries it cannot read instead of guessing', () => {
    const { mappings, problems } = awsAuthMappings(
      configMap('- username: x\n  groups: [a]\nnot yaml'),
    );
    expect(mappings).toEqual([]);
    expect(problems).toEqual([
      'data.mapRoles: line 3: expected key: value',
      'data.mapRoles[0]: no rolearn',
    ]);
  });

  it('matches templated usernames literally outside the placeholders', () => {
    const matcher = templateMatcher('system:node:{{EC2PrivateDNSName}}');
    expect(matcher.test('system:node:ip-10-0-0-1.ec2.internal')).toBe(true);
    expect(matcher.test('system:node:')).toBe(false);
    expect(matcher.test('xsystem:node:a')).toBe(false);
    expect(templateMatcher('a.{{SessionName}}').test('aXb')).toBe(false);
  });
});

describe('CLOUD_MAPS_TO evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('CLOUD_MAPS_TO');
    expect(
      await evidenceOf(
        cloudMapsTo,
        { manifests },
        'CloudIdentity:aws:arn:aws:iam::111122223333:role/eks-node-role',
        'User:system:node:ip-10-0-1-23.ec2.internal',
      ),
    ).toEqual({
      reason:
        'Whoever assumes this IAM role authenticates with a username of the form system:node:{{EC2PrivateDNSName}}, which produces this user.',
      object: 'ConfigMap:kube-system/aws-auth',
      fields: ['data.mapRoles[0]'],
      facts: [
        {
          fact: 'eks.authenticationMode',
          value: 'API_AND_CONFIG_MAP',
          source: 'defaulted',
        },
      ],
      usernameTemplate: 'system:node:{{EC2PrivateDNSName}}',
    });
    expect(
      await evidenceOf(
        cloudMapsTo,
        { manifests },
        'CloudIdentity:aws:arn:aws:iam::111122223333:role/eks-node-role',
        'Group:system:bootstrappers',
      ),
    ).toEqual({
      reason: 'Whoever assumes this IAM role authenticates with this group.',
      object: 'ConfigMap:kube-system/aws-auth',
      fields: ['data.mapRoles[0]'],
      facts: [
        {
          fact: 'eks.authenticationMode',
          value: 'API_AND_CONFIG_MAP',
          source: 'defaulted',
        },
      ],
    });
    expect(
      await evidenceOf(
        cloudMapsTo,
        { manifests },
        'CloudIdentity:aws:arn:aws:iam::111122223333:role/platform-admin',
        'User:platform-admin',
      ),
    ).toEqual({
      reason:
        'Whoever assumes this IAM role authenticates to the cluster as this user.',
      object: 'ConfigMap:kube-system/aws-auth',
      fields: ['data.mapRoles[1]'],
      facts: [
        {
          fact: 'eks.authenticationMode',
          value: 'API_AND_CONFIG_MAP',
          source: 'defaulted',
        },
      ],
    });
  });
});
