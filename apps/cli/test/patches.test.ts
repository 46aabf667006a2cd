import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { stepFiles } from '../src/output/patches.ts';

const ROLE_BINDING = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'reporter-secrets', namespace: 'reports' },
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
});
