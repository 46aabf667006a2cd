import { describe, expect, it } from 'vitest';
import { awsAuthPatch } from '../../src/rules/aws-auth-patch.ts';
import { buildAttackGraph } from '../../src/build-graph.ts';
import { fixture, snapshotOf } from '../manifests.ts';
import { edgesOfKind, graphFor, ruleTester } from '../rule-tester.ts';
import { grant, terminatedDocs as docs } from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

const KUBE_SYSTEM = `apiVersion: v1
kind: Namespace
metadata: { name: kube-system }
`;
const AWS_AUTH = `apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data: { mapRoles: '[]' }
`;
const PATCH = `[{ apiGroups: [''], resources: [configmaps], verbs: [patch], resourceNames: [aws-auth] }]`;

ruleTester(awsAuthPatch, {
  valid: [
    {
      name: 'EKS authentication mode API ignores aws-auth',
      policy: { eks: { authenticationMode: 'API' } },
      manifests: docs(await fixture('AWS_AUTH_PATCH')),
    },
    {
      name: 'no aws-auth ConfigMap in manifest input (not a live EKS snapshot): no edge',
      manifests: docs(
        KUBE_SYSTEM,
        grant(
          'p',
          'kube-system',
          `[{ apiGroups: [''], resources: [configmaps], verbs: [create, update, patch] }]`,
        ),
      ),
    },
    {
      name: 'patch configmaps in another namespace, and get alone',
      manifests: docs(
        KUBE_SYSTEM,
        AWS_AUTH,
        grant(
          'p',
          'default',
          `[{ apiGroups: [''], resources: [configmaps], verbs: [patch, update] }]`,
        ),
        grant(
          'g',
          'kube-system',
          `[{ apiGroups: [''], resources: [configmaps], verbs: [get, list, watch] }]`,
        ),
      ),
    },
    {
      name: 'create does not modify an existing ConfigMap',
      manifests: docs(
        KUBE_SYSTEM,
        AWS_AUTH,
        grant(
          'p',
          'kube-system',
          `[{ apiGroups: [''], resources: [configmaps], verbs: [create] }]`,
        ),
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: patch aws-auth by name, medium with the mode defaulted',
      manifests: docs(await fixture('AWS_AUTH_PATCH')),
      edges: [
        [
          'ServiceAccount:kube-system/patcher-yes',
          'Group:system:masters',
          'medium',
        ],
      ],
    },
    {
      name: 'update through a ClusterRoleBinding, high with the mode given',
      policy: { eks: { authenticationMode: 'CONFIG_MAP' } },
      manifests: docs(
        KUBE_SYSTEM,
        AWS_AUTH,
        grant(
          'u',
          'default',
          `[{ apiGroups: [''], resources: [configmaps], verbs: [update] }]`,
          'cluster',
        ),
        grant('p', 'kube-system', PATCH),
      ),
      edges: [
        ['ServiceAccount:default/u', 'Group:system:masters', 'high'],
        ['ServiceAccount:kube-system/p', 'Group:system:masters', 'high'],
      ],
    },
    {
      name: 'with the bootstrap policy: root-ca-cert-publisher and generic-garbage-collector (expected.md 5)',
      manifests: `${KUBE_SYSTEM}---
${AWS_AUTH}`,
      edges: [
        ['Group:system:masters', 'Group:system:masters', 'medium'],
        [
          'ServiceAccount:kube-system/generic-garbage-collector',
          'Group:system:masters',
          'medium',
        ],
        [
          'ServiceAccount:kube-system/root-ca-cert-publisher',
          'Group:system:masters',
          'medium',
        ],
      ],
    },
  ],
});

describe('AWS_AUTH_PATCH evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('AWS_AUTH_PATCH');
    expect(
      await evidenceOf(
        awsAuthPatch,
        { manifests },
        'ServiceAccount:kube-system/patcher-yes',
        'Group:system:masters',
      ),
    ).toEqual({
      reason:
        'Can patch ConfigMap kube-system/aws-auth and map an AWS principal it controls to system:masters.',
      permissions: [
        {
          verb: 'patch',
          apiGroup: '',
          resource: 'configmaps',
          namespace: 'kube-system',
          name: 'aws-auth',
          binding: 'RoleBinding:kube-system/patcher-yes',
          role: 'Role:kube-system/edit-aws-auth',
          rule: 0,
        },
      ],
      configMap: 'ConfigMap:kube-system/aws-auth',
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
        awsAuthPatch,
        { manifests },
        'ServiceAccount:kube-system/root-ca-cert-publisher',
        'Group:system:masters',
      ),
    ).toEqual({
      reason:
        'Can update ConfigMap kube-system/aws-auth and map an AWS principal it controls to system:masters.',
      permissions: [
        {
          verb: 'update',
          apiGroup: '',
          resource: 'configmaps',
          namespace: 'kube-system',
          name: 'aws-auth',
          binding:
            'ClusterRoleBinding:system:controller:root-ca-cert-publisher',
          role: 'ClusterRole:system:controller:root-ca-cert-publisher',
          rule: 0,
          assumedDefault: true,
        },
      ],
      configMap: 'ConfigMap:kube-system/aws-auth',
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

describe('AWS_AUTH_PATCH on a live EKS cluster without the ConfigMap', () => {
  const CREATE = `[{ apiGroups: [''], resources: [configmaps], verbs: [create] }]`;
  const node = (labels: string) => `apiVersion: v1
kind: Node
metadata: { name: n1, labels: { kubernetes.io/os: linux${labels} } }
`;
  async function live(manifests: string) {
    const read = await snapshotOf(manifests);
    const snapshot = {
      ...read,
      collection: { ...read.collection, method: 'live' as const },
    };
    return buildAttackGraph(snapshot, { AWS_AUTH_PATCH: awsAuthPatch }).graph;
  }

  it('creating it in kube-system maps a principal to system:masters', async () => {
    const graph = await live(
      docs(
        KUBE_SYSTEM,
        node(', eks.amazonaws.com/nodegroup: ng-1'),
        grant('p', 'kube-system', CREATE),
      ),
    );
    expect(edgesOfKind(graph, 'AWS_AUTH_PATCH')).toEqual([
      ['ServiceAccount:kube-system/p', 'Group:system:masters', 'medium'],
    ]);
    const [edge] = graph.filterEdges(
      (_key, attributes) => attributes.kind === 'AWS_AUTH_PATCH',
    );
    expect(graph.getEdgeAttribute(edge ?? '', 'evidence')).toEqual({
      reason:
        'Can create the missing ConfigMap kube-system/aws-auth on this EKS cluster and map an AWS principal it controls to system:masters.',
      permissions: [
        {
          verb: 'create',
          apiGroup: '',
          resource: 'configmaps',
          namespace: 'kube-system',
          name: 'aws-auth',
          binding: 'RoleBinding:kube-system/p-binding',
          role: 'Role:kube-system/p-role',
          rule: 0,
        },
      ],
      configMap: 'ConfigMap:kube-system/aws-auth',
      facts: [
        {
          fact: 'eks.authenticationMode',
          value: 'API_AND_CONFIG_MAP',
          source: 'defaulted',
        },
      ],
    });
  });

  it('not on another provider, and not from manifests', async () => {
    expect(
      edgesOfKind(
        await live(
          docs(KUBE_SYSTEM, node(''), grant('p', 'kube-system', CREATE)),
        ),
        'AWS_AUTH_PATCH',
      ),
    ).toEqual([]);
    const graph = await graphFor(awsAuthPatch, {
      name: '',
      manifests: docs(
        KUBE_SYSTEM,
        node(', eks.amazonaws.com/nodegroup: ng-1'),
        grant('p', 'kube-system', CREATE),
      ),
    });
    expect(edgesOfKind(graph, 'AWS_AUTH_PATCH')).toEqual([]);
  });
});
