import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { stepFiles } from '../src/output/patches.ts';

const ROLE_BINDING = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: {
    name: 'reporter-secrets',
    namespace: 'reports',
    labels: { 'gatekeeper.sh/system': 'yes' },
  },
  roleRef: {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: 'secret-reader',
  },
  subjects: [
    { kind: 'ServiceAccount', name: 'reporter', namespace: 'reports' },
  ],
};

describe('the step of a multi-object fix', () => {
  it('creates the objects of fix.also from their own files before it deletes the ClusterRoleBinding', () => {
    const files = stepFiles(
      {
        id: 'delete:ClusterRoleBinding:reporter-secrets#to-rolebindings',
        action: 'delete',
        target: 'ClusterRoleBinding:reporter-secrets',
        also: [
          {
            action: 'create',
            target: 'RoleBinding:reports/reporter-secrets',
            object: ROLE_BINDING,
          },
        ],
        description: 'replace it by RoleBindings',
      },
      { number: 3, of: 4, exposedAfter: 0 },
      () => undefined,
    );
    expect(files.map(f => f.name)).toEqual([
      '03-delete-clusterrolebinding-reporter-secrets-also-1.yaml',
      '03-delete-clusterrolebinding-reporter-secrets.sh',
    ]);
    expect(parse(files[0]?.content ?? '')).toEqual(ROLE_BINDING);
    // kubectl reads YAML 1.1, where a bare `yes` is a boolean the API server refuses as a label.
    expect(files[0]?.content).toContain('gatekeeper.sh/system: "yes"');
    const script = files[1]?.content ?? '';
    const apply = script.indexOf(
      '$KUBECTL apply -f 03-delete-clusterrolebinding-reporter-secrets-also-1.yaml $DRY',
    );
    const remove = script.indexOf(
      '$KUBECTL delete clusterrolebindings.rbac.authorization.k8s.io/reporter-secrets $DRY',
    );
    expect(apply).toBeGreaterThan(0);
    expect(remove).toBeGreaterThan(apply);
  });

  it('patches a workload part strategically, naming only the changed container, and deletes the pods the fix replaces', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'router', namespace: 'edge' },
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'controller', image: 'c:1', args: ['--a'] },
              { name: 'sidecar', image: 's:1' },
            ],
          },
        },
      },
    };
    const files = stepFiles(
      {
        id: 'delete:ClusterRoleBinding:router#to-rolebindings',
        action: 'delete',
        target: 'ClusterRoleBinding:router',
        also: [
          {
            action: 'patch',
            target: 'Deployment:edge/router',
            patch: {
              spec: {
                template: {
                  spec: {
                    containers: [
                      {
                        name: 'controller',
                        image: 'c:1',
                        args: ['--a', '--watch-namespace=edge'],
                      },
                      { name: 'sidecar', image: 's:1' },
                    ],
                  },
                },
              },
            },
          },
        ],
        replaces: ['Pod:edge/router-abc'],
        description: 'scope it',
      },
      { number: 1, of: 1, exposedAfter: 0 },
      id => (id === 'Deployment:edge/router' ? deployment : undefined),
    );
    const part = files.find(f => f.name.endsWith('-also-1.yaml'));
    // The live object keeps the fields a minimal snapshot lacks.
    expect(parse(part?.content ?? '')).toEqual({
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'controller', args: ['--a', '--watch-namespace=edge'] },
            ],
          },
        },
      },
    });
    const script = files.find(f => f.name.endsWith('.sh'))?.content ?? '';
    expect(script).toContain(
      '$KUBECTL patch deployments.apps/router -n edge --type strategic --patch-file 01-delete-clusterrolebinding-router-also-1.yaml $DRY',
    );
    expect(script).toContain(
      '$KUBECTL delete pods -n edge router-abc --ignore-not-found $GRACE $DRY',
    );
  });

  it('checks client-side, in a dry run, what goes into a namespace the step itself creates (the API server has no such namespace yet)', () => {
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'ca-writer', namespace: 'webhook-ca' },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }],
    };
    const files = stepFiles(
      {
        id: 'delete:RoleBinding:certs/ca-writer#secret-in-namespace-webhook-ca',
        action: 'delete',
        target: 'RoleBinding:certs/ca-writer',
        also: [
          {
            action: 'create',
            target: 'Namespace:webhook-ca',
            object: {
              apiVersion: 'v1',
              kind: 'Namespace',
              metadata: { name: 'webhook-ca' },
            },
          },
          {
            action: 'create',
            target: 'Role:webhook-ca/ca-writer',
            object: role,
          },
          { action: 'delete', target: 'Role:certs/ca-writer' },
        ],
        description: 'move the Secret',
      },
      { number: 1, of: 1, exposedAfter: 0 },
      () => undefined,
    );
    const script = files.find(f => f.name.endsWith('.sh'))?.content ?? '';
    const lines = script.split('\n');
    expect(lines).toContain(
      '$KUBECTL apply -f 01-delete-rolebinding-certs-ca-writer-also-1.yaml $DRY',
    );
    expect(lines).toContain(
      '$KUBECTL apply -f 01-delete-rolebinding-certs-ca-writer-also-2.yaml ${DRY_RUN:+--dry-run=client}',
    );
    expect(lines).toContain(
      '$KUBECTL delete roles.rbac.authorization.k8s.io/ca-writer -n certs $DRY',
    );
  });
});
